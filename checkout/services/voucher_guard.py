"""Limit voucher-code guessing at checkout, per browser session and per client address.

Every voucher the checkout refuses counts as a failed attempt, whatever the reason: "expired" or "below the
minimum spend" tell a guesser that the code exists as surely as success does. ``OPOP_VOUCHER_FAILURES_PER_SESSION``
(default 10) or ``OPOP_VOUCHER_FAILURES_PER_ADDRESS`` (default 30; an address may be a whole pesantren behind one
router) failures within ``OPOP_VOUCHER_WINDOW_MINUTES`` (default 15) block further codes from that session or
address until the window ends; the buyer can still check out without a voucher. A guesser who drops the session
cookie is still counted by address (``catalog.throttle.client_address``, proxy-aware).

The same refused code sent again from the same session counts once. The checkout view calls one function, ``guarded_voucher_quote``, around the pricing call that takes the code.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from catalog.throttle import FailureCounter, client_address

from ..errors import VoucherError

REFUSED_SESSION_KEY = "opop_refused_vouchers"
TOO_MANY_MESSAGE = _("Too many voucher codes tried. Wait %(minutes)s minutes, or check out without a voucher.")


def _window_seconds() -> int:
    return int(getattr(settings, "OPOP_VOUCHER_WINDOW_MINUTES", 15)) * 60


def counters() -> tuple[FailureCounter, FailureCounter]:
    window = _window_seconds()
    return (
        FailureCounter("voucher-session", int(getattr(settings, "OPOP_VOUCHER_FAILURES_PER_SESSION", 10)), window),
        FailureCounter("voucher-address", int(getattr(settings, "OPOP_VOUCHER_FAILURES_PER_ADDRESS", 30)), window),
    )


def _identities(request) -> tuple[str, str]:
    if not request.session.session_key:
        request.session.save()  # a guesser without a session still gets one to be counted by
    return request.session.session_key, client_address(request)


def guarded_voucher_quote(request, voucher_code: str, quote: Callable[[str], object]):
    """Return ``quote(voucher_code)``; refuse with ``VoucherError`` when this session or address has tried too
    many codes that did not apply, and count every ``VoucherError`` the quote raises."""
    if not voucher_code:
        return quote(voucher_code)
    per_session, per_address = counters()
    session, address = _identities(request)
    if per_session.blocked(session) or per_address.blocked(address):
        raise VoucherError(TOO_MANY_MESSAGE % {"minutes": _window_seconds() // 60})
    try:
        return quote(voucher_code)
    except VoucherError:
        if _first_refusal_in_session(request, voucher_code):
            per_session.fail(session)
            per_address.fail(address)
        raise


def _first_refusal_in_session(request, voucher_code: str) -> bool:
    """A buyer who sends the same refused code again (updating the address, say) is not guessing."""
    code = voucher_code.strip().upper()
    refused = request.session.get(REFUSED_SESSION_KEY, [])
    if code in refused:
        return False
    request.session[REFUSED_SESSION_KEY] = (refused + [code])[-50:]
    return True
