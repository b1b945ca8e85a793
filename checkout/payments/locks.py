"""Row locks of the payment rows, in the order ``checkout.locks`` documents for the whole shop:

    PaymentEvent → PaymentAttempt → Checkout → Order (pk order) → Refund / ExternalReversal → Stock (pk order)
    → Voucher

The checkout's rows (Checkout, Order, Stock) are locked by ``checkout.locks``; this module adds the payment rows
around them and never locks them out of order. Each function must run inside ``transaction.atomic()``.
"""

from __future__ import annotations

from checkout.locks import lock_orders_of_checkout
from checkout.models import Order

from .models import ExternalReversal, PaymentAttempt, PaymentEvent, Refund


def lock_event(event_id: int) -> PaymentEvent:
    """A stored notification: copies of one event racing each other queue on it."""
    return PaymentEvent.objects.select_for_update().get(pk=event_id)


def lock_attempt(attempt_id: int) -> PaymentAttempt:
    return PaymentAttempt.objects.select_for_update().get(pk=attempt_id)


def lock_attempt_and_orders(attempt_id: int) -> tuple[PaymentAttempt, list[Order]]:
    """The attempt, then its checkout's orders (pk order): what applying money that comes back needs."""
    attempt = lock_attempt(attempt_id)
    return attempt, lock_orders_of_checkout(attempt.checkout_id)


def lock_refund(refund_id: int) -> Refund:
    return Refund.objects.select_for_update().get(pk=refund_id)


def lock_reversal(reversal_id: int) -> ExternalReversal:
    return ExternalReversal.objects.select_for_update().select_related("attempt").get(pk=reversal_id)
