"""Midtrans Snap through the official ``midtransclient`` library.

- A client per call (``custom_headers={}``: the library shares one mutable default dict between clients), base
  URLs from settings applied as instance attributes, a session with a timeout.
- Amounts leave as integer rupiah; ``item_details`` add up to ``gross_amount`` (shipping, PPN and discounts are
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
from django.utils.translation import gettext_lazy

from ..config import midtrans_config, public_origin
from ..errors import MalformedNotification, ProviderError, SignatureError
from ..models import AttemptStatus
from .base import Gateway, Notification, ProviderStatus, RefundInfo, RefundResult, StartResult
from .http import TimeoutSession

logger = logging.getLogger(__name__)
A = AttemptStatus
WIB = ZoneInfo("Asia/Jakarta")

#: Buyer's method family (``Checkout.payment_method``) → Snap ``enabled_payments`` and how long it stays payable.
METHODS = {
    "qris": (["other_qris", "gopay", "shopeepay"], timedelta(minutes=15)),
    "ewallet": (["gopay", "shopeepay", "other_qris"], timedelta(minutes=15)),
    "card": (["credit_card"], timedelta(minutes=10)),
    "bank_transfer": (
        ["bca_va", "bni_va", "bri_va", "permata_va", "cimb_va", "echannel", "other_va"],
        timedelta(hours=24),
    ),
    "va": (
        ["bca_va", "bni_va", "bri_va", "permata_va", "cimb_va", "echannel", "other_va"],
        timedelta(hours=24),
    ),
    "cstore": (["indomaret", "alfamart"], timedelta(hours=24)),
}
DEFAULT_WINDOW = timedelta(hours=24)


def signature(order_id: str, status_code: str, gross_amount: str, server_key: str) -> str:
    return hashlib.sha512(f"{order_id}{status_code}{gross_amount}{server_key}".encode()).hexdigest()


def map_status(transaction_status: str, fraud_status: str | None) -> str | None:
    """Midtrans transaction_status (+ fraud_status) → AttemptStatus. ``capture`` is paid only when accepted."""
    ts = (transaction_status or "").lower()
    fraud = (fraud_status or "").lower()
    if ts == "capture":
        if fraud in ("", "accept"):
            return A.PAID
        if fraud == "challenge":
            return A.CHALLENGE
        return A.FAILED
    if ts == "settlement":
        return A.FAILED if fraud == "deny" else A.PAID
    return {
        "pending": A.PENDING,
        "authorize": A.AUTHORIZED,
        "deny": A.FAILED,
        "failure": A.FAILED,
        "cancel": A.CANCELLED,
        "expire": A.EXPIRED,
        "refund": A.REFUNDED,
        "partial_refund": A.PARTIALLY_REFUNDED,
        "chargeback": A.REFUNDED,
        "partial_chargeback": A.PARTIALLY_REFUNDED,
    }.get(ts)


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _rupiah(value) -> int:
    value = Decimal(value)
    if value != value.to_integral_value():
        raise ValueError(f"fractional rupiah: {value}")
    return int(value)


def _clip(text: str, n: int = 50) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def build_item_details(checkout) -> tuple[list[dict], int]:
    """Item lines (per order line, plus shipping, PPN and discount per store order) and the gross amount.

    Σ price × quantity == gross_amount == checkout.total, or ValueError (an inconsistent checkout is a bug; better
    refused than charged wrongly).
    """
    items: list[dict] = []
    for order in checkout.orders.select_related("store").order_by("pk"):
        store = order.store.name
        for line in order.lines.all():
            items.append(
                {
                    "id": _clip(line.sku, 50),
                    "price": _rupiah(line.unit_price),
                    "quantity": int(line.quantity),
                    "name": _clip(f"{line.product_title} {line.variant_name}".strip()),
                    "merchant_name": _clip(store),
                }
            )
        for ident, label, amount, sign in (
            ("SHIP", _("Ongkos kirim"), order.shipping_cost, 1),
            ("TAX", _("PPN"), order.tax, 1),
            ("DISC", _("Diskon"), order.discount, -1),
        ):
            if amount:
                items.append(
                    {
                        "id": f"{ident}-{order.number}"[:50],
                        "price": sign * _rupiah(amount),
                        "quantity": 1,
                        "name": _clip(f"{label} {store}"),
                        "merchant_name": _clip(store),
                    }
                )
    gross = _rupiah(checkout.total)
    total = sum(i["price"] * i["quantity"] for i in items)
    if total != gross:
        raise ValueError(f"item_details sum {total} != gross_amount {gross}")
    return items, gross


class MidtransGateway(Gateway):
    name = "midtrans"
    label = gettext_lazy("Midtrans (QRIS, GoPay, virtual account, kartu)")

    def __init__(self):
        self.config = midtrans_config()

    def is_configured(self) -> bool:
        return self.config is not None

    # ------------------------------------------------------------------ client
    def client(self) -> midtransclient.Snap:
        cfg = self.config
        if cfg is None:
            raise ProviderError(_("Midtrans belum dikonfigurasi."), retryable=False)
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
            raise ProviderError(_("Midtrans tidak menjawab tepat waktu."), http_status=None) from exc
        except midtransclient.MidtransAPIError as exc:
            status = getattr(exc, "http_status_code", None)
            raise ProviderError(
                _("Midtrans menolak permintaan."),
                retryable=bool(status and status >= 500),
                http_status=status,
            ) from exc
        except (midtransclient.JSONDecodeError, ValueError) as exc:  # HTML error page instead of JSON
            raise ProviderError(_("Midtrans memberi jawaban yang tidak dapat dibaca.")) from exc

    # ------------------------------------------------------------------ interface
    def payment_window(self, method=None) -> timedelta:
        return METHODS.get(method or "", (None, DEFAULT_WINDOW))[1]

    def start(self, attempt, checkout) -> StartResult:
        items, gross = build_item_details(checkout)
        now = timezone.now()
        minutes = max(1, int(((attempt.expires_at or now + DEFAULT_WINDOW) - now).total_seconds() // 60))
        name = checkout.recipient_name.strip()
        first, _sep, last = name.partition(" ")
        params = {
            "transaction_details": {"order_id": attempt.provider_id, "gross_amount": gross},
            "item_details": items,
            "customer_details": {
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
            },
            "expiry": {
                "start_time": now.astimezone(WIB).strftime("%Y-%m-%d %H:%M:%S +0700"),
                "unit": "minute",
                "duration": minutes,
            },
            "page_expiry": {"duration": minutes, "unit": "minutes"},
            "callbacks": {"finish": f"{public_origin()}/payments/return/{attempt.provider_id}"},
            "custom_field1": f"checkout-{checkout.pk}",
        }
        enabled = METHODS.get(checkout.payment_method or "", (None, None))[0]
        if enabled:
            params["enabled_payments"] = enabled
        data = self._call(self.client().create_transaction, params)
        if not isinstance(data, dict) or not data.get("redirect_url"):
            raise ProviderError(_("Midtrans memberi jawaban yang tidak dapat dibaca."))
        return StartResult(
            redirect_url=data["redirect_url"], provider_reference=str(data.get("token", ""))[:255]
        )

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
        refund = None
        if status in (A.REFUNDED, A.PARTIALLY_REFUNDED):
            ts = str(payload.get("transaction_status") or "").lower()
            refund = RefundInfo(
                refund_key=str(payload.get("refund_key") or ""),
                amount=_decimal(payload.get("refund_amount")),
                external_kind="chargeback" if "chargeback" in ts else "refund",
                cumulative=True,  # refund_amount: all refunds of the transaction so far (as the simulator sends)
            )
        # Midtrans has no event id: these fields tell two notifications apart; a retry of one repeats them.
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
        refunds = payload.get("refunds")
        if isinstance(refunds, list):
            distinct += f"|{len(refunds)}"
        return Notification(
            event_id="mt-" + hashlib.sha256(distinct.encode()).hexdigest()[:40],
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
            raise ProviderError(_("Midtrans memberi jawaban yang tidak dapat dibaca."))
        if str(data.get("status_code")) == "404":
            return ProviderStatus(status=None, raw=data)
        return ProviderStatus(
            status=map_status(data.get("transaction_status", ""), data.get("fraud_status")),
            amount=_decimal(data.get("gross_amount")),
            currency=str(data.get("currency") or "IDR").upper(),
            payment_type=str(data.get("payment_type") or ""),
            raw=data,
        )

    def refund(self, attempt, refund) -> RefundResult:
        params = {
            "refund_key": refund.refund_key,
            "amount": _rupiah(refund.amount),
            "reason": _clip(refund.reason, 255),
        }
        data = self._call(self.client().transactions.refund, attempt.provider_id, params)
        if not isinstance(data, dict):
            raise ProviderError(_("Midtrans memberi jawaban yang tidak dapat dibaca."))
        code = str(data.get("status_code", ""))
        if code not in ("200", "201"):
            raise ProviderError(_("Midtrans menolak pengembalian dana."), retryable=False)
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
            raise ProviderError(_("Midtrans memberi jawaban yang tidak dapat dibaca."))
        if str(data.get("status_code")) == "404":
            return None
        status = map_status(data.get("transaction_status", ""), data.get("fraud_status"))
        return status if status in (A.EXPIRED, A.CANCELLED) else None
