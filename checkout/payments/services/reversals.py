"""Money returned outside the shop (a refund in the provider's dashboard, a chargeback, a won dispute): applied to
the right store order when that is certain, otherwise left for a marketplace admin. Never guessed.

Locks follow ``checkout.locks``' order: attempt → orders → refund / reversal.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.money import format_money
from checkout.models import Order
from checkout.services import orders as order_services

from ..errors import PaymentErrorCode, RefundError
from ..gateways.base import ProviderStatus, RefundState, ReversalKind
from ..locks import lock_attempt_and_orders, lock_reversal
from ..models import (
    AttemptStatus,
    EventOutcome,
    ExternalReversal,
    PaymentAttempt,
    Refund,
    RefundKind,
    RefundStatus,
)
from ..states import MONEY_RECEIVED
from .refunds import complete_refund, fail_refund, paid_attempt_for, refundable_amount


def _shop_known_reversed(attempt: PaymentAttempt) -> Decimal:
    """Money on ``attempt`` already known to be going back: refunds the shop started (pending or done, duplicate
    payments included) plus reversals reported before (applied or left for a person)."""
    ours = Refund.objects.filter(attempt=attempt).committed().started_by_shop().aggregate(s=Sum("amount"))["s"]
    outside = (
        ExternalReversal.objects.filter(attempt=attempt)
        .exclude(kind=ExternalReversal.Kind.DISPUTE_WON)  # money that came back, not money going out
        .aggregate(s=Sum("amount"))["s"]
    )
    return (ours or Decimal(0)) + (outside or Decimal(0))


def _record_reversal_refund(reversal: ExternalReversal, order: Order, *, user=None) -> None:
    """Money returned outside the shop, recorded on ``order`` like a refund the shop made (a ``Refund`` of kind
    ``external``: keeps ``refundable_amount`` right; a full refund moves the order to refunded)."""
    refund = Refund.objects.create(
        order=order,
        attempt=reversal.attempt,
        amount=reversal.amount,
        reason=_("%(kind)s via %(gateway)s")
        % {"kind": reversal.get_kind_display(), "gateway": reversal.attempt.gateway},
        refund_key=f"ext-{reversal.pk}",
        kind=RefundKind.EXTERNAL,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    complete_refund(refund, user=user, chargeback=reversal.kind == ExternalReversal.Kind.CHARGEBACK)


def apply_external_reversal(
    attempt: PaymentAttempt,
    *,
    kind: str,
    amount: Decimal | None,
    cumulative: bool,
    full: bool = False,
    reference: str,
    event=None,
) -> ExternalReversal | None:
    """Apply money returned outside the shop (provider dashboard refund, chargeback) to the right store order.

    - ``cumulative``: ``amount`` is everything returned on the payment so far; only what the shop does not know
      yet counts (so the notifications of the shop's own refunds, and repeats, add nothing). ``amount`` None with
      ``full``: the whole payment.
    - One store order in the checkout: applied to it (``apply_refund``) if it fits what is left.
    - Several: applied only to the one order whose refundable amount equals it exactly; otherwise (no match, two
      matches, too much, or money from a duplicate payment) nothing is applied: the reversal is recorded as
      ``needs_attention`` and every order of the checkout gets an attention event for a person. Never guesses.

    Idempotent on (attempt, ``reference``). One transaction, attempt then orders locked. Returns None when there is
    nothing new.
    """
    with transaction.atomic():
        attempt, orders = lock_attempt_and_orders(attempt.pk)
        if ExternalReversal.objects.filter(attempt=attempt, reference=reference[:255]).exists():
            return None
        if amount is None and full:
            amount = attempt.amount
        if amount is not None and cumulative:
            amount = amount - _shop_known_reversed(attempt)
        if amount is not None and amount <= 0:
            return None
        target, why = _target_order(attempt, orders, amount)
        reversal = ExternalReversal.objects.create(
            attempt=attempt,
            event=event,
            kind=kind,
            amount=amount or Decimal(0),
            currency=attempt.currency,
            reference=reference[:255],
            order=target,
            outcome=ExternalReversal.Outcome.APPLIED if target else ExternalReversal.Outcome.NEEDS_ATTENTION,
            detail=str(why)[:255],
        )
        if target is not None:
            _record_reversal_refund(reversal, target)
        else:
            _flag_orders(orders, reversal, amount, why)
    return reversal


def _target_order(attempt: PaymentAttempt, orders: list[Order], amount: Decimal | None):
    """(the one order the money certainly belongs to, or None; why not)."""
    first_paid = paid_attempt_for(orders[0]) if orders else None
    if amount is None:
        return None, _("the provider did not state the amount")
    if attempt.status not in MONEY_RECEIVED or (first_paid is not None and first_paid.pk != attempt.pk):
        return None, _("this is not the payment counted for the order (a duplicate payment)")
    if len(orders) == 1:
        if amount <= refundable_amount(orders[0]):
            return orders[0], ""
        return None, _("the amount is more than what is left to refund")
    matches = [o for o in orders if refundable_amount(o) == amount]
    if len(matches) == 1:
        return matches[0], ""
    return None, _("the amount does not match exactly one store order")


def _flag_orders(orders, reversal: ExternalReversal, amount, why) -> None:
    attempt = reversal.attempt
    shown = format_money(amount, attempt.currency) if amount is not None else _("unknown amount")
    message = _(
        "%(kind)s of %(amount)s on payment %(id)s was not applied automatically: "
        "%(why)s. Check the provider's dashboard and record the refund on the right "
        "order."
    ) % {"kind": ExternalReversal.Kind(reversal.kind).label, "amount": shown, "id": attempt.provider_id, "why": why}
    for order in orders:
        order_services.flag_for_attention(order, message)


# --------------------------------------------------------------------------------------------------- confirmed


@dataclass
class ReversalTally:
    completed: int = 0
    failed: int = 0
    applied: int = 0
    flagged: int = 0

    def outcome(self) -> tuple[str, str]:
        detail = (
            f"refunds completed {self.completed}, failed {self.failed}; "
            f"outside the shop applied {self.applied}, left for a person {self.flagged}"
        )
        if self.flagged:
            return EventOutcome.NEEDS_ATTENTION, detail
        if self.completed or self.applied or self.failed:
            return EventOutcome.APPLIED, detail
        return EventOutcome.IGNORED, "nothing new: " + detail


def apply_provider_reversals(attempt: PaymentAttempt, checked: ProviderStatus, *, event=None) -> tuple[str, str]:
    """Apply what the provider's status API says has gone back on ``attempt`` (never what a notification body
    claims: Midtrans does not sign it). Returns (``EventOutcome``, detail).

    - The shop's own refunds, matched by ``refund_key`` in the provider's ``refunds[]``: completed once the bank
      confirmed them (Midtrans ``bank_confirmed_at``), failed if the provider gave up; still pending otherwise.
    - Every other confirmed entry is money returned outside the shop, applied once per entry
      (``apply_external_reversal``, reference ``refund-<provider id>``).
    - No ``refunds[]`` at all: the running total (``refund_amount``) minus what the shop knows, or the whole
      payment when the provider says it is fully reversed. A chargeback the entries do not explain is left for a
      person (amount unknown). Call it inside the transaction that holds the event's lock.
    """
    kind = checked.reversal_kind or ReversalKind.REFUND
    tally = ReversalTally()
    ours = {r.refund_key: r for r in Refund.objects.filter(attempt=attempt)}
    external = [e for e in checked.refunds if e.key not in ours]
    for entry in checked.refunds:
        if entry.key in ours:
            _settle_own_refund(ours[entry.key], entry.state, tally)
        elif entry.state == RefundState.SUCCEEDED:
            reversal = apply_external_reversal(
                attempt,
                kind=kind,
                amount=entry.amount,
                cumulative=False,
                reference=f"refund-{entry.reference or entry.key}",
                event=event,
            )
            _count(tally, reversal)
    reference = event.event_id if event is not None else f"status-{kind}-{checked.refunded_total}"
    if not checked.refunds:
        # Shapes without refunds[]: the running total, or the whole payment once the provider says it is all back.
        full = checked.refunded_total is None and checked.status == AttemptStatus.REFUNDED
        reversal = apply_external_reversal(
            attempt, kind=kind, amount=checked.refunded_total, cumulative=True, full=full, reference=reference,
            event=event,
        )
        _count(tally, reversal)
    elif kind == ReversalKind.CHARGEBACK and not external:
        # A chargeback the entries do not explain: how much went back is unknown, so a person decides.
        reversal = apply_external_reversal(
            attempt, kind=kind, amount=None, cumulative=False, reference=reference, event=event
        )
        _count(tally, reversal)
    return tally.outcome()


def _settle_own_refund(refund: Refund, state: str, tally: ReversalTally) -> None:
    if state == RefundState.SUCCEEDED and refund.status != RefundStatus.SUCCEEDED:
        tally.completed += complete_refund(refund)
    elif state == RefundState.FAILED and refund.status == RefundStatus.PENDING:
        tally.failed += fail_refund(refund)


def _count(tally: ReversalTally, reversal: ExternalReversal | None) -> None:
    if reversal is None:
        return
    if reversal.outcome == ExternalReversal.Outcome.APPLIED:
        tally.applied += 1
    else:
        tally.flagged += 1


# --------------------------------------------------------------------------------------------------- settling


def resolve_external_reversal(reversal: ExternalReversal, *, order: Order | None, note: str, user) -> ExternalReversal:
    """A marketplace admin settles a reversal the shop left for a person, after checking the provider's dashboard.

    ``order``: the store order the money was returned for; a refund is recorded on it exactly as for an applied
    reversal (``Refund`` of kind ``external``, ``apply_refund``). ``None``: the money belonged to no order (a
    duplicate payment given back, or a won dispute settled by hand); nothing but the note is recorded. Every order
    of the checkout gets an event with who settled it and how.

    Idempotent: a reversal already settled is returned unchanged. Raises ``RefundError`` (nothing changes) without a
    note, for an order outside the payment's checkout, for an amount above what that order has left, or when a won
    dispute is to be "applied" (money came back; only a person can undo a refund).
    """
    note = (note or "").strip()
    if not note:
        raise RefundError(_("Write a note: what you checked and decided."), code=PaymentErrorCode.REFUND_INVALID)
    with transaction.atomic():
        _attempt, orders = lock_attempt_and_orders(reversal.attempt_id)
        locked = lock_reversal(reversal.pk)
        if locked.outcome != ExternalReversal.Outcome.NEEDS_ATTENTION:
            return locked
        target = _settlement_target(locked, orders, order)
        if target is not None:
            _record_reversal_refund(locked, target, user=user)
        locked.order = target
        locked.outcome = ExternalReversal.Outcome.RESOLVED
        locked.resolved_by = user
        locked.resolved_at = timezone.now()
        locked.resolution_note = note[:255]
        locked.save(update_fields=["order", "outcome", "resolved_by", "resolved_at", "resolution_note"])
        _record_settlement(locked, orders, target, user)
    return locked


def _settlement_target(locked: ExternalReversal, orders: list[Order], order: Order | None) -> Order | None:
    """The locked order the admin chose (None: not for any order); ``RefundError`` if that cannot be."""
    if order is None:
        return None
    target = next((o for o in orders if o.pk == order.pk), None)
    if target is None:
        raise RefundError(_("That order is not part of this payment."), code=PaymentErrorCode.REFUND_INVALID)
    if locked.kind == ExternalReversal.Kind.DISPUTE_WON:
        raise RefundError(
            _("The money of a won dispute came back to the store; there is no refund to record."),
            code=PaymentErrorCode.REFUND_INVALID,
        )
    left = refundable_amount(target)
    if locked.amount <= 0 or locked.amount > left:
        raise RefundError(
            _("%(amount)s is more than order %(number)s has left to refund (%(left)s).")
            % {"amount": locked.amount, "number": target.number, "left": left},
            code=PaymentErrorCode.REFUND_INVALID,
        )
    return target


def _record_settlement(locked: ExternalReversal, orders: list[Order], target: Order | None, user) -> None:
    how = (
        _("recorded as a refund of order %(number)s") % {"number": target.number}
        if target
        else _("not applied to any order")
    )
    message = _("%(kind)s of %(amount)s on payment %(id)s settled: %(how)s. Note: %(note)s") % {
        "kind": locked.get_kind_display(),
        "amount": format_money(locked.amount, locked.currency),
        "id": locked.attempt.provider_id,
        "how": how,
        "note": locked.resolution_note,
    }
    for o in orders:
        order_services.record_attention_resolved(o, message, user=user)


def record_dispute_won(attempt: PaymentAttempt, *, dispute_id: str, amount: Decimal | None, event=None):
    """Stripe closed a dispute in the store's favour: the chargeback's money came back. Recorded once per dispute
    and left for a person (``resolve_external_reversal``); never undone automatically, because the chargeback may
    have refunded an order and released its stock meanwhile. Returns None when already known."""
    with transaction.atomic():
        attempt, orders = lock_attempt_and_orders(attempt.pk)
        reference = f"{dispute_id}:won"
        if ExternalReversal.objects.filter(attempt=attempt, reference=reference).exists():
            return None
        chargeback = ExternalReversal.objects.filter(attempt=attempt, reference=dispute_id).first()
        amount = amount if amount is not None else (chargeback.amount if chargeback else Decimal(0))
        where = (
            _("recorded as a refund of order %(number)s") % {"number": chargeback.order.number}
            if chargeback and chargeback.order_id
            else _("not recorded on an order")
        )
        reversal = ExternalReversal.objects.create(
            attempt=attempt,
            event=event,
            kind=ExternalReversal.Kind.DISPUTE_WON,
            amount=amount,
            currency=attempt.currency,
            reference=reference[:255],
            order=chargeback.order if chargeback else None,
            outcome=ExternalReversal.Outcome.NEEDS_ATTENTION,
            detail=str(_("its chargeback was %(where)s") % {"where": where})[:255],
        )
        message = _(
            "Dispute %(id)s won: %(amount)s came back to the store. Its chargeback was "
            "%(where)s; check the order and record how it was settled."
        ) % {"id": dispute_id, "amount": format_money(amount, attempt.currency), "where": where}
        for order in orders:
            order_services.flag_for_attention(order, message)
    return reversal
