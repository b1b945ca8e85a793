"""Serve anonymous page-cache hits before URL resolution and Wagtail's routing (see ``cms.cache``)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from catalog.channels import get_default_channel
from catalog.resilient_cache import cache_unavailable

from .cache import is_cacheable, is_shared, lookup, page_cache_enabled

# Never looked up here: the admin, documents (their own permission checks), campaign links (they must reach
# their view, which records the visit) and anything that is not a page.
SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/static/", "/media/", "/payments/", "/_sim/",
                    "/c/")


def _page_request(request) -> bool:
    return request.method in ("GET", "HEAD") and not request.path_info.startswith(SKIPPED_PREFIXES)


class SharedPageMiddleware:
    """A first-time visitor (no cookie at all) gets the shared page straight from the cache, right after the
    security and static-file middleware: sessions, channel, CSRF, authentication, messages and redirects have
    nothing to do for a request without cookies, so a hit skips them. Their one header on a page,
    ``X-Frame-Options``, is added here; everything ``SecurityMiddleware`` adds still is (it runs before).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _page_request(request) and is_shared(request) and page_cache_enabled() and not cache_unavailable():
            channel = get_default_channel()
            if channel is not None:
                request.channel = channel
                with translation.override(channel.language):
                    hit = lookup(request)
                if hit is not None:
                    hit.headers.setdefault("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY"))
                    return hit
        return self.get_response(request)


class PageCacheMiddleware:
    """A cached page for a visitor with cookies (a cart, a login) costs two cache reads and no SQL.

    Goes last in ``MIDDLEWARE``: the cache key needs the channel and language, ``is_cacheable`` needs the user
    and pending messages, the slots need the session and user, and an answer from here must pass back through
    every other middleware (security headers, X-Frame-Options, the CSRF cookie) like a rendered page. Only 200
    responses of pages without view restrictions are ever stored. The key here holds every parameter some buyer
    page reads (``KNOWN_PARAMS``); a page that reads fewer is found by its own narrower key inside the view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _page_request(request) and is_cacheable(request):
            hit = lookup(request)
            if hit is not None:
                return hit
        return self.get_response(request)
