"""Starting a payment, stopping the older ones a new one supersedes, and a buyer abandoning one.

No row lock is ever held while a provider is called: the attempt is created in a short transaction, the provider
is called after it, and its answer is applied in another.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from checkout.errors import InsufficientStock
from checkout.locks import lock_checkout
from checkout.models import Checkout, Order, OrderStatus
from checkout.services import orders as order_services

from ..errors import PaymentErrorCode, PaymentStartError, ProviderError
from ..models import AttemptStatus, EventOutcome, PaymentAttempt
from ..references import unused_reference
from ..registry import get_gateway
from ..states import MONEY_RECEIVED, OPEN_STATUSES, amount_matches, make_provider_id
from .applying import apply_status, settle_consequences

logger = logging.getLogger(__name__)

#: How much earlier than its window's end a new attempt may end to reuse the reservations' end as it is (the time
#: between placement, which reserved for the window, and the payment start a moment later; see ``_hold_stock_until``).
HOLD_SLACK = timedelta(minutes=2)


def start_payment(checkout: Checkout) -> PaymentAttempt:
    """Start (or resume) paying ``checkout`` with its chosen gateway and return the attempt to redirect to.

    Guarantees:
    - an attempt that is still open and inside its window is returned as is (same redirect, nothing new is
      created at the provider), so a double click or a back button never opens a second payment;
    - otherwise a new attempt with the next number and its own provider id is created in a short transaction,
      with a window from the channel (``Gateway.payment_window``) that the provider is told to enforce; the
      checkout's reservations are moved to the same end (``hold_reservations_until``), then the provider is
      called with no lock held;
    - on a timeout, 5xx, HTML error page or refusal the attempt is marked failed and ``PaymentStartError`` is
      raised with a message for the buyer; the orders stay awaiting payment and a retry makes a new attempt.
    """
    gateway = get_gateway(checkout.gateway or "manual")
    if not gateway.is_configured():
        raise PaymentStartError(
            _("This payment method is not available yet. Please choose another."),
            code=PaymentErrorCode.GATEWAY_UNAVAILABLE,
        )
    attempt, created = _open_attempt(checkout, gateway)
    if not created:
        return attempt
    return _ask_provider_to_start(gateway, attempt, checkout)


def _open_attempt(checkout: Checkout, gateway) -> tuple[PaymentAttempt, bool]:
    """The attempt still open inside its window, or a new one (with the stock held until it ends)."""
    now = timezone.now()
    with transaction.atomic():
        locked = lock_checkout(checkout.pk)
        attempts = list(PaymentAttempt.objects.filter(checkout=locked))  # a handful: read once, sorted out here
        _check_payable(locked, attempts)
        current = max(
            (
                a for a in attempts
                if a.status in OPEN_STATUSES and a.gateway == gateway.name and a.redirect_url and a.expires_at
                and a.expires_at > now
            ),
            key=lambda a: a.number,
            default=None,
        )
        if current is not None:
            return current, False
        number = max((a.number for a in attempts), default=0) + 1
        expires = _hold_stock_until(locked, _window_end(checkout, gateway, now))
        attempt = PaymentAttempt.objects.create(
            checkout=locked,
            gateway=gateway.name,
            number=number,
            provider_id=(
                unused_reference(PaymentAttempt.objects.all())
                if gateway.name == "manual"
                else make_provider_id(locked, number)
            ),
            amount=locked.total,
            currency=locked.currency,
            status=AttemptStatus.CREATED,
            payment_type=locked.payment_method,
            expires_at=expires,
        )
    return attempt, True


def _hold_stock_until(checkout: Checkout, window_end):
    """When the new attempt's window ends, with the checkout's reservations ending then too. Right after placement
    the reservations already end with the window (placement held them for it): when they all end at one moment
    no later than ``window_end`` and at most ``HOLD_SLACK`` before it, the attempt takes that moment and nothing
    is locked or rewritten. Otherwise (a retry, a changed window, a lapsed hold) ``hold_reservations_until`` moves
    them under the Checkout → Orders → Stock locks. Runs under the Checkout lock, which every writer of these
    reservations takes first."""
    held = order_services.reservations_end(checkout)
    if held is not None and window_end - HOLD_SLACK <= held <= window_end and held > timezone.now():
        return held
    try:
        order_services.hold_reservations_until(checkout, window_end)
    except InsufficientStock as exc:
        raise PaymentStartError(exc.message, code=PaymentErrorCode.NOT_PAYABLE) from exc
    return window_end


def _check_payable(checkout: Checkout, attempts: list[PaymentAttempt]) -> None:
    if any(a.status in MONEY_RECEIVED for a in attempts):
        raise PaymentStartError(_("This order has already been paid."), code=PaymentErrorCode.NOT_PAYABLE)
    if not Order.objects.filter(checkout=checkout, status=OrderStatus.AWAITING_PAYMENT).exists():
        raise PaymentStartError(
            _("This order is no longer awaiting payment. Please place a new order."),
            code=PaymentErrorCode.NOT_PAYABLE,
        )


def _window_end(checkout: Checkout, gateway, now):
    """When this attempt stops being payable: the gateway's window for the channel, but never later than
    ``OPOP_MAX_STOCK_HOLD_HOURS`` after the order was placed (retrying must not hold stock for ever)."""
    end = now + gateway.payment_window(checkout.payment_method or None, channel=checkout.channel)
    latest = checkout.created_at + timedelta(hours=getattr(settings, "OPOP_MAX_STOCK_HOLD_HOURS", 48))
    if latest <= now:
        raise PaymentStartError(
            _("The time to pay for this order has run out. Please place the order again."),
            code=PaymentErrorCode.NOT_PAYABLE,
        )
    return min(end, latest)


def _ask_provider_to_start(gateway, attempt: PaymentAttempt, checkout: Checkout) -> PaymentAttempt:
    try:
        result = gateway.start(attempt, checkout, attempt.amount_money)
    except ProviderError as exc:
        logger.warning("payment start failed for %s via %s: %s", attempt.provider_id, gateway.name, exc.code)
        PaymentAttempt.objects.filter(pk=attempt.pk, status=AttemptStatus.CREATED).update(
            status=AttemptStatus.FAILED, error_message=str(exc.message)[:255], updated_at=timezone.now()
        )
        raise PaymentStartError() from exc
    started = dict(
        status=AttemptStatus.PENDING,
        redirect_url=result.redirect_url,
        provider_reference=result.provider_reference,
        updated_at=timezone.now(),
    )
    if PaymentAttempt.objects.filter(pk=attempt.pk, status=AttemptStatus.CREATED).update(**started):
        for name, value in started.items():
            setattr(attempt, name, value)
    else:
        attempt.refresh_from_db()  # a notification got there first: its status stands
    if attempt.status == AttemptStatus.PENDING and attempt.number > 1:  # a first attempt has no older one to stop
        new_id = attempt.pk
        # After commit (when called inside a transaction) and with no lock held: stop the older payable attempts.
        transaction.on_commit(lambda: _cancel_superseded_safely(checkout, new_id))
    return attempt


def _cancel_superseded_safely(checkout: Checkout, keep_id: int) -> None:
    # The buyer's new payment has started; a failure to stop the old one must never turn that into an error page.
    try:
        cancel_superseded_attempts(checkout, keep_id=keep_id)
    except Exception:
        logger.exception("stopping superseded attempts of checkout %s failed", checkout.pk)


def cancel_superseded_attempts(checkout: Checkout, *, keep_id: int) -> list[PaymentAttempt]:
    """Stop, at the provider, every older attempt of ``checkout`` that is still pending, so a buyer who switched
    gateway (or retried) cannot pay twice. Returns the attempts that were stopped.

    Guarantees: called with no lock held (each provider call happens outside any transaction); only attempts
    that are ``pending`` and older than the kept one are touched; the answer goes through ``apply_status``
    (monotonic: a settlement that beats the cancellation still counts, and the duplicate-payment refund remains
    the safety net). A provider that refuses or times out changes nothing here (logged; reconciliation expires
    the attempt at the end of its window).
    """
    stopped = []
    older = PaymentAttempt.objects.filter(
        checkout_id=checkout.pk, status=AttemptStatus.PENDING, pk__lt=keep_id
    ).order_by("pk")
    for old in older:
        try:
            status = get_gateway(old.gateway).cancel(old)
        except ProviderError as exc:
            logger.warning("could not stop superseded attempt %s: %s", old.provider_id, exc.code)
            continue
        if status is None:
            continue
        result = apply_status(old, status, message=_("Cancelled: the buyer started a new payment."))
        settle_consequences(result)
        if result.outcome == EventOutcome.APPLIED:
            stopped.append(result.attempt)
    return stopped


def _stop_and_ask(gateway, attempt: PaymentAttempt):
    """Stop the attempt at the provider (a refusal is fine: it may be paid, or there may be nothing to stop), then
    ask what it now says; None when the provider cannot be asked."""
    try:
        gateway.cancel(attempt)
    except ProviderError as exc:
        logger.info("provider did not stop abandoned attempt %s: %s", attempt.provider_id, exc.code)
    try:
        return gateway.fetch_status(attempt)
    except ProviderError as exc:
        logger.warning("could not ask about abandoned attempt %s: %s", attempt.provider_id, exc.code)
        return None


def abandon_payment(attempt: PaymentAttempt, *, reason: str, user=None) -> bool:
    """The buyer gave up on this payment (the cancel link of the payment page, or the cancel button in the shop):
    stop it at the provider and release the items at once (the awaiting-payment orders are cancelled).

    Returns True when the orders were cancelled. Safe against a payment that got through meanwhile: the provider
    is asked after the stop, and money it reports counts (the orders become paid, nothing is cancelled). With the
    provider unreachable the orders are cancelled anyway (the buyer asked); a settlement that arrives later is
    refunded like any payment for a cancelled order. No lock is held while the provider is called.
    """
    if attempt.status not in OPEN_STATUSES:
        return False
    checked = _stop_and_ask(get_gateway(attempt.gateway), attempt)
    if checked is not None and checked.status == AttemptStatus.PAID and amount_matches(
        attempt, checked.amount, checked.currency
    ):
        settle_consequences(apply_status(attempt, AttemptStatus.PAID, payment_type=checked.payment_type))
        return False
    with transaction.atomic():
        apply_status(attempt, AttemptStatus.CANCELLED, message=reason)
        if PaymentAttempt.objects.filter(
            checkout_id=attempt.checkout_id, status__in=OPEN_STATUSES + MONEY_RECEIVED
        ).exists():
            return False
        return bool(order_services.cancel_unpaid_orders(attempt.checkout, reason=reason, user=user))


def abandon_checkout(checkout: Checkout, *, reason: str, user=None) -> bool:
    """The buyer cancels the whole checkout from the shop (not from a payment page): every open attempt is
    abandoned (``abandon_payment``), and unpaid orders with no attempt at all are cancelled too. Returns True when
    orders were cancelled; False when a payment got through (nothing is cancelled then) or nothing was left."""
    open_attempts = list(PaymentAttempt.objects.filter(checkout_id=checkout.pk, status__in=OPEN_STATUSES))
    cancelled = any([abandon_payment(attempt, reason=reason, user=user) for attempt in open_attempts])
    if PaymentAttempt.objects.filter(checkout_id=checkout.pk, status__in=OPEN_STATUSES + MONEY_RECEIVED).exists():
        return cancelled
    return bool(order_services.cancel_unpaid_orders(checkout, reason=reason, user=user)) or cancelled
