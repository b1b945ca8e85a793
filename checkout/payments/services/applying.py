"""Applying what a provider (or a person confirming a transfer) says about a payment to the attempt and its orders.

Attempt statuses move only forward (``states.STATUS_RANK``): a late ``pending`` or ``expire`` never undoes ``paid``.
Orders move only through ``checkout.services.orders``, in the same transaction as the attempt.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from checkout.models import Order
from checkout.services import orders as order_services

from ..errors import PaymentError
from ..locks import lock_attempt
from ..models import AttemptStatus, EventOutcome, PaymentAttempt
from ..states import CLOSED_UNPAID, MONEY_RECEIVED, OPEN_STATUSES, REVERSED, STATUS_RANK, can_move
from .refunds import refund_automatically

logger = logging.getLogger(__name__)

#: The first time reconciliation asks again about an attempt that closed unpaid (then less and less often).
FIRST_LATE_CHECK = timedelta(minutes=10)


@dataclass
class ApplyResult:
    """What applying one provider status did. ``outcome`` (an ``EventOutcome``) is stored on the PaymentEvent."""

    outcome: str
    detail: str = ""
    attempt: PaymentAttempt | None = None
    orders_to_refund: list[Order] = field(default_factory=list)
    duplicate_payment: bool = False


def apply_status(
    attempt: PaymentAttempt, status: str | None, *, payment_type: str = "", message: str = ""
) -> ApplyResult:
    """Move ``attempt`` to ``status`` if that is forward, and carry the consequences to the orders.

    Runs in one transaction with the attempt row locked: either the attempt and its orders change together or
    nothing does. Paid → ``mark_checkout_paid`` (reservations become allocations); orders that got money but no
    stock are returned in ``orders_to_refund`` (the caller refunds them after commit). A second attempt paid for
    an already paid checkout is flagged ``duplicate_payment`` (refunded by the caller). Expired with no other
    open attempt → ``expire_checkout``. An attempt that closes unpaid is watched for a while (a lost settlement).
    """
    with transaction.atomic():
        locked = lock_attempt(attempt.pk)
        refused = _refusal(locked, status)
        if refused is not None:
            return refused
        previous = locked.status
        _record_status(locked, status, payment_type)
        result = ApplyResult(EventOutcome.APPLIED, f"{previous} → {status}", locked)
        if status == AttemptStatus.PAID:
            _carry_payment_to_orders(locked, result, message)
        elif status == AttemptStatus.EXPIRED and not _other_attempt_alive(locked):
            order_services.expire_checkout(locked.checkout, reason=message or _("The payment deadline has passed."))
    return result


def _refusal(locked: PaymentAttempt, status: str | None) -> ApplyResult | None:
    """Why ``status`` does not apply to the locked attempt (an ``ApplyResult`` to return), or None if it does."""
    if status is None or status not in STATUS_RANK:
        return ApplyResult(EventOutcome.IGNORED, "informational", locked)
    if status in REVERSED:
        if locked.status not in MONEY_RECEIVED:
            return ApplyResult(EventOutcome.IGNORED, f"refund on {locked.status}", locked)
        if status == AttemptStatus.PARTIALLY_REFUNDED and locked.status == AttemptStatus.PARTIALLY_REFUNDED:
            return ApplyResult(EventOutcome.APPLIED, "partial refund recorded", locked)
    if not can_move(locked.status, status):
        return ApplyResult(EventOutcome.IGNORED, f"{status} after {locked.status}", locked)
    return None


def _record_status(locked: PaymentAttempt, status: str, payment_type: str) -> None:
    now = timezone.now()
    locked.status = status
    if payment_type:
        locked.payment_type = payment_type[:40]
    locked.last_checked_at = now
    fields = ["status", "payment_type", "last_checked_at", "updated_at"]
    if status in CLOSED_UNPAID and is_watchable(locked):
        locked.next_check_at = now + FIRST_LATE_CHECK
        fields.append("next_check_at")
    elif status in MONEY_RECEIVED and locked.next_check_at is not None:
        locked.next_check_at = None
        fields.append("next_check_at")
    locked.save(update_fields=fields)


def is_watchable(attempt: PaymentAttempt) -> bool:
    """Worth asking the provider about after it closed unpaid: a provider took it (manual transfers are confirmed
    by a person, and an attempt the provider never accepted has nothing to settle)."""
    return attempt.gateway != "manual" and bool(attempt.redirect_url or attempt.provider_reference)


def _carry_payment_to_orders(locked: PaymentAttempt, result: ApplyResult, message: str) -> None:
    if (
        PaymentAttempt.objects.filter(checkout_id=locked.checkout_id, status__in=MONEY_RECEIVED)
        .exclude(pk=locked.pk)
        .exists()
    ):
        result.duplicate_payment = True
        result.detail += " (duplicate payment)"
        return
    paid = order_services.mark_checkout_paid(
        locked.checkout, message=message or _("Payment %(id)s received.") % {"id": locked.provider_id}
    )
    result.orders_to_refund = list(paid.orders_without_stock)


def _other_attempt_alive(locked: PaymentAttempt) -> bool:
    return (
        PaymentAttempt.objects.filter(checkout_id=locked.checkout_id, status__in=OPEN_STATUSES + MONEY_RECEIVED)
        .exclude(pk=locked.pk)
        .exists()
    )


def settle_consequences(result: ApplyResult) -> None:
    """After commit: refund orders that were paid without stock and duplicate payments; tell buyer and store.

    Failures here never undo the payment; they leave a failed Refund row that an administrator can retry.
    """
    attempt = result.attempt
    if attempt is None:
        return
    if result.duplicate_payment:
        for order in attempt.checkout.orders.all():
            refund_automatically(attempt, order, order.total, duplicate=True)
    for order in result.orders_to_refund:
        order.refresh_from_db()
        left = order.total - order.refunded_amount
        if left > 0:
            refund_automatically(attempt, order, left, duplicate=False)


def confirm_manual_payment(attempt: PaymentAttempt, *, user=None) -> ApplyResult:
    """An administrator (or the store) saw the bank transfer arrive: the attempt and its orders become paid.

    Same path as a provider notification (``apply_status``: monotonic, atomic, idempotent). Permission is the
    caller's job (``selectors.can_confirm_manual``)."""
    if attempt.gateway != "manual":
        raise PaymentError(_("Only manual transfers are confirmed by hand."))
    who = getattr(user, "get_username", lambda: "")()
    result = apply_status(
        attempt,
        AttemptStatus.PAID,
        payment_type="bank_transfer",
        message=_("Transfer confirmed by %(user)s.") % {"user": who},
    )
    settle_consequences(result)
    return result
