"""Purging a CDN or Varnish in front of the shop when the pages it keeps change (``wagtail.contrib.frontend_cache``).

Only when a frontend cache is configured (``WAGTAILFRONTENDCACHE``; ``OPOP_FRONTEND_CACHE_URL`` sets an HTTP PURGE
backend, e.g. Varnish): otherwise nothing here runs a query. After the transaction commits, a change to a product
(its variants, prices, photos, stock or reservations) purges its page, its storefront and the storefront's
listing, its category page, the home and the store directory. Published or unpublished pages are purged by
Wagtail's own handlers (``StorefrontPage.get_cached_paths`` adds the listing route). Listing URLs with query
parameters (filters, search, page numbers) cannot be named one by one: shared caches keep them for
``OPOP_CDN_QUERY_SECONDS`` (``cms.cache.shared_max_age``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Site

from catalog.models import Product


def enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None) or getattr(settings, "WAGTAILFRONTENDCACHE_LOCATION", None))


def product_urls(product_ids: Iterable[int]) -> set[str]:
    site = Site.objects.filter(is_default_site=True).first()
    root = site.root_url if site else ""
    urls = {f"{root}/", f"{root}{reverse('opop_store_directory')}"}
    products = Product.objects.filter(pk__in=list(product_ids)).select_related("store__storefront", "category")
    for product in products:
        storefront = getattr(product.store, "storefront", None)
        base = storefront.get_full_url() if storefront is not None else None
        if base:
            urls |= {base, f"{base}produk/", f"{base}p/{product.slug}/"}
        if product.category_id:
            urls.add(f"{root}{reverse('opop_category', args=[product.category.slug])}")
    return urls


def purge_products(product_ids: Iterable[int]) -> None:
    """Purge the pages that show these products, once the current transaction has committed."""
    if not enabled():
        return
    ids = list({i for i in product_ids if i})
    if ids:
        transaction.on_commit(lambda: purge_urls_from_cache(sorted(product_urls(ids))))
