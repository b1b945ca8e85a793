"""The Content-Security-Policy's ``report-uri``: violations become log lines, never database rows."""

from __future__ import annotations

import json
import logging

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .throttle import FailureCounter, client_address

logger = logging.getLogger(__name__)


REPORT_MAX_BYTES = 8 * 1024
REPORT_LIMIT = FailureCounter("csp-report", limit=20, window_seconds=60)


def _report_line(body: bytes) -> str | None:
    """One log line from a ``report-uri`` body (``{"csp-report": {...}}``), or None when it is not one."""
    try:
        report = json.loads(body).get("csp-report")
    except (ValueError, AttributeError):
        return None
    if not isinstance(report, dict):
        return None
    fields = (
        "effective-directive",
        "violated-directive",
        "blocked-uri",
        "document-uri",
        "source-file",
        "line-number",
    )
    return " ".join(f"{name}={str(report.get(name, ''))[:200]!r}" for name in fields)


@csrf_exempt
@require_POST
def report(request):
    """Where browsers send violations (``report-uri``): logged as one warning line each, at most 20 a minute per
    address, bodies over 8 KB ignored; nothing is written to the database. Always 204."""
    address = client_address(request)
    if not REPORT_LIMIT.blocked(address):
        REPORT_LIMIT.fail(address)
        body = request.read(REPORT_MAX_BYTES + 1)
        line = _report_line(body) if len(body) <= REPORT_MAX_BYTES else None
        if line is not None:
            logger.warning("CSP violation %s", line)
    return HttpResponse(status=204)
