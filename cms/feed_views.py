"""Product feed URLs (``cms.feeds``): ``/feeds/<channel>/google.xml`` and ``/feeds/<channel>/meta.csv`` for the
whole marketplace, ``/feeds/<channel>/<store>/google.xml`` and ``.../meta.csv`` for one store.

Each response carries an ETag made of the page cache's generation counters for what it lists (``catalog`` for the
marketplace, ``store:<id>`` for one store), so a fetcher that sends it back gets a 304 until a product, price or
stock of those changes, without a query; shared caches (a CDN) may keep it for the page-cache lifetime.
"""

from __future__ import annotations

from django.http import HttpResponseNotModified, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from catalog.models import Channel, Store

from . import feeds
from .cache import ALL, CATALOG, cache_timeout, generation_tag, store_dependency

FORMATS = {
    "google": ("application/rss+xml; charset=utf-8", "xml"),
    "meta": ("text/csv; charset=utf-8", "csv"),
}


def _etag(store: Store | None) -> str:
    dependency = store_dependency(store.pk) if store is not None else CATALOG
    return f'"feed-{generation_tag(ALL, dependency)}"'


def _body(request, kind: str, channel: Channel, store: Store | None):
    if kind == "google":
        title = f"{store.name if store else 'OPOP'} · {channel.name}"
        return feeds.google_feed(request, channel, title, store)
    return feeds.meta_feed(request, channel, store)


@require_safe
def product_feed(request, channel_slug: str, kind: str, store_slug: str | None = None):
    channel = get_object_or_404(Channel, slug=channel_slug, is_active=True)
    store = get_object_or_404(Store.objects.active(), slug=store_slug) if store_slug else None
    etag = _etag(store)
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        content_type, extension = FORMATS[kind]
        response = StreamingHttpResponse(_body(request, kind, channel, store), content_type=content_type)
        name = f"{store.slug if store else 'opop'}-{channel.slug}-{kind}.{extension}"
        response["Content-Disposition"] = f'inline; filename="{name}"'
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=0, s_maxage=cache_timeout())
    return response
