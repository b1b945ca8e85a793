from .application import ApplicationStatus, StoreApplication
from .campaign import Campaign, CampaignSource, CampaignVisitDay
from .category import Category
from .channel import Channel
from .curation import FeaturedCollection, FeaturedCollectionItem
from .imports import ImportJob, ImportMode, ImportStatus
from .listing import ProductListing
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
from .wishlist import StockAlert, WishlistItem

__all__ = [
    "ApplicationStatus",
    "Attribute",
    "AttributeValue",
    "Campaign",
    "CampaignSource",
    "CampaignVisitDay",
    "Category",
    "Channel",
    "FeaturedCollection",
    "FeaturedCollectionItem",
    "ImportJob",
    "ImportMode",
    "ImportStatus",
    "Product",
    "ProductImage",
    "ProductListing",
    "ProductQuerySet",
    "ProductType",
    "Stock",
    "StockAlert",
    "Store",
    "StoreApplication",
    "StoreOwned",
    "StoreQuerySet",
    "Variant",
    "VariantPrice",
    "WishlistItem",
]
