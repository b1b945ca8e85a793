"""The link in the "delivered" e-mail that lets a buyer review an order without logging in.

The token is the order's primary key signed with the project's ``SECRET_KEY`` (``django.core.signing``, its own
salt), so it cannot be guessed or altered, and it expires (``OPOP_REVIEW_LINK_DAYS``, 90 days by default). It
only lets its holder review that order's delivered lines: it shows no address and no payment.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "checkout.review-link"


def link_max_age() -> int:
    return int(getattr(settings, "OPOP_REVIEW_LINK_DAYS", 90)) * 24 * 3600


def review_token(order) -> str:
    return signing.dumps(order.pk, salt=SALT, compress=True)


def order_id_from_token(token: str) -> int | None:
    """The order's id, or None for a token that is altered, foreign or expired."""
    try:
        value = signing.loads(token, salt=SALT, max_age=link_max_age())
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return value if isinstance(value, int) else None


def review_path(order) -> str:
    return reverse("checkout:review", args=[review_token(order)])
