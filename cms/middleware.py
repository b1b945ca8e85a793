"""Serve anonymous page-cache hits before URL resolution and Wagtail's routing (see ``cms.cache``)."""

from __future__ import annotations

from .cache import is_cacheable, lookup

# Never looked up here: the admin, documents (their own permission checks) and anything that is not a page.
SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/static/", "/media/", "/payments/", "/_sim/")


class PageCacheMiddleware:
    """A cached anonymous page costs two cache reads and no SQL.

    Goes last in ``MIDDLEWARE``: the cache key needs the channel and language, ``is_cacheable`` needs the user
    and pending messages, and an answer from here must pass back through every other middleware (security
    headers, X-Frame-Options, the CSRF cookie) like a rendered page. Only entries that ``cached_response``
    marked safe are served here: 200 responses of pages without view restrictions.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not request.path_info.startswith(SKIPPED_PREFIXES):
            if is_cacheable(request):
                hit = lookup(request, early=True)
                if hit is not None:
                    return hit
        return self.get_response(request)
