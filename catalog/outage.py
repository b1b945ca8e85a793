"""A database outage answers ``503 Service Unavailable`` with ``Retry-After`` and a "try again" page (issue 11.6).

PostgreSQL restarting, a failover or a network blip makes every query raise ``OperationalError`` (or
``InterfaceError`` on a connection that died). Without this, the buyer gets the 500 page, or, when only the session
save failed, Django's ``SessionInterrupted`` 400 ("we could not process this request"), which tells them their
input was wrong. Three entry points turn any such error into the same answer (``unavailable_response``):

- ``DatabaseOutageMiddleware.process_exception``: errors raised by a view;
- ``server_error`` (the project's ``handler500``): errors raised by a middleware (the session or channel lookup);
- ``bad_request`` (the project's ``handler400``): the session save that failed because the database did not
  answer, which Django reports as ``SessionInterrupted``; any other bad request keeps Django's 400 page.

Nothing is half-written: every write of the shop runs in a transaction, which PostgreSQL rolls back when the
connection is lost. The page (``503.html``, self-contained: no query, no static file) is rendered without the
request's context processors, which would query the database.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import TemplateDoesNotExist, loader
from django.views import defaults

OUTAGE_ERRORS = (OperationalError, InterfaceError)


def retry_after_seconds() -> int:
    return int(getattr(settings, "OPOP_UNAVAILABLE_RETRY_AFTER", 15))


def is_database_outage(exc: BaseException | None) -> bool:
    """``exc`` is, or was raised while handling, a lost or refused database connection."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OUTAGE_ERRORS):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def unavailable_response(request=None) -> HttpResponse:
    try:
        body = loader.render_to_string("503.html", {"retry_after": retry_after_seconds()})
    except TemplateDoesNotExist:
        body = "Service unavailable, try again in a moment."
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(retry_after_seconds())
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """A view that lost the database answers 503 + ``Retry-After`` instead of 500 (place it anywhere)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_outage(exception):  # logged by Django as any 5xx ("Service Unavailable: <path>")
            return unavailable_response(request)
        return None


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """``handler500``: a database outage raised outside a view (a middleware) is a 503 too."""
    if is_database_outage(sys.exc_info()[1]):
        return unavailable_response(request)
    return defaults.server_error(request, template_name)


def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    """``handler400``: a session save that failed for want of a database is a 503, not the buyer's fault."""
    if is_database_outage(exception):
        return unavailable_response(request)
    return defaults.bad_request(request, exception, template_name)
