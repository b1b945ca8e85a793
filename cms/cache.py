"""Whole-page cache for anonymous visitors, with invalidation scoped to what a page shows.

An entry is stored under a key made of host, path + query, channel and language, and carries the **dependencies**
of the page (named generation counters) with the values they had when it was rendered. A hit is served only if
every dependency still has that value; changing something bumps the counters of the pages that show it
(``cms.signal_handlers``), so those entries are stale at once while every other page stays cached:

- ``all``: everything a page can show from outside the catalog (sites, channels, categories, featured collections,
  store details, marketplace pages, view restrictions). Every page depends on it.
- ``catalog``: any store's products, prices or stock. Pages that list products of many stores depend on it (home,
  search, category listings, the store directory, marketplace content pages).
- ``store:<id>``: one store's products, prices, stock and pages. Its storefront, listings, product pages and
  content pages depend on it.
- ``category:<id>``: products of one category in any store. A product page depends on its category, because its
  "related products" cards come from that category across stores.

A purchase at one store thus invalidates that store's pages, the product pages of the categories it touched and
the marketplace-wide listings, and leaves the other stores' thousands of pages cached.

Counters start at a clock value, not at 1, so a counter that was evicted and re-created can never take a value an
old entry remembers. Hits are served twice over: by ``PageCacheMiddleware`` before URL resolution and Wagtail's
routing (no SQL at all), and, for entries the middleware may not serve (404s), by ``cached_response`` inside the
view. Pages with view restrictions (private or password pages) are never cached, because the middleware would
skip Wagtail's restriction check.

Forms on cached pages (add to cart, channel switch) need the visitor's own CSRF token, so pages are cached with a
placeholder that is replaced by ``get_token(request)`` on every response, cached or fresh.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

GENERATION_PREFIX = "opop:pagecache:gen:"
CSRF_PLACEHOLDER = "__OPOP_CSRF_TOKEN__"
CACHE_HEADER = "X-Opop-Cache"

ALL = "all"
CATALOG = "catalog"
MARKETPLACE_DEPENDENCIES = (ALL, CATALOG)


def store_dependency(store_id) -> str:
    return f"store:{store_id}"


def category_dependency(category_id) -> str:
    return f"category:{category_id}"


def cache_timeout() -> int:
    return getattr(settings, "OPOP_PAGE_CACHE_SECONDS", 600)


def _counter_key(name: str) -> str:
    return GENERATION_PREFIX + name


def _bump_now(names: Iterable[str]) -> None:
    for name in set(names):
        key = _counter_key(name)
        try:
            cache.incr(key)
        except ValueError:  # never set, or evicted: any fresh clock value differs from what entries remember
            cache.set(key, time.time_ns(), None)


def bump(*names: str) -> None:
    """Make every cached page that depends on one of ``names`` stale.

    Bumps now (so the change shows at once, also inside a transaction in tests) and again when the surrounding
    transaction commits: a page rendered between the two from the not-yet-committed state would otherwise be
    cached with the new counter values and stay stale until it expires.
    """
    names = tuple(n for n in names if n)
    if not names:
        return
    _bump_now(names)
    transaction.on_commit(lambda: _bump_now(names))


def _snapshot(names: Iterable[str]) -> tuple[tuple[str, int], ...]:
    names = sorted(set(names))
    keys = [_counter_key(n) for n in names]
    values = cache.get_many(keys)
    missing = {k: time.time_ns() for k in keys if k not in values}
    for key, value in missing.items():
        if not cache.add(key, value, None):  # someone else created it meanwhile: theirs counts
            missing[key] = cache.get(key)
    values.update(missing)
    return tuple((n, values[_counter_key(n)]) for n in names)


def _still_valid(snapshot) -> bool:
    keys = [_counter_key(n) for n, _ in snapshot]
    current = cache.get_many(keys)
    return all(current.get(_counter_key(n)) == value for n, value in snapshot)


def depends_on(request, *names: str) -> None:
    """Declare, while rendering, that the page shows data tracked by ``names`` (see the module docstring).

    The counters are read at the moment of the call, so declare a dependency before reading the data it covers:
    a change made after the read but before the page is stored then makes the entry stale, not wrong.
    """
    names = {n for n in names if n}
    deps = getattr(request, "_opop_cache_deps", None)
    if deps is None:
        deps = request._opop_cache_deps = {}
    new = names - set(deps)
    if new:
        deps.update(_snapshot(new))


def cache_until(request, moment) -> None:
    """Declare, while rendering, that the page changes at ``moment`` by itself (a scheduled collection going live
    or expiring): its entry expires then instead of after the usual lifetime. ``None`` changes nothing."""
    if moment is None:
        return
    current = getattr(request, "_opop_cache_until", None)
    request._opop_cache_until = moment if current is None else min(current, moment)


def expires_with_collections(request) -> None:
    """For pages that show featured collections: expire with the next scheduled go-live or expiry."""
    from catalog.models import FeaturedCollection

    cache_until(request, FeaturedCollection.objects.next_change())


def _timeout_for(request) -> int:
    timeout = cache_timeout()
    until = getattr(request, "_opop_cache_until", None)
    if until is not None:
        from django.utils import timezone

        timeout = min(timeout, max(1, int((until - timezone.now()).total_seconds()) + 1))
    return timeout


def never_cache_page(request) -> None:
    """Declare, while rendering, that this response must not go into the page cache."""
    request._opop_cache_refused = True


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
        ]
    )
    return "opop:page:" + hashlib.sha256(raw.encode()).hexdigest()


def _with_csrf(request, response):
    content = getattr(response, "content", b"")
    if CSRF_PLACEHOLDER.encode() in content:
        response.content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
        response["Cache-Control"] = "private, no-cache"
    return response


def lookup(request, *, early: bool = False):
    """The cached response for this request if it is still valid, else None.

    ``early`` (the middleware, before routing) only accepts entries marked safe to serve without routing.
    """
    key = page_cache_key(request)
    entry = cache.get(key)
    if entry is None:
        return None
    snapshot, early_ok, status, content_type, content = entry
    if (early and not early_ok) or not _still_valid(snapshot):
        return None
    request._opop_defer_csrf = True
    response = HttpResponse(content, status=status, content_type=content_type)
    response[CACHE_HEADER] = "hit"
    return _with_csrf(request, response)


def cached_response(request, build, dependencies: Iterable[str] = MARKETPLACE_DEPENDENCIES):
    """Serve from cache or build, render and store. ``build`` returns a (Template)Response.

    ``dependencies`` are the counters the page depends on (``ALL`` is always added); ``build`` may add more with
    ``depends_on(request, ...)``.
    """
    request._opop_defer_csrf = True
    if not is_cacheable(request):
        response = build()
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        return _with_csrf(request, response)
    hit = lookup(request)
    if hit is not None:
        return hit
    # Counters are read before rendering: a change made while rendering makes this entry stale, not lost.
    depends_on(request, ALL, *dependencies)
    response = build()
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    refused = getattr(request, "_opop_cache_refused", False)
    if response.status_code in (200, 404) and not response.cookies and not refused:
        snapshot = tuple(sorted(request._opop_cache_deps.items()))
        early_ok = response.status_code == 200
        entry = (snapshot, early_ok, response.status_code, response["Content-Type"], response.content)
        cache.set(page_cache_key(request), entry, _timeout_for(request))
        response[CACHE_HEADER] = "miss"
    return _with_csrf(request, response)


class CachedPageMixin:
    """Pages whose ``serve`` goes through the anonymous page cache.

    ``cache_dependencies(request)`` names what the page shows (default: the whole marketplace). A page with view
    restrictions (on itself or an ancestor) is never cached.
    """

    def cache_dependencies(self, request) -> tuple[str, ...]:
        return MARKETPLACE_DEPENDENCIES

    def serve(self, request, *args, **kwargs):
        def build():
            if self.get_view_restrictions().exists():  # only on a miss: restricted pages never get an entry
                never_cache_page(request)
            return super(CachedPageMixin, self).serve(request, *args, **kwargs)

        return cached_response(request, build, self.cache_dependencies(request))
