"""Content-Security-Policy for buyer pages and the admin, the same on Django 5.2 and 6.x.

Django 6.0 added a CSP middleware (``django.middleware.csp``) that 5.2 lacks; this module is the one mechanism used on
both lines. It reads Django's own setting names and format, so moving to Django's middleware later is a settings
change: ``SECURE_CSP`` / ``SECURE_CSP_REPORT_ONLY`` (directive -> list of sources, ``CSP.NONCE`` where the
per-response nonce goes). The admin has its own policy, ``OPOP_CSP_ADMIN`` (``OPOP_CSP_ADMIN_PATHS``: the paths it
covers), because Wagtail's admin needs more than buyer pages do (docs/security.md, "Content-Security-Policy").

**Nonces and the page cache.** A page is rendered once and served to many visitors (``cms.cache``), so a nonce can
never be written into the HTML while rendering. Templates write ``{% csp_nonce %}`` (``cms`` template tags), which
is a page-cache *slot* (``OPOP_PAGE_CACHE_SLOTS["csp_nonce"] = "catalog.csp.nonce"``): a placeholder stored with the
entry and replaced on every response by this response's nonce. The middleware adds ``'nonce-…'`` to the header only
when the response used the nonce, so pages without inline scripts (all buyer pages today) carry no nonce at all.

Settings import ``CSP`` from here, so this module imports nothing but ``django.conf`` (the report view lives in
``catalog.csp_report``).
"""

from __future__ import annotations

import secrets
from enum import StrEnum

from django.conf import settings

NONCE_ATTRIBUTE = "_opop_csp_nonce"
# Documents (halal certificates) are shown by the browser's PDF viewer, which a page's policy (object-src 'none')
# must not get in the way of; a PDF is not a page that can load scripts of this site.
UNPOLICED_TYPES = ("application/pdf",)
USED_ATTRIBUTE = "_opop_csp_nonce_used"


class CSP(StrEnum):
    """Source keywords; the same values as ``django.utils.csp.CSP`` on Django 6.x."""

    HEADER_ENFORCE = "Content-Security-Policy"
    HEADER_REPORT_ONLY = "Content-Security-Policy-Report-Only"
    NONE = "'none'"
    SELF = "'self'"
    UNSAFE_INLINE = "'unsafe-inline'"
    UNSAFE_EVAL = "'unsafe-eval'"
    STRICT_DYNAMIC = "'strict-dynamic'"
    NONCE = "<CSP_NONCE_SENTINEL>"


def get_nonce(request) -> str:
    """This response's nonce (made on first use); using it puts it in the response's header."""
    value = getattr(request, NONCE_ATTRIBUTE, None)
    if value is None:
        value = secrets.token_urlsafe(16)
        setattr(request, NONCE_ATTRIBUTE, value)
    setattr(request, USED_ATTRIBUTE, True)
    return value


def nonce(request) -> str:
    """Page-cache slot filler (``OPOP_PAGE_CACHE_SLOTS``): the nonce of the response being sent."""
    return get_nonce(request)


def build_policy(config: dict, nonce_value: str | None = None) -> str:
    """The header value of ``config`` (Django 6's format): ``True`` is a bare directive, ``None``/``False`` is
    left out, ``CSP.NONCE`` becomes ``'nonce-…'`` or disappears when the response has none."""
    directives = []
    for name, value in config.items():
        if value is None or value is False:
            continue
        if value is True:
            directives.append(name)
            continue
        sources = (
            [value] if isinstance(value, str) else (sorted(value) if isinstance(value, set) else list(value))
        )
        rendered = []
        for source in sources:
            if source == CSP.NONCE:
                if nonce_value:
                    rendered.append(f"'nonce-{nonce_value}'")
            elif source not in rendered:
                rendered.append(str(source))
        if rendered:  # a directive left without sources is dropped, as Django 6 does
            directives.append(" ".join([name, *rendered]))
    return "; ".join(directives)


def _is_admin(request) -> bool:
    return request.path_info.startswith(tuple(getattr(settings, "OPOP_CSP_ADMIN_PATHS", ("/admin/",))))


def policies_for(request) -> list[tuple[str, dict]]:
    """(header, config) pairs that apply to ``request``: the admin's policy on admin paths, else the site's."""
    if _is_admin(request):
        pairs = [
            (CSP.HEADER_ENFORCE, getattr(settings, "OPOP_CSP_ADMIN", None)),
            (CSP.HEADER_REPORT_ONLY, getattr(settings, "OPOP_CSP_ADMIN_REPORT_ONLY", None)),
        ]
    else:
        pairs = [
            (CSP.HEADER_ENFORCE, getattr(settings, "SECURE_CSP", None)),
            (CSP.HEADER_REPORT_ONLY, getattr(settings, "SECURE_CSP_REPORT_ONLY", None)),
        ]
    # Plain str: wsgiref (the live test server) refuses a header name of a str subclass.
    return [(str(header), config) for header, config in pairs if config]


class ContentSecurityPolicyMiddleware:
    """Adds the policy headers to every response that has none yet (a view may set its own).

    Goes first in ``MIDDLEWARE``, before ``SharedPageMiddleware``, so page-cache hits answered early get the
    header with the nonce their slots were filled with.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith(UNPOLICED_TYPES):
            return response
        used = getattr(request, USED_ATTRIBUTE, False)
        nonce_value = getattr(request, NONCE_ATTRIBUTE, None) if used else None
        for header, config in policies_for(request):
            if header not in response:
                response[header] = build_policy(config, nonce_value)
        return response
