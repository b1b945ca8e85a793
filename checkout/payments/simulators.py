"""Offline sandbox simulators for Midtrans Snap and Stripe Checkout, mounted under ``/_sim/``.

They answer only when ``config.simulators_allowed()`` (demo/test settings, no production keys or mode); otherwise
every route is a 404. The real client libraries are pointed at them (``config.midtrans_config`` /
``config.stripe_config`` use the shop's own origin when no key is set), so the shop's code path is the production
one: create a Snap transaction / Checkout Session, show a payment page where a person picks paid, failed or
expired, then send a correctly signed notification back to ``/payments/...`` and redirect the buyer back.

State lives in files (``_Store``), so a restarted demo server still knows its transactions. The bodies they send
come from ``provider_shapes`` (the documented samples). Not for production, and they refuse to pretend otherwise.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import secrets
import tempfile
import time
from decimal import Decimal
from functools import wraps
from pathlib import Path

import requests
import stripe
from django.conf import settings
from django.core.cache.backends.filebased import FileBasedCache
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from catalog.money import format_money

from . import provider_shapes as shapes
from .config import midtrans_config, simulators_allowed, stripe_config

logger = logging.getLogger(__name__)
TTL = 3 * 24 * 3600
ORDER_ID_RE = re.compile(r"^[A-Za-z0-9\-_~.]{1,50}$")


class _Store:
    """Simulator state in files under ``OPOP_PAYMENT_SIMULATOR_DIR`` (default ``VAR_DIR/paysim``), so a restarted
    demo server still knows its transactions (a refund after a restart must work)."""

    def _backend(self):
        directory = getattr(settings, "OPOP_PAYMENT_SIMULATOR_DIR", "") or str(
            Path(getattr(settings, "VAR_DIR", tempfile.gettempdir())) / "paysim"
        )
        return FileBasedCache(directory, {"TIMEOUT": TTL})

    def get(self, key, default=None):
        return self._backend().get(key.replace(":", "_"), default)

    def set(self, key, value, timeout=TTL):
        self._backend().set(key.replace(":", "_"), value, timeout)


cache = _Store()


def _guard(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not simulators_allowed():
            raise Http404
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)


def deliver(url: str, body: str, headers: dict) -> int:
    """POST a notification to the shop, as the provider would. Returns the HTTP status (0 when unreachable)."""
    try:
        return requests.post(
            url, data=body.encode(), headers=headers, timeout=15, allow_redirects=False
        ).status_code
    except requests.RequestException:
        logger.warning("simulator could not deliver a notification to %s", url)
        return 0


def _origin(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# ------------------------------------------------------------------------------------------- Midtrans


def _mt_key(order_id):
    return f"paysim:mt:order:{order_id}"


def _mt_auth_ok(request) -> bool:
    cfg = midtrans_config()
    expected = "Basic " + base64.b64encode(f"{cfg.server_key}:".encode()).decode() if cfg else None
    return bool(expected) and request.headers.get("Authorization") == expected


def _mt_json(data, status=200):
    return JsonResponse(data, status=status)


def _mt_notify(request, tx: dict, *, refund_shape: str = shapes.CARD_SHAPE) -> int:
    body = shapes.midtrans_notification(tx, midtrans_config().server_key, refund_shape=refund_shape)
    return deliver(
        f"{_origin(request)}/payments/midtrans/notification",
        json.dumps(body),
        {"Content-Type": "application/json"},
    )


@_guard
def mt_create(request):
    if request.method != "POST":
        return _mt_json({"error_messages": ["method not allowed"]}, 405)
    if not _mt_auth_ok(request):
        return _mt_json(
            {
                "error_messages": [
                    "Access denied due to unauthorized transaction, please check client or server key"
                ]
            },
            401,
        )
    try:
        params = json.loads(request.body)
        details = params["transaction_details"]
        order_id, gross = details["order_id"], details["gross_amount"]
    except (ValueError, KeyError, TypeError):
        return _mt_json({"error_messages": ["transaction_details is required"]}, 400)
    errors = []
    if not isinstance(order_id, str) or not ORDER_ID_RE.match(order_id):
        errors.append("transaction_details.order_id format is invalid")
    if not isinstance(gross, int) or gross <= 0:
        errors.append("transaction_details.gross_amount must be an integer greater than 0")
    items = params.get("item_details") or []
    if items and sum(int(i["price"]) * int(i["quantity"]) for i in items) != gross:
        errors.append("transaction_details.gross_amount is not equal to the sum of item_details")
    if any(len(str(i.get("name", ""))) > 50 for i in items):
        errors.append("item_details.name too long")
    if cache.get(_mt_key(order_id)):
        errors.append("transaction_details.order_id has already been taken")
    if errors:
        return _mt_json({"error_messages": errors}, 400)
    token = secrets.token_hex(16)
    expiry = params.get("expiry") or {}
    minutes = int(expiry.get("duration") or 24 * 60)
    tx = {
        "order_id": order_id,
        "gross_amount": gross,
        "token": token,
        "transaction_status": None,
        "transaction_id": f"sim-{secrets.token_hex(8)}",
        "payment_type": "",
        "refunds": [],
        "created": timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
        "items": items,
        "expires": time.time() + minutes * 60,
        "finish": (params.get("callbacks") or {}).get("finish", ""),
        "enabled": params.get("enabled_payments") or [],
    }
    cache.set(_mt_key(order_id), tx, TTL)
    cache.set(f"paysim:mt:token:{token}", order_id, TTL)
    return _mt_json(
        {"token": token, "redirect_url": f"{_origin(request)}/_sim/midtrans/snap/v4/redirection/{token}"}, 201
    )


@_guard
def mt_status(request, order_id):
    if not _mt_auth_ok(request):
        return _mt_json({"status_code": "401", "status_message": "Unauthorized"}, 401)
    tx = cache.get(_mt_key(order_id))
    if not tx or not tx["transaction_status"]:
        return _mt_json({"status_code": "404", "status_message": "Transaction doesn't exist."}, 404)
    return _mt_json(shapes.midtrans_status_body(tx))


@_guard
def mt_refund(request, order_id):
    """``POST /v2/{order_id}/refund``. A card refund waits for the bank: answered 201, then two notifications (the
    card sample: acknowledged without ``bank_confirmed_at``, then confirmed with it, when someone presses "bank
    confirms" on the simulator page or calls ``…/refund/confirm``). Other methods refund at once (200) and notify
    with the direct-refund sample (``refunds[]`` only)."""
    if not _mt_auth_ok(request):
        return _mt_json({"status_code": "401", "status_message": "Unauthorized"}, 401)
    tx = cache.get(_mt_key(order_id))
    if not tx or tx["transaction_status"] not in ("settlement", "partial_refund"):
        return _mt_json({"status_code": "412", "status_message": "Merchant cannot modify the status of the transaction"})
    params = json.loads(request.body or b"{}")
    key, amount = params.get("refund_key"), int(params.get("amount") or 0)
    for r in tx["refunds"]:
        if r["refund_key"] == key:  # same key, same refund
            return _mt_json(shapes.midtrans_refund_answer(tx, r, pending=not r["bank_confirmed_at"]))
    already = shapes.midtrans_refunded_total(tx)
    if amount <= 0 or already + amount > tx["gross_amount"]:
        return _mt_json({"status_code": "414", "status_message": "Refund request is rejected due to invalid amount"})
    pending = tx["payment_type"] == "credit_card"
    now = timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")
    refund = {
        "refund_chargeback_id": len(tx["refunds"]) + 1,
        "refund_amount": amount,
        "refund_key": key,
        "reason": params.get("reason", ""),
        "created_at": now,
        "bank_confirmed_at": None if pending else now,
        "refund_method": "online",
    }
    tx["refunds"].append(refund)
    tx["transaction_status"] = "refund" if already + amount == tx["gross_amount"] else "partial_refund"
    cache.set(_mt_key(order_id), tx, TTL)
    _mt_notify(request, tx, refund_shape=shapes.CARD_SHAPE if pending else shapes.DIRECT_SHAPE)
    return _mt_json(shapes.midtrans_refund_answer(tx, refund, pending=pending))


@_guard
def mt_confirm_refunds(request, order_id):
    """Simulator control (no Midtrans equivalent): the bank confirms every pending refund of the transaction;
    Midtrans then sends the card sample's second notification, with ``bank_confirmed_at``."""
    if request.method != "POST":
        return _mt_json({"status_message": "method not allowed"}, 405)
    tx = cache.get(_mt_key(order_id))
    if not tx:
        raise Http404
    now = timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")
    confirmed = 0
    for r in tx["refunds"]:
        if not r["bank_confirmed_at"]:
            r["bank_confirmed_at"] = now
            confirmed += 1
    cache.set(_mt_key(order_id), tx, TTL)
    if confirmed:
        _mt_notify(request, tx, refund_shape=shapes.CARD_SHAPE)
    if request.POST.get("token"):
        return HttpResponseRedirect(f"/_sim/midtrans/snap/v4/redirection/{request.POST['token']}")
    return _mt_json({"confirmed": confirmed})


def _mt_stop(request, order_id, new_status):
    """``POST /v2/{id}/expire`` and ``/cancel`` as Midtrans answers them: 404 when the buyer never picked a method
    (no transaction yet), 407/200 for a pending one, 412 in the body for anything already final."""
    if not _mt_auth_ok(request):
        return _mt_json({"status_code": "401", "status_message": "Unauthorized"}, 401)
    tx = cache.get(_mt_key(order_id))
    if not tx or not tx["transaction_status"]:
        return _mt_json({"status_code": "404", "status_message": "Transaction doesn't exist."}, 404)
    if tx["transaction_status"] not in ("pending", "authorize"):
        return _mt_json(
            {"status_code": "412", "status_message": "Merchant cannot modify the status of the transaction"}
        )
    tx["transaction_status"] = new_status
    cache.set(_mt_key(order_id), tx, TTL)
    body = shapes.midtrans_status_body(tx)
    body["status_code"] = "407" if new_status == "expire" else "200"
    return _mt_json(body)


@_guard
def mt_expire(request, order_id):
    return _mt_stop(request, order_id, "expire")


@_guard
def mt_cancel(request, order_id):
    return _mt_stop(request, order_id, "cancel")


MT_OUTCOMES = {
    "paid": ("settlement", "qris"),
    "paid_va": ("settlement", "bank_transfer"),
    "paid_card": ("settlement", "credit_card"),
    "failed": ("deny", "credit_card"),
    "expired": ("expire", "bank_transfer"),
}


@_guard
def mt_page(request, token):
    order_id = cache.get(f"paysim:mt:token:{token}")
    tx = cache.get(_mt_key(order_id)) if order_id else None
    if not tx:
        raise Http404
    finish = tx["finish"] or "/"
    sep = "&" if "?" in finish else "?"
    if request.method == "POST" and request.POST.get("outcome") == "abandon":
        # The buyer leaves the payment page without paying ("back to the shop").
        return HttpResponseRedirect(f"{finish}{sep}order_id={order_id}&abandon=1")
    if request.method == "POST" and request.POST.get("outcome") in MT_OUTCOMES:
        status, ptype = MT_OUTCOMES[request.POST["outcome"]]
        if tx["transaction_status"] not in ("settlement", "refund", "partial_refund", "expire"):
            tx["transaction_status"], tx["payment_type"] = status, ptype
            cache.set(_mt_key(order_id), tx, TTL)
            _mt_notify(request, tx)
        code = shapes.midtrans_status_code(tx["transaction_status"])
        return HttpResponseRedirect(
            f"{finish}{sep}order_id={order_id}&status_code={code}&transaction_status={tx['transaction_status']}"
        )
    return render(
        request,
        "payments/simulator/midtrans.html",
        {"tx": tx, "token": token, "amount": format_money(tx["gross_amount"], "IDR")},
    )


# ------------------------------------------------------------------------------------------- Stripe


def _st_auth_ok(request) -> bool:
    cfg = stripe_config()
    return bool(cfg) and request.headers.get("Authorization") == f"Bearer {cfg.secret_key}"


def _st_error(message, status=400, code="parameter_invalid"):
    return JsonResponse(
        {"error": {"type": "invalid_request_error", "code": code, "message": message}}, status=status
    )


def _form(request) -> dict:
    """Stripe's form encoding (``a[b][0][c]=1``) back into nested dicts and lists."""
    root: dict = {}
    for key, values in request.POST.lists():
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = values[-1]

    def listify(n):
        if isinstance(n, dict):
            n = {k: listify(v) for k, v in n.items()}
            if n and all(k.isdigit() for k in n):
                return [n[k] for k in sorted(n, key=int)]
        return n

    return listify(root)


def _st_event(request, etype: str, obj: dict) -> int:
    cfg = stripe_config()
    payload = json.dumps(
        {
            "id": f"evt_sim_{secrets.token_hex(10)}",
            "object": "event",
            "type": etype,
            "api_version": "2026-10-28.endive",
            "created": int(time.time()),
            "data": {"object": obj},
        }
    )
    header = stripe.WebhookSignature.generate_signature_header(payload, cfg.webhook_secret)
    return deliver(
        f"{_origin(request)}/payments/stripe/webhook",
        payload,
        {"Content-Type": "application/json", "Stripe-Signature": header},
    )


@_guard
def st_sessions(request):
    if not _st_auth_ok(request):
        return _st_error("Invalid API Key provided", 401, "api_key_invalid")
    if request.method != "POST":
        return _st_error("Use POST", 405)
    idem = request.headers.get("Idempotency-Key", "")
    if idem and (sid := cache.get(f"paysim:st:idem:{idem}")):
        return JsonResponse(cache.get(f"paysim:st:cs:{sid}"))
    data = _form(request)
    items = data.get("line_items") or []
    try:
        currency = items[0]["price_data"]["currency"]
        total = sum(int(i["price_data"]["unit_amount"]) * int(i.get("quantity", 1)) for i in items)
    except (KeyError, IndexError, ValueError, TypeError):
        return _st_error("line_items are invalid")
    if currency != currency.lower():
        return _st_error("Invalid currency: must be lowercase")
    if currency == "myr" and total < 200:
        return _st_error("Amount must be at least RM 2.00", code="amount_too_small")
    sid = f"cs_test_sim_{secrets.token_hex(12)}"
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
        "expires_at": int(data.get("expires_at") or time.time() + 86400),
        "line_items_sim": items,
        "url": f"{_origin(request)}/_sim/stripe/pay/{sid}",
    }
    cache.set(f"paysim:st:cs:{sid}", session, TTL)
    if idem:
        cache.set(f"paysim:st:idem:{idem}", sid, TTL)
    return JsonResponse(session)


def _st_session_or_error(request, sid):
    """(session, None) for an authorised request about an existing session, else (None, Stripe's error)."""
    if not _st_auth_ok(request):
        return None, _st_error("Invalid API Key provided", 401, "api_key_invalid")
    session = cache.get(f"paysim:st:cs:{sid}")
    if not session:
        return None, _st_error(f"No such checkout.session: '{sid}'", 404, "resource_missing")
    return session, None


@_guard
def st_session(request, sid):
    session, error = _st_session_or_error(request, sid)
    return error or JsonResponse(session)


@_guard
def st_session_expire(request, sid):
    """``POST /v1/checkout/sessions/{id}/expire``: only an open session can be expired (then nobody can pay it)."""
    session, error = _st_session_or_error(request, sid)
    if error:
        return error
    if session["status"] != "open":
        return _st_error('Only Checkout Sessions with a status in ["open"] can be expired.', 400)
    session.update(status="expired")
    cache.set(f"paysim:st:cs:{sid}", session, TTL)
    return JsonResponse({k: v for k, v in session.items() if not k.endswith("_sim")})


@_guard
def st_refunds(request):
    if not _st_auth_ok(request):
        return _st_error("Invalid API Key provided", 401, "api_key_invalid")
    idem = request.headers.get("Idempotency-Key", "")
    if idem and (existing := cache.get(f"paysim:st:refund:{idem}")):
        return JsonResponse(existing)
    data = _form(request)
    sid = cache.get(f"paysim:st:pi:{data.get('payment_intent')}")
    session = cache.get(f"paysim:st:cs:{sid}") if sid else None
    if not session:
        return _st_error("No such payment_intent", 404, "resource_missing")
    amount = int(data.get("amount") or session["amount_total"])
    refunded = session.get("refunded", 0)
    if amount <= 0 or refunded + amount > session["amount_total"]:
        return _st_error("Refund amount is greater than unrefunded amount", code="charge_already_refunded")
    session["refunded"] = refunded + amount
    cache.set(f"paysim:st:cs:{sid}", session, TTL)
    refund = {
        "id": f"re_sim_{secrets.token_hex(10)}",
        "object": "refund",
        "amount": amount,
        "currency": session["currency"],
        "payment_intent": data.get("payment_intent"),
        "status": "succeeded",
        "metadata": data.get("metadata") or {},
    }
    if idem:
        cache.set(f"paysim:st:refund:{idem}", refund, TTL)
    _st_event(request, "refund.created", refund)
    return JsonResponse(refund)


@_guard
def st_page(request, sid):
    session = cache.get(f"paysim:st:cs:{sid}")
    if not session:
        raise Http404
    outcome = request.POST.get("outcome") if request.method == "POST" else None
    if outcome == "abandon":  # Stripe's back link on its page: to the shop's cancel_url
        return HttpResponseRedirect(session["cancel_url"] or "/")
    if outcome in ("paid", "failed", "expired") and session["status"] == "open":
        if outcome == "paid":
            pi = f"pi_sim_{secrets.token_hex(10)}"
            session.update(status="complete", payment_status="paid", payment_intent=pi)
            cache.set(f"paysim:st:pi:{pi}", sid, TTL)
            etype = "checkout.session.completed"
        elif outcome == "failed":
            session.update(status="complete", payment_status="unpaid")
            etype = "checkout.session.async_payment_failed"
        else:
            session.update(status="expired")
            etype = "checkout.session.expired"
        cache.set(f"paysim:st:cs:{sid}", session, TTL)
        _st_event(request, etype, {k: v for k, v in session.items() if not k.endswith("_sim")})
        url = session["success_url"] if outcome == "paid" else session["cancel_url"]
        return HttpResponseRedirect(url.replace("{CHECKOUT_SESSION_ID}", sid) or "/")
    amount = Decimal(session["amount_total"]) / 100
    return render(
        request,
        "payments/simulator/stripe.html",
        {"session": session, "amount": format_money(amount, session["currency"].upper())},
    )


urlpatterns = [
    path("_sim/midtrans/snap/v1/transactions", mt_create, name="sim_midtrans_create"),
    path("_sim/midtrans/snap/v4/redirection/<str:token>", mt_page, name="sim_midtrans_page"),
    path("_sim/midtrans/v2/<str:order_id>/status", mt_status, name="sim_midtrans_status"),
    path("_sim/midtrans/v2/<str:order_id>/refund", mt_refund, name="sim_midtrans_refund"),
    path("_sim/midtrans/v2/<str:order_id>/refund/confirm", mt_confirm_refunds, name="sim_midtrans_confirm"),
    path("_sim/midtrans/v2/<str:order_id>/expire", mt_expire, name="sim_midtrans_expire"),
    path("_sim/midtrans/v2/<str:order_id>/cancel", mt_cancel, name="sim_midtrans_cancel"),
    path("_sim/stripe/v1/checkout/sessions", st_sessions, name="sim_stripe_sessions"),
    path("_sim/stripe/v1/checkout/sessions/<str:sid>", st_session, name="sim_stripe_session"),
    path(
        "_sim/stripe/v1/checkout/sessions/<str:sid>/expire",
        st_session_expire,
        name="sim_stripe_session_expire",
    ),
    path("_sim/stripe/v1/refunds", st_refunds, name="sim_stripe_refunds"),
    path("_sim/stripe/pay/<str:sid>", st_page, name="sim_stripe_page"),
]
