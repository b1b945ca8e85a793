"""Receiving provider notifications: verify, store once, re-check with the provider, apply once. Used by the webhook
views; never depends on Redis (the cache is not touched on this path).

Response policy (Midtrans and Stripe both retry until they get 2xx):
- 400: the signature is missing or wrong, or the body cannot be read (recorded, bounded: ``rejections``);
- 413: the body is larger than ``MAX_BODY`` (recorded without the body);
- 429: too many rejected notifications from one address (``rejections``; signed ones are never limited);
- 200: a well-signed event, whether it changed something or not (duplicate, unknown attempt, late status, wrong
  amount, a reversal the provider does not confirm: stored with that outcome; a retry would change nothing);
- 503: the database or the provider's status check failed; nothing was half-applied, and the retry will finish
  the job (an event stays ``received`` until it is applied, so the retry is not taken for a duplicate).

Every change runs under the stored event's row lock (``_once``): concurrent copies of one notification queue on
it, the first applies, the others find a final outcome and are answered (and counted) as duplicates.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F

from .errors import NotificationError, ProviderError
from .gateways.base import Gateway, Notification, ReversalKind
from .locks import lock_event
from .models import AttemptStatus, EventOutcome, PaymentAttempt, PaymentEvent, Refund, RefundStatus
from .registry import get_gateway
from .rejections import client_address, record_rejected
from .services import (
    apply_external_reversal,
    apply_provider_reversals,
    apply_status,
    complete_refund,
    fail_refund,
    record_dispute_won,
    settle_consequences,
)
from .states import MONEY_RECEIVED, REVERSED, amount_matches

logger = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
FINAL_OUTCOMES = frozenset(set(EventOutcome) - {EventOutcome.RECEIVED})


@dataclass
class Handled:
    http_status: int
    outcome: str
    event: PaymentEvent | None = None
    retry_after: int | None = None


def handle_notification(gateway_name: str, request) -> Handled:
    """Verify, store and apply one notification; returns the HTTP status to answer with. Never raises."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    try:
        if length > MAX_BODY:
            return _reject(gateway_name, request, b"", length, f"body too large ({length} bytes)", 413)
        try:
            body = request.body
        except Exception:  # RequestDataTooBig, client disconnect
            return Handled(400, EventOutcome.REJECTED)
        if len(body) > MAX_BODY:
            return _reject(gateway_name, request, b"", len(body), f"body too large ({len(body)} bytes)", 413)
        gateway = get_gateway(gateway_name)
        try:
            note = gateway.parse_notification(request)
        except NotificationError as exc:
            return _reject(gateway_name, request, body, len(body), str(exc.code), exc.http_status)
        return _apply(gateway, note, body)
    except DatabaseError:
        logger.exception("database error while handling a %s notification", gateway_name)
        return Handled(503, EventOutcome.ERROR)


def _reject(gateway_name, request, body: bytes, size: int, reason: str, http_status: int) -> Handled:
    rejection = record_rejected(
        gateway_name, address=client_address(request), body=body, size=size, reason=reason, http_status=http_status
    )
    return Handled(rejection.http_status, rejection.outcome, rejection.event, rejection.retry_after)


def _apply(gateway: Gateway, note: Notification, body: bytes) -> Handled:
    event = _store_once(gateway, note, body)
    if event.outcome in FINAL_OUTCOMES:
        return _duplicate(event)
    attempt, error = _find_attempt(gateway, note, event)
    if error is not None:
        return error
    if attempt is None:
        _finish(event, EventOutcome.UNKNOWN_ATTEMPT, note.provider_id)
        return Handled(200, EventOutcome.UNKNOWN_ATTEMPT, event)
    if note.refund is not None:
        return _apply_reversal(gateway, event, attempt, note)
    if note.status is None:
        _finish(event, EventOutcome.IGNORED, f"informational {note.payment_type}", attempt)
        return Handled(200, EventOutcome.IGNORED, event)
    if not amount_matches(attempt, note.amount, note.currency):
        detail = f"{note.amount} {note.currency} ≠ {attempt.amount} {attempt.currency}"
        _finish(event, EventOutcome.AMOUNT_MISMATCH, detail, attempt)
        return Handled(200, EventOutcome.AMOUNT_MISMATCH, event)
    return _apply_payment_status(gateway, event, attempt, note)


def _store_once(gateway: Gateway, note: Notification, body: bytes) -> PaymentEvent:
    event_id = (note.event_id or f"digest-{hashlib.sha256(body).hexdigest()}")[:255]
    try:
        with transaction.atomic():
            event, _created = PaymentEvent.objects.get_or_create(
                gateway=gateway.name,
                event_id=event_id,
                defaults={
                    "signature_valid": True,
                    "raw_body": body.decode("utf-8", "replace"),
                    "body_size": len(body),
                    "body_digest": hashlib.sha256(body).hexdigest(),
                    "outcome": EventOutcome.RECEIVED,
                },
            )
    except IntegrityError:  # the same event arriving concurrently
        event = PaymentEvent.objects.get(gateway=gateway.name, event_id=event_id)
    return event


def _duplicate(event: PaymentEvent) -> Handled:
    PaymentEvent.objects.filter(pk=event.pk).update(repeats=F("repeats") + 1)
    return Handled(200, EventOutcome.DUPLICATE, event)


def _find_attempt(gateway, note, event) -> tuple[PaymentAttempt | None, Handled | None]:
    provider_id = note.provider_id
    if not provider_id and note.refund is not None and note.refund.external_kind:
        try:  # a charge or dispute names only the payment intent (no lock is held here)
            provider_id = gateway.lookup_provider_id(note)
        except ProviderError:
            logger.warning("could not look up the attempt of %s event %s", gateway.name, event.event_id)
            return None, Handled(503, EventOutcome.ERROR, event)
    if not provider_id:
        return None, None
    return PaymentAttempt.objects.filter(gateway=gateway.name, provider_id=provider_id).first(), None


def _finish(event: PaymentEvent, outcome: str, detail: str = "", attempt: PaymentAttempt | None = None) -> None:
    PaymentEvent.objects.filter(pk=event.pk).update(
        outcome=outcome, detail=detail[:255], attempt=attempt or event.attempt
    )
    event.outcome, event.detail = outcome, detail


def _once(event: PaymentEvent, attempt: PaymentAttempt, work: Callable[[], tuple]) -> Handled:
    """Run ``work`` under the event's row lock unless a copy of the event already finished it.

    ``work`` returns (outcome, detail) or (outcome, detail, after_commit); it runs in the same transaction as the
    event's outcome, so a database error leaves the event ``received`` for the provider's retry."""
    after = None
    with transaction.atomic():
        locked = lock_event(event.pk)
        if locked.outcome in FINAL_OUTCOMES:
            duplicate = True
        else:
            duplicate = False
            outcome, detail, *rest = work()
            after = rest[0] if rest else None
            _finish(locked, outcome, detail, attempt)
    if duplicate:
        return _duplicate(locked)
    if after is not None:
        after()
    return Handled(200, locked.outcome, locked)


# --------------------------------------------------------------------------------------------------- payments


def _apply_payment_status(gateway, event, attempt, note) -> Handled:
    status, payment_type = note.status, note.payment_type
    if status == AttemptStatus.PAID and attempt.status not in MONEY_RECEIVED:
        # Trust the provider's API over the notification body before money counts (no lock held here).
        try:
            checked = gateway.fetch_status(attempt)
        except ProviderError:
            logger.warning("status re-check failed for %s; asking the provider to retry", attempt.provider_id)
            return Handled(503, EventOutcome.ERROR, event)
        if checked.status != AttemptStatus.PAID:
            _finish(event, EventOutcome.NOT_CONFIRMED, f"provider says {checked.status}", attempt)
            return Handled(200, EventOutcome.NOT_CONFIRMED, event)
        if not amount_matches(attempt, checked.amount, checked.currency):
            detail = f"status check: {checked.amount} {checked.currency}"
            _finish(event, EventOutcome.AMOUNT_MISMATCH, detail, attempt)
            return Handled(200, EventOutcome.AMOUNT_MISMATCH, event)
        payment_type = checked.payment_type or payment_type

    def work():
        result = apply_status(attempt, status, payment_type=payment_type)
        return result.outcome, result.detail, lambda: settle_consequences(result)

    return _once(event, attempt, work)


# --------------------------------------------------------------------------------------------------- reversals


def _apply_reversal(gateway, event, attempt, note) -> Handled:
    if gateway.reversals_need_status_check:
        return _apply_confirmed_reversal(gateway, event, attempt)
    info = note.refund
    refund = Refund.objects.filter(attempt=attempt, refund_key=info.refund_key).first() if info.refund_key else None
    if refund is not None:
        return _once(event, attempt, lambda: _settle_own_refund(refund, info))
    if info.external_kind == ReversalKind.DISPUTE_LOST:
        _finish(event, EventOutcome.IGNORED, f"dispute {info.reference} lost: the chargeback stands", attempt)
        return Handled(200, EventOutcome.IGNORED, event)
    if not info.external_kind or not info.succeeded:
        _finish(event, EventOutcome.IGNORED, "refund not started from the shop", attempt)
        return Handled(200, EventOutcome.IGNORED, event)
    if info.external_kind == ReversalKind.DISPUTE_WON:
        return _once(event, attempt, lambda: _dispute_won(event, attempt, info))
    return _once(event, attempt, lambda: _external_reversal(event, attempt, note))


def _apply_confirmed_reversal(gateway, event, attempt) -> Handled:
    """The signature does not cover the body (Midtrans): a refund or chargeback counts only as far as the provider's
    status API confirms it, asked with no lock held. A replayed settlement rewritten into a chargeback finds the
    provider saying "settlement" and changes nothing."""
    try:
        checked = gateway.fetch_status(attempt)
    except ProviderError:
        logger.warning("status check of reversal on %s failed; asking the provider to retry", attempt.provider_id)
        return Handled(503, EventOutcome.ERROR, event)
    if checked.status not in REVERSED:
        _finish(event, EventOutcome.NOT_CONFIRMED, f"reversal not confirmed: provider says {checked.status}", attempt)
        return Handled(200, EventOutcome.NOT_CONFIRMED, event)
    return _once(event, attempt, lambda: apply_provider_reversals(attempt, checked, event=event))


def _settle_own_refund(refund: Refund, info) -> tuple[str, str]:
    if info.failed and fail_refund(refund):
        return EventOutcome.APPLIED, f"refund {refund.refund_key} failed at the provider"
    if not info.succeeded:
        return EventOutcome.IGNORED, "refund not final yet"
    if refund.status != RefundStatus.SUCCEEDED and complete_refund(refund):
        return EventOutcome.APPLIED, f"refund {refund.refund_key}"
    return EventOutcome.IGNORED, f"refund {refund.refund_key} already recorded"


def _dispute_won(event, attempt, info) -> tuple[str, str]:
    won = record_dispute_won(attempt, dispute_id=info.reference, amount=info.amount, event=event)
    if won is None:
        return EventOutcome.IGNORED, "dispute outcome already known"
    return EventOutcome.NEEDS_ATTENTION, f"dispute {info.reference} won: left for a person"


def _external_reversal(event, attempt, note) -> tuple[str, str]:
    """Money returned outside the shop (provider dashboard, chargeback): applied or flagged, never guessed."""
    info = note.refund
    reversal = apply_external_reversal(
        attempt,
        kind=info.external_kind,
        amount=info.amount,
        cumulative=info.cumulative,
        full=note.status == AttemptStatus.REFUNDED,
        reference=info.reference or event.event_id,
        event=event,
    )
    if reversal is None:
        return EventOutcome.IGNORED, "reversal already known"
    if reversal.outcome == reversal.Outcome.APPLIED:
        return EventOutcome.APPLIED, f"{info.external_kind} → order {reversal.order.number}"
    return EventOutcome.NEEDS_ATTENTION, f"{info.external_kind}: {reversal.detail}"
