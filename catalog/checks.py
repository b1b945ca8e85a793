"""System checks: the store scoping of the admin needs its middleware (``catalog.admin_guards``); the
Content-Security-Policy middleware is installed once, ahead of the page cache (``catalog.csp``)."""

from django.conf import settings
from django.core import checks

ADMIN_SCOPE_MIDDLEWARE = "catalog.middleware.AdminScopeMiddleware"


@checks.register(checks.Tags.security)
def admin_scope_middleware_installed(app_configs, **kwargs):
    if ADMIN_SCOPE_MIDDLEWARE in getattr(settings, "MIDDLEWARE", []):
        return []
    return [
        checks.Error(
            f"{ADMIN_SCOPE_MIDDLEWARE} is not in MIDDLEWARE: bulk actions, reports and the page chooser of the "
            "Wagtail admin would show every store's data to every store's editors.",
            hint=f"Add '{ADMIN_SCOPE_MIDDLEWARE}' after AuthenticationMiddleware.",
            id="catalog.E001",
        )
    ]


CSP_MIDDLEWARE = "catalog.csp.ContentSecurityPolicyMiddleware"
DJANGO_CSP_MIDDLEWARE = "django.middleware.csp.ContentSecurityPolicyMiddleware"
SHARED_PAGE_MIDDLEWARE = "cms.middleware.SharedPageMiddleware"


@checks.register(checks.Tags.security)
def content_security_policy_installed(app_configs, **kwargs):
    """``catalog.csp`` must be installed, once, ahead of the page cache's early answers (docs/security.md)."""
    middleware = list(getattr(settings, "MIDDLEWARE", []))
    if CSP_MIDDLEWARE not in middleware:
        return [
            checks.Warning(
                f"{CSP_MIDDLEWARE} is not in MIDDLEWARE: buyer pages and the admin have no Content-Security-Policy.",
                hint=f"Add '{CSP_MIDDLEWARE}' first in MIDDLEWARE.",
                id="catalog.W002",
            )
        ]
    problems = []
    if DJANGO_CSP_MIDDLEWARE in middleware:
        problems.append(
            checks.Warning(
                f"Both {CSP_MIDDLEWARE} and {DJANGO_CSP_MIDDLEWARE} are installed: every page gets two policies and "
                "Django's nonce is not the one cached pages carry.",
                hint=f"Remove '{DJANGO_CSP_MIDDLEWARE}'.",
                id="catalog.W003",
            )
        )
    if SHARED_PAGE_MIDDLEWARE in middleware and middleware.index(CSP_MIDDLEWARE) > middleware.index(
        SHARED_PAGE_MIDDLEWARE
    ):
        problems.append(
            checks.Warning(
                f"{CSP_MIDDLEWARE} comes after {SHARED_PAGE_MIDDLEWARE}: cached pages answered early get no policy.",
                hint=f"Put '{CSP_MIDDLEWARE}' first in MIDDLEWARE.",
                id="catalog.W004",
            )
        )
    return problems
