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

**Keys** hold host, path, channel, language and only the query parameters the page reads: each cached view or page
declares them (``params``: ``LISTING_PARAMS`` for listings, ``varian`` on a product page, none on the home).
Tracking parameters (``utm_*``, ``fbclid``, ``gclid``, ...) never reach a key, so an ad click is a hit, and a
junk parameter cannot create entries. Only 200 responses are stored: a 404 (any made-up product slug) stores
nothing. Entries carry ``FORMAT_VERSION``; an entry of another format (an older deploy) is a miss, never an error.
While the cache is unreachable (``catalog.resilient_cache``) the page cache is bypassed: every page is rendered.

**Per-visitor slots.** A page is rendered once for everybody; what differs per visitor (the CSRF token of its
forms, the cart count and name in the header) is rendered as a **slot**: a random placeholder chosen for that
render (``slot(request, name)``), stored with the entry and replaced on every response by the slot's filler
(``OPOP_PAGE_CACHE_SLOTS``: name → dotted path of ``filler(request) -> str``). Placeholders are random per entry,
so text an editor writes can never be mistaken for one. Another per-response value (a CSP nonce) is one more
slot: add a filler to the setting and render ``{% page_slot "name" %}`` where it goes.

**Shared pages.** A visitor without any cookie gets slots filled with values that are the same for every such
visitor (no CSRF token: ``catalog.csrf`` protects the two forms by origin; no cart; no name), with
``Cache-Control: public, max-age=0, s-maxage=...`` and ``Vary: Cookie``, so a CDN or Varnish in front can keep the
page (``cms.frontend_cache`` purges it on change). A visitor with cookies gets ``private, no-cache``. A CSP nonce
slot (``catalog.csp``) still matches its header on a shared page (a CDN keeps both together), but is then the same
for every visitor the CDN serves that copy to: buyer pages keep no inline script, so none uses one.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Iterable
from functools import cache as memoize
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.html import escape
from django.utils.module_loading import import_string

from catalog.models import FeaturedCollection
from catalog.resilient_cache import cache_unavailable

GENERATION_PREFIX = "opop:pagecache:gen:"
FORMAT_VERSION = 2  # bump when the entry changes shape: entries of another version are misses
KEY_PREFIX = f"opop:page:v{FORMAT_VERSION}:"
CACHE_HEADER = "X-Opop-Cache"
SLOT_PREFIX = "opop-slot-"

# What the buyer pages read from the query string. Anything else (tracking, junk) never reaches a cache key.
LISTING_PARAMS = ("q", "kategori", "min", "max", "stok", "halal", "urut", "hal")
PRODUCT_PARAMS = ("varian",)
KNOWN_PARAMS = frozenset(LISTING_PARAMS + PRODUCT_PARAMS)
MAX_PARAM_LENGTH = 100

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


def generation_tag(*names: str) -> str:
    """A short tag that changes whenever one of ``names`` is bumped: an ETag for responses that are not kept in the
    page cache (streamed feeds) but go stale with the same changes as the pages. While the cache is unreachable
    no counter can be read, so every call gets a new tag (nothing is answered "not modified")."""
    snapshot = _snapshot(names)
    if cache_unavailable():
        return secrets.token_hex(16)
    raw = repr((FORMAT_VERSION, snapshot))
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


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
    cache_until(request, FeaturedCollection.objects.next_change())


def _timeout_for(request) -> int:
    timeout = cache_timeout()
    until = getattr(request, "_opop_cache_until", None)
    if until is not None:
        timeout = min(timeout, max(1, int((until - timezone.now()).total_seconds()) + 1))
    return timeout


def never_cache_page(request) -> None:
    """Declare, while rendering, that this response must not go into the page cache."""
    request._opop_cache_refused = True


def page_cache_enabled() -> bool:
    return getattr(settings, "OPOP_PAGE_CACHE", True)


def is_cacheable(request) -> bool:
    if not page_cache_enabled() or cache_unavailable():  # Redis down: pages are rendered, nothing is stored
        return False
    if request.method not in ("GET", "HEAD") or getattr(request, "is_preview", False):
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and len(storage):
        return False
    return True


def cache_params(request, params: Iterable[str]) -> str:
    """The query string a cached page may depend on: only ``params``, sorted, values cut to a sane length."""
    wanted = set(params)
    pairs = sorted(
        (name, value[:MAX_PARAM_LENGTH])
        for name, values in request.GET.lists()
        if name in wanted
        for value in values
    )
    return urlencode(pairs)


def page_cache_key(request, params: Iterable[str] = KNOWN_PARAMS) -> str:
    channel = getattr(request, "channel", None)
    raw = "|".join(
        [
            request.get_host(),
            request.path,
            cache_params(request, params),
            getattr(channel, "slug", "") or "",
            translation.get_language() or "",
        ]
    )
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


# -- per-visitor slots ----------------------------------------------------------------------------------------
def is_shared(request) -> bool:
    """A visitor without any cookie gets the page every such visitor gets: no token, no cart, no name, so a
    CDN may keep it (``catalog.csrf`` accepts its forms' posts by origin instead of by token)."""
    return not request.COOKIES


def csrf_token(request) -> str:
    return "" if is_shared(request) else get_token(request)


@memoize
def _filler(path: str):
    return import_string(path)


def slot_fillers() -> dict[str, str]:
    return getattr(settings, "OPOP_PAGE_CACHE_SLOTS", {"csrf": "cms.cache.csrf_token", "csp_nonce": "catalog.csp.nonce"})


def slot(request, name: str) -> str:
    """The placeholder of slot ``name`` in the page being rendered (random per render), or the value itself
    when the response does not go through the page cache."""
    if not getattr(request, "_opop_slots_deferred", False):
        return escape(_filler(slot_fillers()[name])(request))
    slots = request.__dict__.setdefault("_opop_slots", {})
    if name not in slots:
        slots[name] = f"{SLOT_PREFIX}{name}-{secrets.token_hex(16)}"
    return slots[name]


def _fill(request, response, slots: dict[str, str]):
    content = response.content
    fillers = slot_fillers()
    for name, placeholder in slots.items():
        value = _filler(fillers[name])(request) if name in fillers else ""
        content = content.replace(placeholder.encode(), escape(value).encode())
    response.content = content
    return response


def _cache_headers(request, response, *, shared: bool) -> None:
    """``public`` with ``s-maxage`` when every visitor without cookies gets the same bytes (a CDN or Varnish
    may keep them, and ``purge`` tells it when they change); private for a visitor with cookies."""
    patch_vary_headers(response, ("Cookie",))
    if shared:
        patch_cache_control(response, public=True, max_age=0, s_maxage=shared_max_age(request))
    else:
        patch_cache_control(response, private=True, no_cache=True)


def shared_max_age(request) -> int:
    """How long a CDN may keep a page: the page cache's lifetime, shorter for pages with query parameters
    (listings under filters), which purges cannot name one by one."""
    timeout = _timeout_for(request)
    if cache_params(request, KNOWN_PARAMS):
        timeout = min(timeout, getattr(settings, "OPOP_CDN_QUERY_SECONDS", 60))
    return timeout


def lookup(request, *, params: Iterable[str] = KNOWN_PARAMS):
    """The cached response for this request if it is still valid, else None. An entry in another format (an
    older deploy) or unreadable is a miss."""
    try:
        entry = cache.get(page_cache_key(request, params))
    except Exception:  # an entry pickled by code that no longer exists
        return None
    if not isinstance(entry, dict) or entry.get("v") != FORMAT_VERSION:
        return None
    if not _still_valid(entry["deps"]):
        return None
    response = HttpResponse(entry["content"], status=200, content_type=entry["content_type"])
    response[CACHE_HEADER] = "hit"
    _fill(request, response, entry["slots"])
    _cache_headers(request, response, shared=is_shared(request))
    return response


def _store(request, response, params) -> None:
    deps = tuple(sorted(request._opop_cache_deps.items()))
    slots = dict(getattr(request, "_opop_slots", {}))
    entry = {
        "v": FORMAT_VERSION, "deps": deps, "content_type": response["Content-Type"], "content": response.content,
        "slots": slots,
    }
    cache.set(page_cache_key(request, params), entry, _timeout_for(request))


def _rendered(build):
    response = build()
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return response


def cached_response(request, build, dependencies: Iterable[str] = MARKETPLACE_DEPENDENCIES, params: Iterable[str] = ()):
    """Serve from cache or build, render and store. ``build`` returns a (Template)Response.

    ``dependencies`` are the counters the page depends on (``ALL`` is always added); ``build`` may add more with
    ``depends_on(request, ...)``. ``params`` are the query parameters the page reads (its cache key holds
    those only).
    """
    params = tuple(params)
    if not is_cacheable(request):
        response = _rendered(build)
        if "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_cache=True)
        return response
    hit = lookup(request, params=params)
    if hit is not None:
        return hit
    request._opop_slots_deferred = True
    # Counters are read before rendering: a change made while rendering makes this entry stale, not lost.
    depends_on(request, ALL, *dependencies)
    response = _rendered(build)
    refused = getattr(request, "_opop_cache_refused", False)
    if response.status_code == 200 and not response.cookies and not refused:
        _store(request, response, params)
        response[CACHE_HEADER] = "miss"
    slots = getattr(request, "_opop_slots", {})
    _fill(request, response, slots)
    if response.status_code == 200 and not refused:
        _cache_headers(request, response, shared=is_shared(request))
    return response


class CachedPageMixin:
    """Pages whose ``serve`` goes through the anonymous page cache.

    ``cache_dependencies(request)`` names what the page shows (default: the whole marketplace). A page with view
    restrictions (on itself or an ancestor) is never cached.
    """

    def cache_dependencies(self, request) -> tuple[str, ...]:
        return MARKETPLACE_DEPENDENCIES

    def cache_params(self, request, *args, **kwargs) -> tuple[str, ...]:
        """The query parameters this page reads (default: none)."""
        return ()

    def serve(self, request, *args, **kwargs):
        def build():
            if self.get_view_restrictions().exists():  # only on a miss: restricted pages never get an entry
                never_cache_page(request)
            return super(CachedPageMixin, self).serve(request, *args, **kwargs)

        return cached_response(
            request, build, self.cache_dependencies(request), params=self.cache_params(request, *args, **kwargs)
        )
