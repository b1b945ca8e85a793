"""Invalidate the anonymous page cache when something a buyer sees changes, no wider than needed.

Each change bumps the counters (see ``cms.cache``) of the pages that show it:

- a product, variant, price, photo, stock row or reservation: its store, its category and ``catalog``;
- stock moved by the order services with bulk updates (allocation, release, shipping), which send no
  ``post_save``: the same, through ``catalog.signals.stock_changed``; products written in bulk by an import:
  the same, through ``catalog.signals.products_changed``;
- a store's own content page published or unpublished: its store;
- a photo whose file is replaced or whose focal point moves (Wagtail deletes its renditions, so a cached page would
  show missing images), or that is deleted: the products showing it; ``all`` when it is also a store's logo, a
  storefront's logo or banner, or used on any other page (Wagtail's reference index). A new upload shows nowhere yet;
- a store's shipping rates (``catalog.signals.shipping_rates_changed``): its store and ``catalog`` (the product
  feeds carry them);
- a product's reviews (``catalog.signals.product_reviews_changed``: a review written, hidden, shown, replied to):
  its store, whose counter the product page depends on (the reviews show on no other page);
- everything else that shows on many pages (a storefront page itself, marketplace pages, page moves and
  deletions, stores, channels, categories, featured collections, sites, view restrictions): ``all``.

Connected in ``CmsConfig.ready``.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.models import Page, ReferenceIndex, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from catalog.services.listings import pairs_match, refresh_store
from catalog.signals import product_reviews_changed, products_changed, shipping_rates_changed, stock_changed

from . import frontend_cache
from .cache import ALL, CATALOG, bump, category_dependency, store_dependency
from .routing import forget_routes

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


def _product_ids(**lookup):
    Product = apps.get_model("catalog", "Product")
    return Product.objects.filter(**lookup).values_list("pk", flat=True).distinct()


def product_changed(sender, instance, **kwargs):
    frontend_cache.purge_products([instance.pk])
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
        frontend_cache.purge_products([instance.product_id])
        _bump_products(_product_rows(pk=instance.product_id))
    else:
        if frontend_cache.enabled():
            frontend_cache.purge_products(_product_ids(variants__pk=instance.variant_id))
        _bump_products(_product_rows(variants__pk=instance.variant_id))


def _shown_beyond_products(image) -> bool:
    Store = apps.get_model("catalog", "Store")
    StorefrontPage = apps.get_model("cms", "StorefrontPage")
    if Store.objects.filter(logo_id=image.pk).exists():
        return True
    if StorefrontPage.objects.filter(Q(logo_id=image.pk) | Q(banner_id=image.pk)).exists():
        return True
    product_type = ContentType.objects.get_for_model(apps.get_model("catalog", "Product"))
    return ReferenceIndex.get_references_to(image).exclude(base_content_type=product_type).exists()


def image_changed(sender, instance, created=False, raw=False, **kwargs):
    """post_save and pre_delete of the image model (pre: a store's logo is set to null by the deletion)."""
    if created or raw:
        return
    product_ids = list(_product_ids(images__image_id=instance.pk))
    frontend_cache.purge_products(product_ids)
    if _shown_beyond_products(instance):
        bump(ALL)
    elif product_ids:
        _bump_products(_product_rows(pk__in=product_ids))


def _bump_stock_rows(stock_rows) -> None:
    """``stock_rows``: (store_id, sku) pairs."""
    stock_rows = set(stock_rows)
    if not stock_rows:
        return
    match = pairs_match(stock_rows, sku="variants__sku")
    if frontend_cache.enabled():
        frontend_cache.purge_products(_product_ids().filter(match))
    rows = set(_product_rows().filter(match))
    rows |= {(store_id, None) for store_id, _sku in stock_rows}  # a SKU no product uses yet still is its store's
    _bump_products(rows)


def stock_row_changed(sender, instance, **kwargs):
    _bump_stock_rows([(instance.store_id, instance.sku)])


def stock_moved(sender, stock_ids=(), **kwargs):
    Stock = apps.get_model("catalog", "Stock")
    _bump_stock_rows(Stock.objects.filter(pk__in=list(stock_ids)).values_list("store_id", "sku"))


def products_written(sender, product_ids=(), **kwargs):
    """Products written in bulk (an import): the pages of their stores and categories."""
    ids = list(product_ids)
    if not ids:
        return
    if frontend_cache.enabled():
        frontend_cache.purge_products(ids)
    _bump_products(_product_rows(pk__in=ids))


def reservation_changed(sender, instance, **kwargs):
    stock_moved(sender, stock_ids=[instance.stock_id])


def shipping_changed(sender, store_id=None, **kwargs):
    """The feeds carry the store's rates: its own feed (``store:<id>``) and the marketplace's (``catalog``)."""
    bump(store_dependency(store_id), CATALOG)


def reviews_changed(sender, product_id=None, **kwargs):
    frontend_cache.purge_products([product_id])
    store_ids = {store_id for store_id, _category in _product_rows(pk=product_id)}
    if not store_ids:  # the product is gone: its page is a 404 already; refresh everything to be safe
        bump(ALL)
        return
    bump(*(store_dependency(store_id) for store_id in store_ids))


def page_changed(sender, instance, **kwargs):
    """A store's own content page touches only that store's pages; anything else may show anywhere."""
    StorefrontPage = apps.get_model("cms", "StorefrontPage")
    specific = instance.specific_deferred
    if isinstance(specific, StorefrontPage):
        refresh_store(specific.store_id)  # its liveness decides whether the store's products are listed
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


def page_saved(sender, instance, raw=False, **kwargs):
    if isinstance(instance, Page):
        forget_routes()


def connect_routes():
    """The route map (``cms.routing``) is rebuilt after anything that changes how a URL resolves.

    ``page_saved`` is connected per page model (``sender=``), not to every model: a ``post_delete`` receiver
    without a sender makes Django's deletion collector fetch the rows of every ``delete()`` (a cart's lines, say)
    before deleting them, one SELECT more per delete, only to send the signal.
    """
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget_routes, dispatch_uid=f"opop_routes_{id(signal)}")
    for model in get_page_models():
        uid = f"opop_routes_{model._meta.label_lower}"
        post_save.connect(page_saved, sender=model, dispatch_uid=uid + "_saved")
        post_delete.connect(page_saved, sender=model, dispatch_uid=uid + "_deleted")
    for model_name in ("Site", "PageViewRestriction"):
        model = apps.get_model("wagtailcore", model_name)
        post_save.connect(forget_routes, sender=model, dispatch_uid=f"opop_routes_{model_name}_save")
        post_delete.connect(forget_routes, sender=model, dispatch_uid=f"opop_routes_{model_name}_delete")


def connect():
    connect_routes()
    page_published.connect(page_changed, dispatch_uid="opop_cache_page_published")
    page_unpublished.connect(page_changed, dispatch_uid="opop_cache_page_unpublished")
    post_page_move.connect(invalidate, dispatch_uid="opop_cache_page_moved")
    post_delete.connect(invalidate, sender=apps.get_model("wagtailcore", "Page"), dispatch_uid="opop_cache_page_deleted")
    published.connect(snippet_published, dispatch_uid="opop_cache_published")
    unpublished.connect(snippet_published, dispatch_uid="opop_cache_unpublished")
    stock_changed.connect(stock_moved, dispatch_uid="opop_cache_stock_moved")
    product_reviews_changed.connect(reviews_changed, dispatch_uid="opop_cache_reviews_changed")
    products_changed.connect(products_written, dispatch_uid="opop_cache_products_written")
    shipping_rates_changed.connect(shipping_changed, dispatch_uid="opop_cache_shipping_rates_changed")

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
    image_model = apps.get_model(settings.WAGTAILIMAGES_IMAGE_MODEL)
    post_save.connect(image_changed, sender=image_model, dispatch_uid="opop_cache_image_save")
    pre_delete.connect(image_changed, sender=image_model, dispatch_uid="opop_cache_image_delete")
    watch("checkout", "Reservation", reservation_changed)
