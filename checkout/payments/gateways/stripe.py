"""Stripe Checkout (hosted page) through ``stripe.StripeClient``.

- Base address from ``STRIPE_API_BASE`` (the simulator in the demo), explicit ``max_network_retries``, a timeout,
  deterministic idempotency keys (``cs-<provider id>`` to create, the refund key to refund).
- Amounts arrive as ``catalog.money.Money`` and leave in Stripe's minor units (``to_minor``, the one place they
  are computed) with a lowercase currency: one line per store order (its total), so discounts never need a
  negative line (Stripe refuses them).
- Webhooks are verified with ``construct_event`` (HMAC-SHA256, tolerance 300 s) on the raw body.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal

import stripe
from babel.numbers import is_currency
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.money import Money

from ..config import stripe_config
from ..errors import MalformedNotification, ProviderError, SignatureError
from ..links import return_url
from ..models import AttemptStatus
from .base import (
    Gateway,
    Notification,
    ProviderRefund,
    ProviderStatus,
    RefundInfo,
    RefundResult,
    RefundState,
    ReversalKind,
    StartResult,
    channel_window,
)

logger = logging.getLogger(__name__)

ZERO_DECIMAL = {
    "BIF",
    "CLP",
    "DJF",
    "GNF",
    "JPY",
    "KMF",
    "KRW",
    "MGA",
    "PYG",
    "RWF",
    "UGX",
    "VND",
    "VUV",
    "XAF",
    "XOF",
    "XPF",
}
THREE_DECIMAL = {"BHD", "JOD", "KWD", "OMR", "TND"}
#: Stripe refuses a Checkout Session that expires sooner than 30 minutes or later than 24 hours.
MIN_WINDOW, MAX_WINDOW = timedelta(minutes=30), timedelta(hours=24)
TOLERANCE = 300


def _factor(currency: str) -> int:
    """Stripe's minor units per unit of ``currency``: 100 unless Stripe lists it as zero- or three-decimal (IDR is
    two-decimal at Stripe, although rupiah have no cents)."""
    currency = currency.upper()
    return 1 if currency in ZERO_DECIMAL else 1000 if currency in THREE_DECIMAL else 100


def to_minor(money: Money) -> int:
    """``money`` in Stripe's units: IDR and MYR ×100 (Rp150.000 → 15000000, RM25.00 → 2500 sen), zero-decimal ×1,
    three-decimal ×1000. ``ValueError`` for a code that is not a currency, or an amount finer than Stripe's unit
    (¥10.5): refused rather than rounded into a different charge."""
    if not isinstance(money, Money):
        raise TypeError(f"to_minor takes a Money, not {money!r}")
    if not is_currency(money.currency):
        raise ValueError(f"Stripe cannot charge {money.currency!r}: not an ISO 4217 currency")
    minor = money.amount * _factor(money.currency)
    if minor != minor.to_integral_value():
        raise ValueError(f"{money.amount} {money.currency} is finer than Stripe's unit")
    return int(minor)


def from_minor(amount, currency: str) -> Decimal | None:
    """A Stripe amount (minor units) in ``currency`` back to a ``Decimal``; None stays None."""
    if amount is None:
        return None
    return Decimal(int(amount)) / _factor(currency)


def session_status(session) -> str | None:
    status, paid = session.get("status"), session.get("payment_status")
    if paid in ("paid", "no_payment_required"):
        return AttemptStatus.PAID
    if status == "expired":
        return AttemptStatus.EXPIRED
    if status in ("open", "complete"):
        return AttemptStatus.PENDING
    return None


#: Event type → how to read it. Session events carry the Checkout Session; payment_intent events the intent.
SESSION_EVENTS = {
    "checkout.session.completed": None,  # paid or (delayed methods) still pending: read payment_status
    "checkout.session.async_payment_succeeded": AttemptStatus.PAID,
    "checkout.session.async_payment_failed": AttemptStatus.FAILED,
    "checkout.session.expired": AttemptStatus.EXPIRED,
}
REFUND_STATES = {"succeeded": RefundState.SUCCEEDED, "failed": RefundState.FAILED, "canceled": RefundState.FAILED}


class StripeGateway(Gateway):
    name = "stripe"
    label = gettext_lazy("Card (Stripe)")

    def __init__(self):
        self.config = stripe_config()

    def is_configured(self) -> bool:
        return self.config is not None

    def client(self) -> stripe.StripeClient:
        cfg = self.config
        if cfg is None:
            raise ProviderError(_("Stripe is not configured."), retryable=False)
        kwargs = {}
        if cfg.api_base:
            kwargs["base_addresses"] = {"api": cfg.api_base}
        return stripe.StripeClient(
            cfg.secret_key,
            max_network_retries=getattr(settings, "STRIPE_MAX_NETWORK_RETRIES", 2),
            http_client=stripe.RequestsClient(timeout=settings.PAYMENT_HTTP_TIMEOUT),
            **kwargs,
        )

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except stripe.APIConnectionError as exc:
            raise ProviderError(_("Stripe did not answer in time.")) from exc
        except stripe.StripeError as exc:
            status = exc.http_status
            raise ProviderError(
                _("Stripe refused the request."), retryable=bool(status and status >= 500), http_status=status
            ) from exc

    def payment_window(self, method=None, *, channel=None) -> timedelta:
        # Stripe refuses a Checkout Session that closes sooner than 30 minutes: a shorter channel window is
        # lengthened, and the reservation follows what Stripe enforces.
        return min(max(channel_window(channel), MIN_WINDOW), MAX_WINDOW)

    def start(self, attempt, checkout, amount) -> StartResult:
        amount = self.chargeable(amount)
        orders = list(checkout.orders.select_related("store").order_by("pk"))
        if Money.total((order.total_money for order in orders), amount.currency) != amount:
            raise ValueError("store orders do not add up to the checkout total")
        line_items = [
            {
                "price_data": {
                    "currency": amount.currency.lower(),
                    "unit_amount": to_minor(order.total_money),
                    "product_data": {"name": f"{order.store.name} · {order.number}"[:120]},
                },
                "quantity": 1,
            }
            for order in orders
        ]
        # The session must outlive Stripe's 30-minute minimum; a margin covers the seconds spent getting here.
        expires = max(
            attempt.expires_at or timezone.now(), timezone.now() + MIN_WINDOW + timedelta(seconds=30)
        )
        params = {
            "mode": "payment",
            "line_items": line_items,
            "customer_email": checkout.email,
            "client_reference_id": attempt.provider_id,
            "metadata": {"attempt": attempt.provider_id, "checkout": str(checkout.pk)},
            "payment_intent_data": {"metadata": {"attempt": attempt.provider_id}},
            "expires_at": int(expires.timestamp()),
            "success_url": return_url(attempt) + "&session_id={CHECKOUT_SESSION_ID}",
            # Stripe's back link on its page: the buyer abandons, the shop stops the session and releases stock.
            "cancel_url": return_url(attempt, abandon=True),
            "locale": "auto",
        }
        session = self._call(
            self.client().v1.checkout.sessions.create,
            params=params,
            options={"idempotency_key": f"cs-{attempt.provider_id}"},
        )
        session = session.to_dict()
        if not session.get("url") or not session.get("id"):
            raise ProviderError(_("Stripe sent an answer that could not be read."))
        return StartResult(redirect_url=session["url"], provider_reference=session["id"])

    def parse_notification(self, request) -> Notification:
        if self.config is None or not self.config.webhook_secret:
            raise SignatureError()
        header = request.headers.get("Stripe-Signature", "")
        if not header:
            raise SignatureError()
        try:
            event = stripe.Webhook.construct_event(
                request.body.decode("utf-8"), header, self.config.webhook_secret, tolerance=TOLERANCE
            )
        except stripe.SignatureVerificationError as exc:
            raise SignatureError() from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise MalformedNotification() from exc
        # Surprise in stripe 16: StripeObject is no longer a dict (``.get`` raises); ``to_dict()`` gives plain dicts.
        return self._notification(event.to_dict())

    def _notification(self, event: dict) -> Notification:
        etype = event.get("type", "")
        obj = (event.get("data") or {}).get("object") or {}
        metadata = obj.get("metadata") or {}
        provider_id = str(obj.get("client_reference_id") or metadata.get("attempt") or "")[:50]
        currency = str(obj.get("currency") or "").upper() or None
        status, amount, refund, reference = None, None, None, ""
        if etype in SESSION_EVENTS:
            status = SESSION_EVENTS[etype] or session_status(obj)
            amount = from_minor(obj.get("amount_total"), currency or "USD")
            reference = str(obj.get("id") or "")
        elif etype == "payment_intent.succeeded":
            # Checkout sends checkout.session.completed too; the session event is the one we act on.
            status = None
        elif etype in ("refund.created", "refund.updated", "charge.refund.updated"):
            rmeta = obj.get("metadata") or {}
            provider_id = str(rmeta.get("attempt") or provider_id)[:50]
            refund = RefundInfo(
                refund_key=str(rmeta.get("refund_key") or ""),
                amount=from_minor(obj.get("amount"), currency or "USD"),
                provider_reference=str(obj.get("id") or ""),
                succeeded=obj.get("status") == "succeeded",
                failed=obj.get("status") in ("failed", "canceled"),
            )
        elif etype == "charge.refunded":
            # Fires for every refund of the charge, ours included: amount_refunded is the running total.
            refund = RefundInfo(
                amount=from_minor(obj.get("amount_refunded"), currency or "USD"),
                provider_reference=str(obj.get("id") or ""),
                external_kind=ReversalKind.REFUND,
                cumulative=True,
            )
        elif etype in ("charge.dispute.created", "charge.dispute.closed"):
            # created: a chargeback (money going back). closed with status "won": that money came back; "lost"
            # (or "warning_closed"): nothing new.
            provider_id = str(metadata.get("attempt") or "")[:50]
            opened = etype == "charge.dispute.created"
            won = obj.get("status") == "won"
            refund = RefundInfo(
                amount=from_minor(obj.get("amount"), currency or "USD"),
                provider_reference=str(obj.get("id") or ""),
                external_kind=ReversalKind.CHARGEBACK
                if opened
                else (ReversalKind.DISPUTE_WON if won else ReversalKind.DISPUTE_LOST),
                reference=str(obj.get("id") or ""),
                succeeded=opened or won,
            )
        return Notification(
            event_id=str(event.get("id") or ""),
            provider_id=provider_id,
            status=status,
            amount=amount,
            currency=currency,
            payment_type=etype,
            provider_reference=reference,
            refund=refund,
            raw=event,
        )

    def fetch_status(self, attempt) -> ProviderStatus:
        if not attempt.provider_reference:
            return ProviderStatus(status=None)
        session = self._call(
            self.client().v1.checkout.sessions.retrieve, attempt.provider_reference
        ).to_dict()
        currency = str(session.get("currency") or attempt.currency).upper()
        return ProviderStatus(
            status=session_status(session),
            amount=from_minor(session.get("amount_total"), currency),
            currency=currency,
            raw={
                "id": session.get("id"),
                "status": session.get("status"),
                "payment_status": session.get("payment_status"),
            },
        )

    def lookup_provider_id(self, notification) -> str:
        """Charges and disputes name the PaymentIntent; its metadata (``payment_intent_data``) names the attempt."""
        obj = (notification.raw.get("data") or {}).get("object") or {}
        intent = obj.get("payment_intent")
        intent_id = intent if isinstance(intent, str) else (intent or {}).get("id")
        if not intent_id:
            return ""
        pi = self._call(self.client().v1.payment_intents.retrieve, intent_id).to_dict()
        return str((pi.get("metadata") or {}).get("attempt") or "")[:50]

    def cancel(self, attempt) -> str | None:
        """``POST /v1/checkout/sessions/{id}/expire``: an open Checkout Session can no longer be paid. Stripe refuses
        (400) a session that is already complete or expired; that is reported as ``ProviderError``."""
        if not attempt.provider_reference:
            return None
        session = self._call(self.client().v1.checkout.sessions.expire, attempt.provider_reference).to_dict()
        return AttemptStatus.EXPIRED if session.get("status") == "expired" else None

    def _intent_id(self, client, attempt) -> str:
        session = self._call(client.v1.checkout.sessions.retrieve, attempt.provider_reference).to_dict()
        intent = session.get("payment_intent")
        return intent if isinstance(intent, str) else (intent or {}).get("id") or ""

    def fetch_refunds(self, attempt) -> tuple[ProviderRefund, ...]:
        """The PaymentIntent's refunds (``GET /v1/refunds?payment_intent=…``), matched by ``metadata.refund_key``."""
        client = self.client()
        intent_id = self._intent_id(client, attempt)
        if not intent_id:
            return ()
        listed = self._call(client.v1.refunds.list, params={"payment_intent": intent_id, "limit": 100}).to_dict()
        return tuple(
            ProviderRefund(
                key=str((r.get("metadata") or {}).get("refund_key") or ""),
                amount=from_minor(r.get("amount"), str(r.get("currency") or attempt.currency)),
                reference=str(r.get("id") or ""),
                state=REFUND_STATES.get(r.get("status"), RefundState.PENDING),
            )
            for r in listed.get("data") or []
        )

    def refund(self, attempt, refund, amount) -> RefundResult:
        amount = self.chargeable(amount)
        client = self.client()
        intent_id = self._intent_id(client, attempt)
        if not intent_id:
            raise ProviderError(_("This Stripe payment cannot be refunded."), retryable=False)
        result = self._call(
            client.v1.refunds.create,
            params={
                "payment_intent": intent_id,
                "amount": to_minor(amount),
                "reason": "requested_by_customer",
                "metadata": {
                    "refund_key": refund.refund_key,
                    "attempt": attempt.provider_id,
                    "order": refund.order.number,
                },
            },
            options={"idempotency_key": f"rf-{refund.refund_key}"},
        ).to_dict()
        status = result.get("status")
        if status in ("failed", "canceled"):
            raise ProviderError(_("Stripe refused the refund."), retryable=False)
        return RefundResult(provider_reference=str(result.get("id") or ""), succeeded=status == "succeeded")
