"""Receiving provider notifications: verify, store once, re-check, apply. Used by the webhook views.

Response policy (Midtrans and Stripe both retry until they get 2xx):
- 400: the signature is missing or wrong, or the body cannot be read (stored as rejected, for audit);
- 413: the body is larger than ``MAX_BODY`` (stored as rejected, without the body);
- 200: a well-signed event, whether it changed something or not (duplicate, unknown attempt, late status, wrong
  amount: stored with that outcome; a retry would change nothing);
- 503: the database or the provider's status check failed; nothing was half-applied, and the retry will finish
  the job (an event stays ``received`` until it is applied, so the retry is not taken for a duplicate).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.db import DatabaseError, IntegrityError, transaction

from .errors import NotificationError, ProviderError
from .models import AttemptStatus, PaymentAttempt, PaymentEvent, Refund
from .registry import get_gateway
from .services import (
    amount_matches,
    apply_external_reversal,
    apply_status,
    complete_refund,
    record_dispute_won,
    settle_consequences,
)

logger = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
RECEIVED = "received"
FINAL_OUTCOMES = {
    "applied",
    "ignored",
    "duplicate",
    "unknown_attempt",
    "amount_mismatch",
    "not_confirmed",
    "needs_attention",
}


@dataclass
class Handled:
    http_status: int
    outcome: str
    event: PaymentEvent | None = None


def _digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _store_rejected(
    gateway: str, body: bytes, outcome: str, detail: str, *, keep_body: bool = True
) -> PaymentEvent:
    event, _created = PaymentEvent.objects.get_or_create(
        gateway=gateway,
        event_id=f"rejected-{_digest(body)}",
        defaults={
            "signature_valid": False,
            "raw_body": body[:MAX_BODY].decode("utf-8", "replace") if keep_body else "",
            "outcome": outcome,
            "detail": detail[:255],
        },
    )
    return event


def _finish(
    event: PaymentEvent, outcome: str, detail: str = "", attempt: PaymentAttempt | None = None
) -> None:
    PaymentEvent.objects.filter(pk=event.pk).update(
        outcome=outcome, detail=detail[:255], attempt=attempt or event.attempt
    )
    event.outcome, event.detail = outcome, detail


def handle_notification(gateway_name: str, request) -> Handled:
    """Verify, store and apply one notification; returns the HTTP status to answer with. Never raises."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY:
        meta = f"{request.META.get('REMOTE_ADDR', '')}|{length}|{request.headers.get('Stripe-Signature', '')}".encode()
        event = _store_rejected(
            gateway_name, meta, "rejected", f"body too large ({length} bytes)", keep_body=False
        )
        return Handled(413, "rejected", event)
    try:
        body = request.body
    except Exception:  # RequestDataTooBig, client disconnect
        return Handled(400, "rejected")
    if len(body) > MAX_BODY:
        event = _store_rejected(
            gateway_name, body, "rejected", f"body too large ({len(body)} bytes)", keep_body=False
        )
        return Handled(413, "rejected", event)

    gateway = get_gateway(gateway_name)
    try:
        note = gateway.parse_notification(request)
    except NotificationError as exc:
        try:
            event = _store_rejected(gateway_name, body, "rejected", str(exc.code))
        except DatabaseError:
            return Handled(503, "error")
        return Handled(exc.http_status, "rejected", event)

    try:
        return _apply(gateway, note, body)
    except DatabaseError:
        logger.exception("database error while applying %s notification %s", gateway_name, note.event_id)
        return Handled(503, "error")


def _apply(gateway, note, body: bytes) -> Handled:
    event_id = note.event_id or f"digest-{_digest(body)}"
    try:
        with transaction.atomic():
            event, created = PaymentEvent.objects.get_or_create(
                gateway=gateway.name,
                event_id=event_id[:255],
                defaults={
                    "signature_valid": True,
                    "raw_body": body.decode("utf-8", "replace"),
                    "outcome": RECEIVED,
                },
            )
    except IntegrityError:  # the same event arriving concurrently
        event, created = PaymentEvent.objects.get(gateway=gateway.name, event_id=event_id[:255]), False
    if not created and event.outcome in FINAL_OUTCOMES:
        return Handled(200, "duplicate", event)

    provider_id = note.provider_id
    if not provider_id and note.refund is not None and note.refund.external_kind:
        try:  # a charge or dispute names only the payment intent (no lock is held here)
            provider_id = gateway.lookup_provider_id(note)
        except ProviderError:
            logger.warning("could not look up the attempt of %s event %s", gateway.name, event_id)
            return Handled(503, "error", event)
    attempt = (
        PaymentAttempt.objects.filter(gateway=gateway.name, provider_id=provider_id).first()
        if provider_id
        else None
    )
    if attempt is None:
        _finish(event, "unknown_attempt", note.provider_id)
        return Handled(200, "unknown_attempt", event)

    if note.refund is not None:
        return _apply_refund(event, attempt, note)

    if note.status is None:
        _finish(event, "ignored", f"informational {note.payment_type}", attempt)
        return Handled(200, "ignored", event)

    if not amount_matches(attempt, note.amount, note.currency):
        _finish(
            event,
            "amount_mismatch",
            f"{note.amount} {note.currency} ≠ {attempt.amount} {attempt.currency}",
            attempt,
        )
        return Handled(200, "amount_mismatch", event)

    status, payment_type = note.status, note.payment_type
    if status == AttemptStatus.PAID and attempt.status not in (
        AttemptStatus.PAID,
        AttemptStatus.PARTIALLY_REFUNDED,
        AttemptStatus.REFUNDED,
    ):
        # Trust the provider's API over the notification body before money counts (no lock held here).
        try:
            checked = gateway.fetch_status(attempt)
        except ProviderError:
            logger.warning("status re-check failed for %s; asking the provider to retry", attempt.provider_id)
            return Handled(503, "error", event)
        if checked.status != AttemptStatus.PAID:
            _finish(event, "not_confirmed", f"provider says {checked.status}", attempt)
            return Handled(200, "not_confirmed", event)
        if not amount_matches(attempt, checked.amount, checked.currency):
            _finish(event, "amount_mismatch", f"status check: {checked.amount} {checked.currency}", attempt)
            return Handled(200, "amount_mismatch", event)
        payment_type = checked.payment_type or payment_type

    with transaction.atomic():
        # Copies of one event racing each other share this row: the first to lock it applies the status, the
        # others see a final outcome and stop, so the audit trail keeps "applied" instead of a late "no change".
        event = PaymentEvent.objects.select_for_update().get(pk=event.pk)
        if event.outcome in FINAL_OUTCOMES:
            return Handled(200, "duplicate", event)
        result = apply_status(attempt, status, payment_type=payment_type)
        _finish(event, result.outcome, result.detail, attempt)
    settle_consequences(result)
    return Handled(200, result.outcome, event)


def _apply_refund(event, attempt, note) -> Handled:
    info = note.refund
    refund = (
        Refund.objects.filter(attempt=attempt, refund_key=info.refund_key).first()
        if info.refund_key
        else None
    )
    if refund is None:
        if info.external_kind == "dispute_lost":
            _finish(event, "ignored", f"dispute {info.reference} lost: the chargeback stands", attempt)
            return Handled(200, "ignored", event)
        if not info.external_kind or not info.succeeded:
            _finish(event, "ignored", "refund not started from the shop", attempt)
            return Handled(200, "ignored", event)
        if info.external_kind == "dispute_won":
            with transaction.atomic():
                won = record_dispute_won(attempt, dispute_id=info.reference, amount=info.amount, event=event)
                if won is None:
                    _finish(event, "ignored", "dispute outcome already known", attempt)
                else:
                    _finish(event, "needs_attention", f"dispute {info.reference} won: left for a person", attempt)
            return Handled(200, event.outcome, event)
        # Money returned outside the shop (provider dashboard, chargeback): applied or flagged, never guessed.
        with transaction.atomic():
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
                _finish(event, "ignored", "reversal already known", attempt)
            elif reversal.outcome == reversal.Outcome.APPLIED:
                _finish(event, "applied", f"{info.external_kind} → order {reversal.order.number}", attempt)
            else:
                _finish(event, "needs_attention", f"{info.external_kind}: {reversal.detail}", attempt)
        return Handled(200, event.outcome, event)
    if not info.succeeded:
        _finish(event, "ignored", "refund not final yet", attempt)
        return Handled(200, "ignored", event)
    with transaction.atomic():
        did = complete_refund(refund)
        _finish(event, "applied" if did else "ignored", f"refund {refund.refund_key}", attempt)
    return Handled(200, event.outcome, event)
