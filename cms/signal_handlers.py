"""Invalidate the anonymous page cache when anything a buyer sees changes.

One generation bump makes every cached page stale (see ``cms.cache``). Connected in ``CmsConfig.ready``.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, published, unpublished

from .cache import bump_generation

# (app_label, model) whose changes show on buyer pages.
WATCHED_MODELS = [
    ("catalog", "Product"),
    ("catalog", "Variant"),
    ("catalog", "VariantPrice"),
    ("catalog", "ProductImage"),
    ("catalog", "Stock"),
    ("catalog", "Store"),
    ("catalog", "Category"),
    ("catalog", "Channel"),
    ("catalog", "FeaturedCollection"),
    ("catalog", "FeaturedCollectionItem"),
    ("checkout", "Reservation"),
    ("wagtailcore", "Page"),
    ("wagtailcore", "Site"),
]


def invalidate(sender=None, **kwargs):
    bump_generation()


def connect():
    page_published.connect(invalidate, dispatch_uid="opop_cache_page_published")
    page_unpublished.connect(invalidate, dispatch_uid="opop_cache_page_unpublished")
    published.connect(invalidate, dispatch_uid="opop_cache_published")
    unpublished.connect(invalidate, dispatch_uid="opop_cache_unpublished")
    for app_label, model_name in WATCHED_MODELS:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        uid = f"opop_cache_{app_label}_{model_name}"
        post_save.connect(invalidate, sender=model, dispatch_uid=uid + "_save", weak=False)
        post_delete.connect(invalidate, sender=model, dispatch_uid=uid + "_delete", weak=False)
