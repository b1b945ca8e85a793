"""Giving money back: refunds the shop starts (admin, automatic), and completing them when the provider confirms.

No row lock is held while a provider is called. Locks follow ``checkout.locks``' order: attempt → order → refund.
"""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.money import Money, is_exact
from checkout.locks import lock_order
from checkout.models import Order
from checkout.services import orders as order_services

from ..errors import PaymentError, PaymentErrorCode, ProviderError, RefundError
from ..locks import lock_attempt, lock_refund
from ..models import AttemptStatus, PaymentAttempt, Refund, RefundKind, RefundStatus
from ..registry import get_gateway
from ..states import MONEY_RECEIVED, can_move

logger = logging.getLogger(__name__)

REFUND_INVALID_AMOUNT = gettext_lazy("The refund amount must be more than 0 and at most %(left)s.")


def paid_attempt_for(order: Order) -> PaymentAttempt | None:
    """The payment counted for the order's checkout (the first one that received money)."""
    return (
        PaymentAttempt.objects.filter(checkout_id=order.checkout_id, status__in=MONEY_RECEIVED)
        .order_by("number")
        .first()
    )


def refundable_amount(order: Order) -> Decimal:
    """What can still be returned for ``order``: its total minus refunds done or in progress."""
    committed = Refund.objects.filter(order=order).committed().counted_on_orders().aggregate(s=Sum("amount"))["s"]
    return max(order.total - max(committed or Decimal(0), order.refunded_amount), Decimal(0))


def refund_order(
    order: Order,
    amount,
    *,
    reason: str,
    refund_key: str,
    user=None,
    attempt: PaymentAttempt | None = None,
    kind: str = RefundKind.SHOP,
) -> Refund:
    """Return ``amount`` (a ``Money`` in the order's currency, or a number in it as a form gives) of one store
    order's payment to the buyer, with a reason. A ``Money`` in another currency is a ``ValueError``.

    Idempotent on ``refund_key`` (the admin form carries one per form load, so a double submit is one refund; the
    same key goes to the provider as Midtrans ``refund_key`` / Stripe idempotency key). The Refund row is created
    in a short transaction with the order locked (so two refunds cannot together exceed the total), the provider
    is called with no lock held, then the order's refunded amount is updated through ``apply_refund`` (a
    duplicate payment's refund is never counted on the order). Scoping (who may refund which order) is the
    caller's job: see ``selectors.refundable_orders_for``. A refund the provider reports pending (Midtrans 201)
    is completed by its notification or by ``reconcile_refunds``.
    """
    reason = (reason or "").strip()
    if not reason:
        raise RefundError(_("Write the reason for the refund."), code=PaymentErrorCode.REFUND_INVALID)
    if isinstance(amount, Money):
        if amount.currency != order.total_money.currency:
            raise ValueError(f"a refund in {amount.currency} of an order in {order.currency}")
        amount = amount.amount
    try:
        amount = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        raise RefundError(_("Enter a valid amount."), code=PaymentErrorCode.REFUND_INVALID) from None
    refund, created = _create_refund(
        order, amount, reason=reason, refund_key=refund_key, user=user, attempt=attempt, kind=kind
    )
    if created:
        _ask_provider(refund, user=user)
        refund.refresh_from_db()
    return refund


def _create_refund(order, amount, *, reason, refund_key, user, attempt, kind) -> tuple[Refund, bool]:
    """The Refund row, in a short transaction with the order locked; the existing one for a repeated key."""
    with transaction.atomic():
        existing = Refund.objects.filter(refund_key=refund_key).first()
        if existing is not None:
            return existing, False
        locked = lock_order(order.pk)
        attempt = attempt or paid_attempt_for(locked)
        if attempt is None:
            raise RefundError(
                _("This order has not been paid, so there is nothing to refund."),
                code=PaymentErrorCode.REFUND_INVALID,
            )
        left = locked.total if kind == RefundKind.DUPLICATE_PAYMENT else refundable_amount(locked)
        if not amount.is_finite() or amount <= 0 or amount > left or not is_exact(amount, locked.currency):
            raise RefundError(REFUND_INVALID_AMOUNT % {"left": left}, code=PaymentErrorCode.REFUND_INVALID)
        refund = Refund.objects.create(
            order=locked,
            attempt=attempt,
            amount=amount,
            reason=reason[:255],
            refund_key=refund_key[:64],
            kind=kind,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
    return refund, True


def _ask_provider(refund: Refund, *, user=None) -> None:
    gateway = get_gateway(refund.attempt.gateway)
    try:
        result = gateway.refund(refund.attempt, refund, refund.amount_money)
    except ProviderError as exc:
        Refund.objects.filter(pk=refund.pk).update(status=RefundStatus.FAILED)
        logger.warning("refund %s failed at %s: %s", refund.refund_key, gateway.name, exc.code)
        raise RefundError(
            _("The payment provider refused or did not answer the refund request. Try again later.")
        ) from exc
    Refund.objects.filter(pk=refund.pk).update(provider_reference=result.provider_reference[:255])
    if result.succeeded:
        complete_refund(refund, user=user)


def complete_refund(refund: Refund, *, user=None, chargeback: bool = False) -> bool:
    """Mark a refund succeeded and record it on the order, once. Returns True if this call did it.

    Locks attempt → order → refund (``checkout.locks`` order). A duplicate payment's refund is not counted on the
    order; a refund the shop had given up on (failed locally, e.g. a timeout) that the provider reports done counts.
    """
    with transaction.atomic():
        attempt = lock_attempt(refund.attempt_id)
        lock_order(refund.order_id)
        locked = lock_refund(refund.pk)
        if locked.status == RefundStatus.SUCCEEDED:
            return False
        locked.status = RefundStatus.SUCCEEDED
        locked.completed_at = timezone.now()
        locked.save(update_fields=["status", "completed_at"])
        if locked.kind != RefundKind.DUPLICATE_PAYMENT:
            order_services.apply_refund(
                locked.order, locked.amount, user=user, reason=locked.reason, chargeback=chargeback
            )
        _attempt_follows_refunds(attempt)
    return True


def fail_refund(refund: Refund) -> bool:
    """The provider gave up on a pending refund: it no longer counts against what the order can give back."""
    return bool(Refund.objects.filter(pk=refund.pk, status=RefundStatus.PENDING).update(status=RefundStatus.FAILED))


def _attempt_follows_refunds(attempt: PaymentAttempt) -> None:
    refunded = Refund.objects.filter(attempt=attempt, status=RefundStatus.SUCCEEDED).aggregate(s=Sum("amount"))["s"]
    target = AttemptStatus.REFUNDED if (refunded or 0) >= attempt.amount else AttemptStatus.PARTIALLY_REFUNDED
    if attempt.status in MONEY_RECEIVED and (can_move(attempt.status, target) or target == attempt.status):
        attempt.status = target
        attempt.save(update_fields=["status", "updated_at"])


def refund_automatically(attempt: PaymentAttempt, order: Order, amount, *, duplicate: bool) -> None:
    """After commit: give back a duplicate payment, or the money of an order paid after its stock was gone (and
    tell buyer and store). A provider failure leaves a failed Refund row and an error log line, never an error."""
    kind = RefundKind.DUPLICATE_PAYMENT if duplicate else RefundKind.OUT_OF_STOCK
    prefix = "dup" if duplicate else "auto"
    reason = (
        _("Duplicate payment refunded automatically.")
        if duplicate
        else _("Stock ran out when the payment arrived; the money was refunded.")
    )
    key = f"{prefix}-{attempt.provider_id}-{order.pk}"
    try:
        refund_order(order, amount, reason=reason, refund_key=key, attempt=attempt, kind=kind)
    except PaymentError as exc:
        logger.error("automatic refund %s failed: %s", key, exc.code)
    if not duplicate:
        notify_out_of_stock_refund(order)


def notify_out_of_stock_refund(order: Order) -> None:
    """Tell buyer and store that a paid order had no stock left and its money is on the way back."""
    subject = _("Order %(number)s cancelled: out of stock, money refunded") % {"number": order.number}
    body = _(
        "Your payment for order %(number)s arrived after the deadline, and the stock had run out. The "
        "order was cancelled and %(amount)s has been refunded to your payment method."
    ) % {"number": order.number, "amount": order.total_money.format()}
    recipients = [order.checkout.email]
    store_email = getattr(order.store, "contact_email", "")
    if store_email:
        recipients.append(store_email)
    transaction.on_commit(lambda: _send_quietly(subject, body, recipients))


def _send_quietly(subject, body, recipients) -> None:
    """A failing mail server must not undo or fail a payment that is already recorded: log it and go on."""
    try:
        send_mail(subject, body, None, recipients)
    except Exception:
        logger.exception("could not send %r to %s", subject, recipients)
