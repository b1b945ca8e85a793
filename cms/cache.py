"""Whole-page cache for anonymous visitors.

Keys include host, path + query, channel and language, and a generation number. Publishing a page or changing a
product, price, stock, reservation or store bumps the generation (``cms.signal_handlers``), so every cached page
is stale at once: simple, always correct, and cheap to invalidate (one cache write).

Forms on cached pages (add to cart, channel switch) need the visitor's own CSRF token, so pages are cached with a
placeholder that is replaced by ``get_token(request)`` on every response, cached or fresh.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

GENERATION_KEY = "opop:pagecache:generation"
CSRF_PLACEHOLDER = "__OPOP_CSRF_TOKEN__"
CACHE_HEADER = "X-Opop-Cache"


def cache_timeout() -> int:
    return getattr(settings, "OPOP_PAGE_CACHE_SECONDS", 600)


def bump_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def current_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def is_cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD") or getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and len(storage):
        return False
    return True


def page_cache_key(request) -> str:
    channel = getattr(request, "channel", None)
    raw = "|".join(
        [
            request.get_host(),
            request.get_full_path(),
            getattr(channel, "slug", "") or "",
            translation.get_language() or "",
            str(current_generation()),
        ]
    )
    return "opop:page:" + hashlib.sha256(raw.encode()).hexdigest()


def _with_csrf(request, response):
    content = getattr(response, "content", b"")
    if CSRF_PLACEHOLDER.encode() in content:
        response.content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
        response["Cache-Control"] = "private, no-cache"
    return response


def cached_response(request, build):
    """Serve from cache or build, render and store. ``build`` returns a (Template)Response."""
    request._opop_defer_csrf = True
    if not is_cacheable(request):
        response = build()
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        return _with_csrf(request, response)
    key = page_cache_key(request)
    hit = cache.get(key)
    if hit is not None:
        status, content_type, content = hit
        response = HttpResponse(content, status=status, content_type=content_type)
        response[CACHE_HEADER] = "hit"
        return _with_csrf(request, response)
    response = build()
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if response.status_code in (200, 404) and not response.cookies:
        cache.set(key, (response.status_code, response["Content-Type"], response.content), cache_timeout())
        response[CACHE_HEADER] = "miss"
    return _with_csrf(request, response)


class CachedPageMixin:
    """Pages whose ``serve`` goes through the anonymous page cache."""

    def serve(self, request, *args, **kwargs):
        return cached_response(request, lambda: super(CachedPageMixin, self).serve(request, *args, **kwargs))
