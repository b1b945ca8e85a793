from .category import Category
from .channel import Channel
from .curation import FeaturedCollection, FeaturedCollectionItem
from .product import (
    Attribute,
    AttributeValue,
    Product,
    ProductImage,
    ProductQuerySet,
    ProductType,
    Variant,
    VariantPrice,
)
from .stock import Stock
from .store import Store, StoreOwned, StoreQuerySet

__all__ = [
    "Attribute",
    "AttributeValue",
    "Category",
    "Channel",
    "FeaturedCollection",
    "FeaturedCollectionItem",
    "Product",
    "ProductImage",
    "ProductQuerySet",
    "ProductType",
    "Stock",
    "Store",
    "StoreOwned",
    "StoreQuerySet",
    "Variant",
    "VariantPrice",
]
