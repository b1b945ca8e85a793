"""CSRF protection for the few forms on buyer pages that a shared cache (a CDN, Varnish) serves to everyone.

A page kept by a CDN is one document for every visitor, so it cannot carry a visitor's CSRF token. A first-time
visitor (no cookie at all) therefore gets those pages without one (``cms.cache``), and the endpoints their forms
post to (switch channel, add to cart, save to the wishlist, back-in-stock alert) accept a POST **without a CSRF
cookie** only when the browser proves it comes from this site: ``Sec-Fetch-Site: same-origin`` (sent by every
current browser), else an ``Origin``, else a ``Referer`` on this host. A cross-site POST is refused with Django's
CSRF failure page. As soon as the visitor has a CSRF cookie (any page that called ``get_token``, the cart page),
Django's own token check applies as everywhere else. This is the Fetch-Metadata/Origin defence (OWASP; Go's
``CrossOriginProtection``), on top of the ``SameSite=Lax`` session cookie, which a cross-site POST never carries anyway.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware, _get_failure_view
from django.views.decorators.csrf import csrf_exempt

REASON_CROSS_SITE = "Cross-site POST to a shared-page form."


def _same_origin(request) -> bool:
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    source = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER") or ""
    if not source or source == "null":
        return False
    parts = urlsplit(source)
    if parts.scheme not in ("http", "https") or parts.netloc != request.get_host():
        return False
    return parts.scheme == request.scheme


def shared_page_form(view):
    """For a view that a form on a shared (CDN-cached) page posts to; see the module docstring."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not getattr(request, "_dont_enforce_csrf_checks", False):
            if settings.CSRF_COOKIE_NAME in request.COOKIES:
                refused = CsrfViewMiddleware(view).process_view(request, view, args, kwargs)
                if refused is not None:
                    return refused
            elif not _same_origin(request):
                return _get_failure_view()(request, reason=REASON_CROSS_SITE)
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)
