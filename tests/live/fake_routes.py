"""The endpoints of the fake provider (``fake_provider.FakeProvider``): each takes the fake, the request's headers
and body, and returns (HTTP status, JSON body) as Midtrans or Stripe documents them, errors included."""

from __future__ import annotations

import json
import re
import secrets
import time
from datetime import datetime
from urllib.parse import parse_qs, parse_qsl
from zoneinfo import ZoneInfo

from checkout.payments import provider_shapes as shapes

WIB = ZoneInfo("Asia/Jakarta")
ORDER_ID = re.compile(r"^[A-Za-z0-9\-_~.]{1,50}$")
MT_UNAUTHORIZED = (401, {"status_code": "401", "status_message": "Transaction cannot be authorized with the current client/server key."})
MT_NOT_FOUND = (404, {"status_code": "404", "status_message": "Transaction doesn't exist."})
ST_UNAUTHORIZED = (401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}})
MIN_SESSION_SECONDS = 30 * 60


def wib_now() -> str:
    return datetime.now(WIB).strftime("%Y-%m-%d %H:%M:%S")


def public(session: dict) -> dict:
    return {k: v for k, v in session.items() if not k.startswith("_")}


def st_error(message: str, status: int = 400, code: str = "parameter_invalid", param: str = "") -> tuple[int, dict]:
    return status, {"error": {"type": "invalid_request_error", "code": code, "param": param, "message": message}}


def parse_stripe_form(raw: bytes) -> dict:
    """Stripe's form encoding (``a[b][0][c]=1``) back into nested dicts and lists."""
    root: dict = {}
    for key, value in parse_qsl(raw.decode(), keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value

    def listify(n):
        if isinstance(n, dict):
            n = {k: listify(v) for k, v in n.items()}
            if n and all(k.isdigit() for k in n):
                return [n[k] for k in sorted(n, key=int)]
        return n

    return listify(root)


# ------------------------------------------------------------------------------------------------ Midtrans


def snap_create(fake, headers, raw):
    if not fake.midtrans_auth_ok(headers):
        return 401, {"error_messages": ["Access denied due to unauthorized transaction, please check client or server key"]}
    try:
        params = json.loads(raw)
        order_id = params["transaction_details"]["order_id"]
        gross = params["transaction_details"]["gross_amount"]
    except (ValueError, KeyError, TypeError):
        return 400, {"error_messages": ["transaction_details is required"]}
    errors = _snap_errors(fake, params, order_id, gross)
    if errors:
        return 400, {"error_messages": errors}
    token = secrets.token_hex(16)
    expiry = params.get("expiry") or {}
    with fake.lock:
        fake.state.snap_tokens[token] = order_id
        fake.state.midtrans[order_id] = {
            "order_id": order_id,
            "gross_amount": gross,
            "transaction_status": None,  # the buyer has not picked a method: status lookups answer 404
            "transaction_id": f"fake-{secrets.token_hex(8)}",
            "payment_type": "",
            "created": wib_now(),
            "refunds": [],
            "_expires": time.time() + 60 * int(expiry.get("duration") or 24 * 60),
            "_finish": (params.get("callbacks") or {}).get("finish", ""),
            "_enabled": params.get("enabled_payments") or [],
        }
    return 201, {"token": token, "redirect_url": f"{fake.base_url}/snap/v4/redirection/{token}"}


def _snap_errors(fake, params, order_id, gross) -> list[str]:
    errors = []
    if not isinstance(order_id, str) or not ORDER_ID.match(order_id):
        errors.append("transaction_details.order_id format is invalid")
    if not isinstance(gross, int) or gross <= 0:
        errors.append("transaction_details.gross_amount must be an integer greater than 0")
    items = params.get("item_details") or []
    if items and sum(int(i["price"]) * int(i["quantity"]) for i in items) != gross:
        errors.append("transaction_details.gross_amount is not equal to the sum of item_details")
    if any(len(str(i.get("name", ""))) > 50 for i in items):
        errors.append("item_details.name too long")
    with fake.lock:
        if order_id in fake.state.midtrans:
            errors.append("transaction_details.order_id has already been taken")
    return errors


def mt_status(fake, headers, order_id):
    if not fake.midtrans_auth_ok(headers):
        return MT_UNAUTHORIZED
    with fake.lock:
        tx = fake.state.midtrans.get(order_id)
        if not tx or not tx["transaction_status"]:
            return MT_NOT_FOUND
        return 200, shapes.midtrans_status_body(tx)


def mt_refund(fake, headers, raw, order_id):
    if not fake.midtrans_auth_ok(headers):
        return MT_UNAUTHORIZED
    params = json.loads(raw or b"{}")
    key, amount = params.get("refund_key"), int(params.get("amount") or 0)
    with fake.lock:
        tx = fake.state.midtrans.get(order_id)
        if not tx or tx["transaction_status"] not in ("settlement", "partial_refund"):
            return 200, {"status_code": "412", "status_message": "Merchant cannot modify the status of the transaction"}
        for refund in tx["refunds"]:
            if refund["refund_key"] == key:  # same key, same refund
                return 200, shapes.midtrans_refund_answer(tx, refund, pending=not refund["bank_confirmed_at"])
        already = shapes.midtrans_refunded_total(tx)
        if amount <= 0 or already + amount > tx["gross_amount"]:
            return 200, {"status_code": "414", "status_message": "Refund request is rejected due to invalid amount"}
        pending = fake.card_refunds_pending and tx["payment_type"] == "credit_card"
        refund = {
            "refund_chargeback_id": len(tx["refunds"]) + 1,
            "refund_amount": amount,
            "refund_key": key,
            "reason": params.get("reason", ""),
            "created_at": wib_now(),
            "bank_confirmed_at": None if pending else wib_now(),
            "refund_method": "online",
        }
        tx["refunds"].append(refund)
        tx["transaction_status"] = "refund" if already + amount == tx["gross_amount"] else "partial_refund"
        answer = shapes.midtrans_refund_answer(tx, refund, pending=pending)
    # A card refund: acknowledged now (card sample, no bank_confirmed_at); confirmed when the bank says so.
    # Direct refunds (e-wallet, QRIS) are done at once: the direct-refund sample, refunds[] only.
    shape = shapes.CARD_SHAPE if pending else shapes.DIRECT_SHAPE
    fake.later("midtrans", fake.midtrans_body(order_id, refund_shape=shape), label="refund")
    return 200, answer


def mt_stop(fake, headers, order_id, new_status):
    if not fake.midtrans_auth_ok(headers):
        return MT_UNAUTHORIZED
    with fake.lock:
        tx = fake.state.midtrans.get(order_id)
        if not tx or not tx["transaction_status"]:
            return MT_NOT_FOUND
        if tx["transaction_status"] not in ("pending", "authorize", "capture"):
            return 200, {"status_code": "412", "status_message": "Merchant cannot modify the status of the transaction"}
        tx["transaction_status"] = new_status
        body = shapes.midtrans_status_body(tx)
    body["status_code"] = "407" if new_status == "expire" else "200"
    fake.later("midtrans", fake.midtrans_body(order_id), label=new_status)
    return 200, body


# ------------------------------------------------------------------------------------------------ Stripe


def st_create_session(fake, headers, raw):
    if not fake.stripe_auth_ok(headers):
        return ST_UNAUTHORIZED
    key = ("sessions", headers.get("Idempotency-Key", ""))
    with fake.lock:
        if key[1] and key in fake.state.idempotent:
            return fake.state.idempotent[key]
    data = parse_stripe_form(raw)
    items = data.get("line_items") or []
    try:
        currency = items[0]["price_data"]["currency"]
        total = sum(int(i["price_data"]["unit_amount"]) * int(i.get("quantity", 1)) for i in items)
        expires_at = int(data.get("expires_at") or time.time() + 86400)
    except (KeyError, IndexError, ValueError, TypeError):
        return st_error("line_items are invalid", param="line_items")
    if currency != currency.lower():
        return st_error("Invalid currency: must be lowercase", param="currency")
    if currency == "myr" and total < 200:
        return st_error("Amount must be at least RM 2.00", code="amount_too_small")
    if expires_at < time.time() + MIN_SESSION_SECONDS - 60:
        return st_error("The `expires_at` timestamp must be at least 30 minutes from now.", param="expires_at")
    sid = f"cs_test_fake_{secrets.token_hex(12)}"
    session = {
        "id": sid,
        "object": "checkout.session",
        "status": "open",
        "payment_status": "unpaid",
        "amount_total": total,
        "currency": currency,
        "client_reference_id": data.get("client_reference_id"),
        "metadata": data.get("metadata") or {},
        "payment_intent": None,
        "customer_email": data.get("customer_email"),
        "success_url": data.get("success_url", ""),
        "cancel_url": data.get("cancel_url", ""),
        "expires_at": expires_at,
        "url": f"{fake.base_url}/c/pay/{sid}",
        "_intent_metadata": (data.get("payment_intent_data") or {}).get("metadata") or {},
        "_refunded": 0,
    }
    answer = (200, public(session))
    with fake.lock:
        fake.state.sessions[sid] = session
        if key[1]:
            fake.state.idempotent[key] = answer
    return answer


def st_session(fake, headers, sid):
    if not fake.stripe_auth_ok(headers):
        return ST_UNAUTHORIZED
    with fake.lock:
        session = fake.state.sessions.get(sid)
        if not session:
            return st_error(f"No such checkout.session: '{sid}'", 404, "resource_missing")
        return 200, public(session)


def st_expire_session(fake, headers, sid):
    if not fake.stripe_auth_ok(headers):
        return ST_UNAUTHORIZED
    with fake.lock:
        session = fake.state.sessions.get(sid)
        if not session:
            return st_error(f"No such checkout.session: '{sid}'", 404, "resource_missing")
        if session["status"] != "open":
            return st_error('Only Checkout Sessions with a status in ["open"] can be expired.')
        session["status"] = "expired"
        obj = public(session)
    fake.later("stripe", *fake.stripe_event("checkout.session.expired", obj), label="expired")
    return 200, obj


def st_intent(fake, headers, intent_id):
    if not fake.stripe_auth_ok(headers):
        return ST_UNAUTHORIZED
    with fake.lock:
        sid = fake.state.intents.get(intent_id)
        if not sid:
            return st_error(f"No such payment_intent: '{intent_id}'", 404, "resource_missing")
        session = fake.state.sessions[sid]
        return 200, {
            "id": intent_id,
            "object": "payment_intent",
            "amount": session["amount_total"],
            "currency": session["currency"],
            "status": "succeeded",
            "metadata": session["_intent_metadata"],
        }


def st_create_refund(fake, headers, raw):
    if not fake.stripe_auth_ok(headers):
        return ST_UNAUTHORIZED
    key = ("refunds", headers.get("Idempotency-Key", ""))
    with fake.lock:
        if key[1] and key in fake.state.idempotent:
            return fake.state.idempotent[key]
        data = parse_stripe_form(raw)
        sid = fake.state.intents.get(data.get("payment_intent"))
        if not sid:
            return st_error("No such payment_intent", 404, "resource_missing", "payment_intent")
        session = fake.state.sessions[sid]
        amount = int(data.get("amount") or session["amount_total"])
        if amount <= 0 or session["_refunded"] + amount > session["amount_total"]:
            return st_error("Refund amount is greater than unrefunded amount", code="charge_already_refunded")
        session["_refunded"] += amount
        refund = {
            "id": f"re_fake_{secrets.token_hex(8)}",
            "object": "refund",
            "amount": amount,
            "currency": session["currency"],
            "payment_intent": data.get("payment_intent"),
            "status": "succeeded",
            "metadata": data.get("metadata") or {},
            "created": int(time.time()),
        }
        fake.state.refunds[refund["id"]] = refund
        answer = (200, refund)
        if key[1]:
            fake.state.idempotent[key] = answer
        charge = _charge(session, data.get("payment_intent"))
    fake.later("stripe", *fake.stripe_event("refund.created", refund), label="refund.created")
    fake.later("stripe", *fake.stripe_event("charge.refunded", charge), label="charge.refunded")
    return answer


def _charge(session: dict, intent_id: str) -> dict:
    return {
        "id": f"ch_{intent_id[3:]}",
        "object": "charge",
        "amount": session["amount_total"],
        "amount_refunded": session["_refunded"],
        "currency": session["currency"],
        "payment_intent": intent_id,
        "refunded": session["_refunded"] >= session["amount_total"],
        "metadata": {},
    }


def st_list_refunds(fake, headers, query):
    if not fake.stripe_auth_ok(headers):
        return ST_UNAUTHORIZED
    intent = (parse_qs(query).get("payment_intent") or [""])[0]
    with fake.lock:
        data = [r for r in fake.state.refunds.values() if r["payment_intent"] == intent]
    return 200, {"object": "list", "url": "/v1/refunds", "has_more": False, "data": data}
