"""The bodies Midtrans and Stripe send, built from a plain transaction record, as their documentation shows them.

Shared by the offline simulators (``simulators.py``, demo) and the loopback fake provider of the live tests
(``tests/live/fake_provider.py``), so both speak exactly the documented shapes and the shop's parsing is tested
against them, not against a shape of our own. Pure functions: no Django models, no network.

A Midtrans transaction record is a dict: ``order_id``, ``gross_amount`` (int rupiah), ``transaction_status``,
``transaction_id``, ``payment_type``, ``created`` ("Y-m-d H:M:S", WIB) and ``refunds``, a list of dicts with
``refund_chargeback_id`` (int), ``refund_amount`` (int), ``refund_key``, ``reason``, ``created_at``,
``bank_confirmed_at`` (str, or None while the bank is still at work) and ``refund_method``.

Sources (see docs/payments.md): Midtrans "Refund Transaction" (card notification: cumulative top-level
``refund_amount`` plus ``refunds[]``, sent once without and once with ``bank_confirmed_at``), "Direct Refund
Transaction" (notification with ``refunds[]`` only), "Get Transaction Status" (``refunds[]`` and the total
``refund_amount``), "HTTP Notification" (signature); Stripe's Event, Checkout Session and Refund objects.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time

#: How the refund notification looks: the card sample, or the direct-refund (GoPay, QRIS) sample.
CARD_SHAPE = "card"
DIRECT_SHAPE = "direct"


def midtrans_signature(order_id: str, status_code: str, gross_amount: str, server_key: str) -> str:
    return hashlib.sha512(f"{order_id}{status_code}{gross_amount}{server_key}".encode()).hexdigest()


def midtrans_status_code(transaction_status: str) -> str:
    if transaction_status == "pending":
        return "201"
    if transaction_status in ("deny", "expire", "cancel", "failure"):
        return "202"
    return "200"


def _money(amount: int) -> str:
    return f"{int(amount)}.00"


def midtrans_refund_entries(tx: dict) -> list[dict]:
    entries = []
    for r in tx.get("refunds") or []:
        entry = {
            "refund_chargeback_id": r["refund_chargeback_id"],
            "refund_chargeback_uuid": r.get("refund_chargeback_uuid") or f"uuid-{r['refund_chargeback_id']}",
            "refund_amount": _money(r["refund_amount"]),
            "created_at": r["created_at"],
            "reason": r.get("reason", ""),
            "refund_key": r["refund_key"],
            "refund_method": r.get("refund_method", "online"),
        }
        if r.get("bank_confirmed_at"):
            entry["bank_confirmed_at"] = r["bank_confirmed_at"]
        entries.append(entry)
    return entries


def midtrans_refunded_total(tx: dict) -> int:
    return sum(int(r["refund_amount"]) for r in tx.get("refunds") or [])


def midtrans_status_body(tx: dict) -> dict:
    """``GET /v2/{order_id}/status`` for a transaction the buyer has started (a Snap lookup before that is 404)."""
    status = tx["transaction_status"]
    body = {
        "status_code": midtrans_status_code(status),
        "status_message": "Success, transaction is found",
        "transaction_id": tx["transaction_id"],
        "order_id": tx["order_id"],
        "gross_amount": _money(tx["gross_amount"]),
        "currency": "IDR",
        "payment_type": tx["payment_type"],
        "transaction_time": tx["created"],
        "transaction_status": status,
        "fraud_status": "deny" if status == "deny" else "accept",
        "merchant_id": "G000SIMULATOR",
    }
    if status == "settlement" or tx.get("settlement_time"):
        body["settlement_time"] = tx.get("settlement_time") or tx["created"]
    if tx.get("refunds"):
        body["refunds"] = midtrans_refund_entries(tx)
        body["refund_amount"] = _money(midtrans_refunded_total(tx))
    return body


def midtrans_notification(tx: dict, server_key: str, *, refund_shape: str = CARD_SHAPE) -> dict:
    """The HTTP notification Midtrans POSTs for the transaction's current state, signed with ``server_key``.

    Payment states carry the usual fields. Refund states follow the documented samples: the card shape has the
    cumulative top-level ``refund_amount`` and ``refunds[]``; the direct-refund shape ``refunds[]`` only. Neither
    carries the shop's ``refund_key`` at the top level: it is found only inside ``refunds[]``."""
    status = tx["transaction_status"]
    if status in ("refund", "partial_refund") and tx.get("refunds"):
        body = {
            "status_code": "200",
            "status_message": "midtrans payment notification",
            "transaction_id": tx["transaction_id"],
            "order_id": tx["order_id"],
            "gross_amount": _money(tx["gross_amount"]),
            "payment_type": tx["payment_type"],
            "transaction_time": tx["created"],
            "transaction_status": status,
            "refunds": midtrans_refund_entries(tx),
        }
        if refund_shape == CARD_SHAPE:
            body.update(
                fraud_status="accept",
                currency="IDR",
                masked_card="48111111-1114",
                bank="bni",
                card_type="credit",
                channel_response_code="00",
                channel_response_message="Approved",
                refund_amount=_money(midtrans_refunded_total(tx)),
            )
    else:
        body = midtrans_status_body(tx)
        body.pop("refunds", None)
        body.pop("refund_amount", None)
        body["status_message"] = "midtrans payment notification"
    body["signature_key"] = midtrans_signature(body["order_id"], body["status_code"], body["gross_amount"], server_key)
    return body


def midtrans_refund_answer(tx: dict, refund: dict, *, pending: bool) -> dict:
    """The answer to ``POST /v2/{order_id}/refund``: 200 when done, 201 while the bank processes it."""
    return {
        "status_code": "201" if pending else "200",
        "status_message": "Refund request is being processed" if pending else "Success, refund request is approved",
        "transaction_id": tx["transaction_id"],
        "order_id": tx["order_id"],
        "gross_amount": _money(tx["gross_amount"]),
        "payment_type": tx["payment_type"],
        "transaction_time": tx["created"],
        "transaction_status": tx["transaction_status"],
        "refund_chargeback_id": refund["refund_chargeback_id"],
        "refund_amount": _money(refund["refund_amount"]),
        "refund_key": refund["refund_key"],
    }


def stripe_event(event_type: str, obj: dict, *, created: int | None = None) -> str:
    """A Stripe Event (``object: "event"``) around ``obj``, as the raw JSON string that gets signed."""
    return json.dumps(
        {
            "id": f"evt_{secrets.token_hex(12)}",
            "object": "event",
            "type": event_type,
            "api_version": "2026-10-28.endive",
            "created": created or int(time.time()),
            "livemode": False,
            "data": {"object": obj},
        }
    )
