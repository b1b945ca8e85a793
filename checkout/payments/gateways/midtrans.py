"""Midtrans Snap through the official ``midtransclient`` library.

- A client per call (``custom_headers={}``: the library shares one mutable default dict between clients), base
  URLs from settings applied as instance attributes, a session with a timeout.
- Rupiah only (``currencies``). Amounts arrive as ``catalog.money.Money`` and leave as integer rupiah (``rupiah``,
  the one place they are computed); ``item_details`` add up to ``gross_amount`` (shipping, PPN and discounts are
  lines of their own).
- Notifications are verified with SHA512(order_id + status_code + gross_amount + server_key) on the raw strings.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import midtransclient
import requests
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from catalog.money import Money

from ..config import midtrans_config
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
from .http import TimeoutSession

logger = logging.getLogger(__name__)
WIB = ZoneInfo("Asia/Jakarta")

_VA = ["bca_va", "bni_va", "bri_va", "permata_va", "cimb_va", "echannel", "other_va"]
#: Buyer's method family (``Checkout.payment_method``) → Snap ``enabled_payments``. Every method is payable for the
#: same window (the channel's): Snap's ``expiry`` closes the whole Snap transaction at that moment.
METHODS = {
    "qris": ["other_qris", "gopay", "shopeepay"],
    "ewallet": ["gopay", "shopeepay", "other_qris"],
    "card": ["credit_card"],
    "bank_transfer": _VA,
    "va": _VA,
    "cstore": ["indomaret", "alfamart"],
}
#: What Midtrans charges in.
CURRENCIES = frozenset({"IDR"})
REVERSAL_STATUSES = ("refund", "partial_refund", "chargeback", "partial_chargeback")


def signature(order_id: str, status_code: str, gross_amount: str, server_key: str) -> str:
    return hashlib.sha512(f"{order_id}{status_code}{gross_amount}{server_key}".encode()).hexdigest()


def map_status(transaction_status: str, fraud_status: str | None) -> str | None:
    """Midtrans transaction_status (+ fraud_status) → AttemptStatus. ``capture`` is paid only when accepted."""
    ts = (transaction_status or "").lower()
    fraud = (fraud_status or "").lower()
    if ts == "capture":
        if fraud in ("", "accept"):
            return AttemptStatus.PAID
        if fraud == "challenge":
            return AttemptStatus.CHALLENGE
        return AttemptStatus.FAILED
    if ts == "settlement":
        return AttemptStatus.FAILED if fraud == "deny" else AttemptStatus.PAID
    return {
        "pending": AttemptStatus.PENDING,
        "authorize": AttemptStatus.AUTHORIZED,
        "deny": AttemptStatus.FAILED,
        "failure": AttemptStatus.FAILED,
        "cancel": AttemptStatus.CANCELLED,
        "expire": AttemptStatus.EXPIRED,
        "refund": AttemptStatus.REFUNDED,
        "partial_refund": AttemptStatus.PARTIALLY_REFUNDED,
        "chargeback": AttemptStatus.REFUNDED,
        "partial_chargeback": AttemptStatus.PARTIALLY_REFUNDED,
    }.get(ts)


def reversal_kind(transaction_status: str) -> str:
    ts = (transaction_status or "").lower()
    if ts not in REVERSAL_STATUSES:
        return ""
    return ReversalKind.CHARGEBACK if "chargeback" in ts else ReversalKind.REFUND


def provider_refunds(payload: dict) -> tuple[ProviderRefund, ...]:
    """The ``refunds[]`` entries of a notification or status answer. Midtrans lists a refund once it acknowledged
    it, and sets ``bank_confirmed_at`` when the bank confirmed it: only then is the money back with the buyer."""
    entries = payload.get("refunds")
    if not isinstance(entries, list):
        return ()
    refunds = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        amount = _decimal(entry.get("refund_amount"))
        if amount is None:
            continue
        refunds.append(
            ProviderRefund(
                key=str(entry.get("refund_key") or ""),
                amount=amount,
                reference=str(entry.get("refund_chargeback_id") or entry.get("refund_chargeback_uuid") or ""),
                state=RefundState.SUCCEEDED if entry.get("bank_confirmed_at") else RefundState.PENDING,
            )
        )
    return tuple(refunds)


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def rupiah(money: Money) -> int:
    """``money`` in Midtrans's unit, whole rupiah (``gross_amount``, item prices, refunds). ``ValueError`` for another
    currency or a fractional rupiah amount: refused rather than charged wrongly."""
    if not isinstance(money, Money):
        raise TypeError(f"rupiah takes a Money, not {money!r}")
    if money.currency not in CURRENCIES:
        raise ValueError(f"Midtrans charges rupiah only, not {money.currency}")
    if money.amount != money.amount.to_integral_value():
        raise ValueError(f"fractional rupiah: {money.amount}")
    return int(money.amount)


def _clip(text: str, n: int = 50) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def build_item_details(checkout, amount: Money) -> tuple[list[dict], int]:
    """Item lines (per order line, plus shipping, PPN and discount per store order) and the gross amount.

    Σ price × quantity == gross_amount == ``amount`` (the attempt's), or ValueError (an inconsistent checkout is a
    bug; better refused than charged wrongly).
    """
    items: list[dict] = []
    for order in checkout.orders.select_related("store").order_by("pk"):
        store = order.store.name
        for line in order.lines.all():
            items.append(
                {
                    "id": _clip(line.sku, 50),
                    "price": rupiah(line.unit_price_money),
                    "quantity": int(line.quantity),
                    "name": _clip(f"{line.product_title} {line.variant_name}".strip()),
                    "merchant_name": _clip(store),
                }
            )
        for ident, label, cost, sign in (
            ("SHIP", pgettext("cost", "Shipping"), order.shipping_cost_money, 1),
            ("TAX", _("PPN"), order.tax_money, 1),
            ("DISC", _("Discount"), order.discount_money, -1),
        ):
            if cost:
                items.append(
                    {
                        "id": f"{ident}-{order.number}"[:50],
                        "price": sign * rupiah(cost),
                        "quantity": 1,
                        "name": _clip(f"{label} {store}"),
                        "merchant_name": _clip(store),
                    }
                )
    gross = rupiah(amount)
    total = sum(i["price"] * i["quantity"] for i in items)
    if total != gross:
        raise ValueError(f"item_details sum {total} != gross_amount {gross}")
    return items, gross


class MidtransGateway(Gateway):
    name = "midtrans"
    label = gettext_lazy("Midtrans (QRIS, GoPay, virtual account, card)")
    reversals_need_status_check = True  # the signature covers order id, status code and gross amount only
    currencies = CURRENCIES

    def __init__(self):
        self.config = midtrans_config()

    def is_configured(self) -> bool:
        return self.config is not None

    # ------------------------------------------------------------------ client
    def client(self) -> midtransclient.Snap:
        cfg = self.config
        if cfg is None:
            raise ProviderError(_("Midtrans is not configured."), retryable=False)
        snap = midtransclient.Snap(
            is_production=cfg.is_production,
            server_key=cfg.server_key,
            client_key=cfg.client_key,
            custom_headers={},
        )
        prefix = "PRODUCTION" if cfg.is_production else "SANDBOX"
        if cfg.snap_base_url:
            setattr(snap.api_config, f"SNAP_{prefix}_BASE_URL", cfg.snap_base_url)
        if cfg.core_base_url:
            setattr(snap.api_config, f"CORE_{prefix}_BASE_URL", cfg.core_base_url)
        snap.http_client.http_client = TimeoutSession()
        return snap

    def _call(self, fn, *args):
        try:
            return fn(*args)
        except requests.RequestException as exc:
            raise ProviderError(_("Midtrans did not answer in time."), http_status=None) from exc
        except midtransclient.MidtransAPIError as exc:
            status = getattr(exc, "http_status_code", None)
            raise ProviderError(
                _("Midtrans refused the request."),
                retryable=bool(status and status >= 500),
                http_status=status,
            ) from exc
        except (midtransclient.JSONDecodeError, ValueError) as exc:  # HTML error page instead of JSON
            raise ProviderError(_("Midtrans sent an answer that could not be read.")) from exc

    # ------------------------------------------------------------------ interface
    def payment_window(self, method=None, *, channel=None) -> timedelta:
        return channel_window(channel)

    def start(self, attempt, checkout, amount) -> StartResult:
        data = self._call(self.client().create_transaction, self.snap_params(attempt, checkout, amount))
        if not isinstance(data, dict) or not data.get("redirect_url"):
            raise ProviderError(_("Midtrans sent an answer that could not be read."))
        return StartResult(
            redirect_url=data["redirect_url"], provider_reference=str(data.get("token", ""))[:255]
        )

    def snap_params(self, attempt, checkout, amount: Money) -> dict:
        """The Snap request for ``amount``: integer rupiah, items adding up to the gross amount, and an ``expiry``
        that closes the transaction when the attempt's window (and the stock reservation) ends."""
        items, gross = build_item_details(checkout, self.chargeable(amount))
        now = timezone.now()
        minutes = max(1, int(((attempt.expires_at or now + channel_window(None)) - now).total_seconds() // 60))
        params = {
            "transaction_details": {"order_id": attempt.provider_id, "gross_amount": gross},
            "item_details": items,
            "customer_details": _customer_details(checkout),
            "expiry": {
                "start_time": now.astimezone(WIB).strftime("%Y-%m-%d %H:%M:%S +0700"),
                "unit": "minute",
                "duration": minutes,
            },
            "page_expiry": {"duration": minutes, "unit": "minutes"},
            "callbacks": {"finish": return_url(attempt)},
            "custom_field1": f"checkout-{checkout.pk}",
        }
        enabled = METHODS.get(checkout.payment_method or "")
        if enabled:
            params["enabled_payments"] = enabled
        return params

    def parse_notification(self, request) -> Notification:
        if self.config is None:
            raise SignatureError()
        try:
            payload = json.loads(request.body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise MalformedNotification() from exc
        if not isinstance(payload, dict):
            raise MalformedNotification()
        fields = [payload.get(k) for k in ("order_id", "status_code", "gross_amount", "signature_key")]
        if not all(isinstance(f, str) and f for f in fields):
            raise SignatureError() if not payload.get("signature_key") else MalformedNotification()
        order_id, status_code, gross, sig = fields
        expected = signature(order_id, status_code, gross, self.config.server_key)
        if not hmac.compare_digest(expected, sig.lower()):
            raise SignatureError()
        return self._notification(payload)

    def _notification(self, payload: dict) -> Notification:
        status = map_status(payload.get("transaction_status", ""), payload.get("fraud_status"))
        kind = reversal_kind(payload.get("transaction_status", ""))
        refund = None
        if kind:
            # What the body says about refunds is never trusted (the signature does not cover it): the handler
            # asks the status API. ``refund_key`` is read for the log only.
            refund = RefundInfo(
                refund_key=str(payload.get("refund_key") or ""),
                amount=_decimal(payload.get("refund_amount")),
                external_kind=kind,
                cumulative=True,
            )
        return Notification(
            event_id=notification_event_id(payload),
            provider_id=str(payload.get("order_id", ""))[:50],
            status=status,
            amount=_decimal(payload.get("gross_amount")),
            currency=str(payload.get("currency") or "IDR").upper(),
            payment_type=str(payload.get("payment_type") or ""),
            provider_reference=str(payload.get("transaction_id") or ""),
            refund=refund,
            raw=payload,
        )

    def fetch_status(self, attempt) -> ProviderStatus:
        try:
            data = self._call(self.client().transactions.status, attempt.provider_id)
        except ProviderError as exc:
            if exc.http_status == 404:
                return ProviderStatus(status=None)  # Snap: the buyer has not chosen a method yet
            raise
        if not isinstance(data, dict):
            raise ProviderError(_("Midtrans sent an answer that could not be read."))
        if str(data.get("status_code")) == "404":
            return ProviderStatus(status=None, raw=data)
        return ProviderStatus(
            status=map_status(data.get("transaction_status", ""), data.get("fraud_status")),
            amount=_decimal(data.get("gross_amount")),
            currency=str(data.get("currency") or "IDR").upper(),
            payment_type=str(data.get("payment_type") or ""),
            raw=data,
            refunds=provider_refunds(data),
            refunded_total=_decimal(data.get("refund_amount")),
            reversal_kind=reversal_kind(data.get("transaction_status", "")),
        )

    def refund(self, attempt, refund, amount) -> RefundResult:
        params = {
            "refund_key": refund.refund_key,
            "amount": rupiah(self.chargeable(amount)),
            "reason": _clip(refund.reason, 255),
        }
        data = self._call(self.client().transactions.refund, attempt.provider_id, params)
        if not isinstance(data, dict):
            raise ProviderError(_("Midtrans sent an answer that could not be read."))
        code = str(data.get("status_code", ""))
        if code not in ("200", "201"):
            raise ProviderError(_("Midtrans refused the refund."), retryable=False)
        return RefundResult(
            provider_reference=str(data.get("refund_chargeback_id") or data.get("refund_key") or ""),
            succeeded=code == "200",
        )

    def cancel(self, attempt) -> str | None:
        """``POST /v2/{order_id}/expire`` (pending VA, QRIS, e-wallet, store), then ``/cancel`` if Midtrans refuses
        to expire it (a card that is authorised but not settled). 404: the buyer never chose a method, so Midtrans
        has no transaction to stop (the Snap page itself cannot be closed through the API; the duplicate-payment
        refund stays the safety net)."""
        client = self.client()
        try:
            data = self._call(client.transactions.expire, attempt.provider_id)
        except ProviderError as exc:
            if exc.http_status == 404:
                return None
            if exc.http_status is None or exc.http_status >= 500:
                raise
            data = self._call(client.transactions.cancel, attempt.provider_id)
        if not isinstance(data, dict):
            raise ProviderError(_("Midtrans sent an answer that could not be read."))
        if str(data.get("status_code")) == "404":
            return None
        status = map_status(data.get("transaction_status", ""), data.get("fraud_status"))
        return status if status in (AttemptStatus.EXPIRED, AttemptStatus.CANCELLED) else None


def notification_event_id(payload: dict) -> str:
    """Midtrans has no event id: a digest of the fields that tell two notifications apart (a retry repeats them).
    The refunds' keys and bank confirmations count, so the two notifications Midtrans sends for one refund
    (acknowledged, then confirmed by the bank) are two events."""
    distinct = "|".join(
        str(payload.get(k, ""))
        for k in (
            "order_id",
            "transaction_id",
            "transaction_status",
            "fraud_status",
            "status_code",
            "refund_key",
            "refund_amount",
            "settlement_time",
        )
    )
    distinct += "|" + ";".join(f"{r.key}:{r.amount}:{r.state}" for r in provider_refunds(payload))
    return "mt-" + hashlib.sha256(distinct.encode()).hexdigest()[:40]


def _customer_details(checkout) -> dict:
    first, _sep, last = checkout.recipient_name.strip().partition(" ")
    return {
        "first_name": _clip(first, 50),
        "last_name": _clip(last, 50),
        "email": checkout.email,
        "phone": checkout.phone,
        "shipping_address": {
            "first_name": _clip(first, 50),
            "last_name": _clip(last, 50),
            "phone": checkout.phone,
            "address": _clip(checkout.street_address, 200),
            "city": _clip(checkout.city or checkout.region_label, 50),
            "postal_code": checkout.postcode,
            "country_code": "IDN" if checkout.country == "ID" else "",
        },
    }
