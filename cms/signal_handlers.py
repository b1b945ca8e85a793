"""Invalidate the anonymous page cache when something a buyer sees changes, no wider than needed.

Each change bumps the counters (see ``cms.cache``) of the pages that show it:

- a product, variant, price, photo, stock row or reservation: its store, its category and ``catalog``;
- stock moved by the order services with bulk updates (allocation, release, shipping), which send no
  ``post_save``: the same, through ``catalog.signals.stock_changed``;
- a store's own content page published or unpublished: its store;
- everything else that shows on many pages (a storefront page itself, marketplace pages, page moves and
  deletions, stores, channels, categories, featured collections, sites, view restrictions): ``all``.

Connected in ``CmsConfig.ready``.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from catalog.signals import stock_changed

from .cache import ALL, CATALOG, bump, category_dependency, store_dependency

# Shown on pages of many stores, or changing what every page looks like.
EVERYWHERE_MODELS = [
    ("catalog", "Store"),
    ("catalog", "Category"),
    ("catalog", "Channel"),
    ("catalog", "FeaturedCollection"),
    ("catalog", "FeaturedCollectionItem"),
    ("wagtailcore", "Site"),
    ("wagtailcore", "PageViewRestriction"),
]


def invalidate(sender=None, **kwargs):
    bump(ALL)


def _bump_products(rows) -> None:
    """``rows``: (store_id, category_id) pairs of the products touched."""
    rows = set(rows)
    if not rows:  # the product is already gone (cascade): its pages are unknown, so all of them
        bump(ALL)
        return
    names = {CATALOG}
    for store_id, category_id in rows:
        names.add(store_dependency(store_id))
        if category_id:
            names.add(category_dependency(category_id))
    bump(*names)


def _product_rows(**lookup):
    Product = apps.get_model("catalog", "Product")
    return Product.objects.filter(**lookup).values_list("store_id", "category_id").distinct()


def product_changed(sender, instance, **kwargs):
    rows = {(instance.store_id, instance.category_id)}
    previous = getattr(instance, "_opop_previous_category_id", None)
    if previous and previous != instance.category_id:  # it left that category's "related" cards too
        rows.add((instance.store_id, previous))
    _bump_products(rows)


def remember_previous_category(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw:
        instance._opop_previous_category_id = (
            sender.objects.filter(pk=instance.pk).values_list("category_id", flat=True).first()
        )


def product_part_changed(sender, instance, **kwargs):
    """Variant and ProductImage (product_id) or VariantPrice (variant_id)."""
    if hasattr(instance, "product_id"):
        _bump_products(_product_rows(pk=instance.product_id))
    else:
        _bump_products(_product_rows(variants__pk=instance.variant_id))


def _bump_stock_rows(stock_rows) -> None:
    """``stock_rows``: (store_id, sku) pairs."""
    from django.db.models import Q

    stock_rows = set(stock_rows)
    if not stock_rows:
        return
    match = Q()
    for store_id, sku in stock_rows:
        match |= Q(store_id=store_id, variants__sku=sku)
    rows = set(_product_rows().filter(match))
    rows |= {(store_id, None) for store_id, _sku in stock_rows}  # a SKU no product uses yet still is its store's
    _bump_products(rows)


def stock_row_changed(sender, instance, **kwargs):
    _bump_stock_rows([(instance.store_id, instance.sku)])


def stock_moved(sender, stock_ids=(), **kwargs):
    Stock = apps.get_model("catalog", "Stock")
    _bump_stock_rows(Stock.objects.filter(pk__in=list(stock_ids)).values_list("store_id", "sku"))


def reservation_changed(sender, instance, **kwargs):
    stock_moved(sender, stock_ids=[instance.stock_id])


def page_changed(sender, instance, **kwargs):
    """A store's own content page touches only that store's pages; anything else may show anywhere."""
    StorefrontPage = apps.get_model("cms", "StorefrontPage")
    if isinstance(instance.specific_deferred, StorefrontPage):
        bump(ALL)  # its title, logo and liveness show on the home, the directory and other stores' cards
        return
    store_id = StorefrontPage.objects.ancestor_of(instance).values_list("store_id", flat=True).first()
    bump(store_dependency(store_id) if store_id else ALL)


def snippet_published(sender, instance, **kwargs):
    if isinstance(instance, Page):  # Wagtail sends both signals for pages: ``page_changed`` has it
        return
    if instance._meta.label == "catalog.Product":
        product_changed(sender, instance)
    else:
        bump(ALL)


def connect():
    page_published.connect(page_changed, dispatch_uid="opop_cache_page_published")
    page_unpublished.connect(page_changed, dispatch_uid="opop_cache_page_unpublished")
    post_page_move.connect(invalidate, dispatch_uid="opop_cache_page_moved")
    post_delete.connect(invalidate, sender=apps.get_model("wagtailcore", "Page"), dispatch_uid="opop_cache_page_deleted")
    published.connect(snippet_published, dispatch_uid="opop_cache_published")
    unpublished.connect(snippet_published, dispatch_uid="opop_cache_unpublished")
    stock_changed.connect(stock_moved, dispatch_uid="opop_cache_stock_moved")

    def watch(app_label, model_name, handler):
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            return
        uid = f"opop_cache_{app_label}_{model_name}"
        post_save.connect(handler, sender=model, dispatch_uid=uid + "_save", weak=False)
        post_delete.connect(handler, sender=model, dispatch_uid=uid + "_delete", weak=False)

    for app_label, model_name in EVERYWHERE_MODELS:
        watch(app_label, model_name, invalidate)
    watch("catalog", "Product", product_changed)
    pre_save.connect(
        remember_previous_category, sender=apps.get_model("catalog", "Product"), dispatch_uid="opop_cache_product_pre"
    )
    for model_name in ("Variant", "VariantPrice", "ProductImage"):
        watch("catalog", model_name, product_part_changed)
    watch("catalog", "Stock", stock_row_changed)
    watch("checkout", "Reservation", reservation_changed)
