"""Absolute links the providers send the buyer back to.

The return link carries a signature of the attempt's provider id (``t``), known only to the provider and the buyer
it redirects: with ``abandon=1`` (Stripe's ``cancel_url``, a cancel button on the payment page) it stops the
payment and releases the items at once, and nobody else can do that by guessing a provider id.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.signing import Signer
from django.utils.crypto import constant_time_compare

from .config import public_origin

_SIGNER = Signer(salt="checkout.payments.return")


def return_token(provider_id: str) -> str:
    return _SIGNER.signature(provider_id)


def token_is_valid(provider_id: str, token: str) -> bool:
    return bool(token) and constant_time_compare(return_token(provider_id), token)


def return_url(attempt, *, abandon: bool = False) -> str:
    query = {"t": return_token(attempt.provider_id)}
    if abandon:
        query["abandon"] = "1"
    return f"{public_origin()}/payments/return/{attempt.provider_id}?{urlencode(query)}"
