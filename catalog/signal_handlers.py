"""Signal wiring for the catalog (cache invalidation etc. is added here, never in model.save()).

Listing rows (``catalog.services.listings``) follow every change to what cards and filters show, inside the
transaction that makes it. Bulk stock moves in the checkout services send ``catalog.signals.stock_changed``.
A stock change also wakes the back-in-stock alerts of the variants it made available
(``catalog.services.stock_alerts``); a login merges the guest's saved products (``catalog.services.wishlist``).
"""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save

from .categories import forget_categories
from .channels import forget_channels
from .models import Category, Channel, Product, ProductImage, Stock, Store, Variant, VariantPrice
from .services import listings, stock_alerts, wishlist
from .signals import stock_changed

post_save.connect(forget_channels, sender=Channel, dispatch_uid="opop_forget_channels_on_save")
post_delete.connect(forget_channels, sender=Channel, dispatch_uid="opop_forget_channels_on_delete")
post_save.connect(forget_categories, sender=Category, dispatch_uid="opop_forget_categories_on_save")
post_delete.connect(forget_categories, sender=Category, dispatch_uid="opop_forget_categories_on_delete")


def product_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        listings.refresh_products([instance.pk])


def product_part_changed(sender, instance, raw=False, **kwargs):
    """Variant and ProductImage carry ``product_id``; VariantPrice carries ``variant_id``."""
    if raw:
        return
    if hasattr(instance, "product_id"):
        listings.refresh_products([instance.product_id])
    else:
        listings.refresh_products(Variant.objects.filter(pk=instance.variant_id).values_list("product_id", flat=True))


def stock_row_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        listings.refresh_skus([(instance.store_id, instance.sku)])


def stock_row_saved(sender, instance, raw=False, **kwargs):
    stock_row_changed(sender, instance, raw=raw)
    if not raw:
        stock_alerts.notify_restocked([(instance.store_id, instance.sku)])


def stock_moved(sender, stock_ids=(), units_left=None, **kwargs):
    if units_left is None:
        listings.refresh_stock(stock_ids)
        stock_alerts.notify_restocked_stock(stock_ids)
        return
    # Units were only taken: a product's "in stock" can only turn off where a row has nothing left.
    emptied = [pk for pk in stock_ids if units_left.get(pk, 0) <= 0]
    if emptied:
        listings.refresh_stock(emptied)


def store_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        listings.refresh_store(instance.pk)


post_save.connect(product_saved, sender=Product, dispatch_uid="opop_listing_product")
for _model in (Variant, VariantPrice, ProductImage):
    post_save.connect(product_part_changed, sender=_model, dispatch_uid=f"opop_listing_{_model.__name__}_save")
    post_delete.connect(product_part_changed, sender=_model, dispatch_uid=f"opop_listing_{_model.__name__}_delete")
post_save.connect(stock_row_saved, sender=Stock, dispatch_uid="opop_listing_stock_save")
post_delete.connect(stock_row_changed, sender=Stock, dispatch_uid="opop_listing_stock_delete")
post_save.connect(store_saved, sender=Store, dispatch_uid="opop_listing_store")
stock_changed.connect(stock_moved, dispatch_uid="opop_listing_stock_moved")
user_logged_in.connect(wishlist.merge_session_wishlist, dispatch_uid="opop_wishlist_merge_at_login")
