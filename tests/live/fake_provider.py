"""A fake Midtrans and Stripe: a real HTTP server on 127.0.0.1 (a free port, in a thread) that the real
``midtransclient`` and ``stripe`` clients talk to through their base-URL settings, and that POSTs notifications
back to the shop the way the providers do.

It implements what the shop uses, in the documented payload shapes (bodies from ``checkout.payments.provider_shapes``):

- Midtrans Snap ``POST /snap/v1/transactions`` (Basic auth, order-id charset and uniqueness, Σ items = gross),
  Core ``GET /v2/{id}/status`` (404 before the buyer picked a method), ``POST /v2/{id}/refund`` (201 while a card
  refund waits for the bank, 200 at once otherwise), ``POST /v2/{id}/expire`` and ``/cancel``;
- Stripe ``POST/GET /v1/checkout/sessions[/{id}[/expire]]`` (Bearer auth, form encoding, idempotency keys, the
  30-minute ``expires_at`` minimum, RM 2 minimum), ``GET /v1/payment_intents/{id}``, ``POST /v1/refunds``,
  ``GET /v1/refunds?payment_intent=…``.

What a buyer or a provider's dashboard does is a method (``mt_pay``, ``mt_confirm_refunds``, ``st_pay``, …); each
sends the notification(s) the provider would, signed (Midtrans SHA-512 of order id + status code + gross amount +
server key; Stripe ``t=…,v1=…``), and records the shop's answer in ``deliveries``. Notifications that follow an
API call (a refund) are sent after the answer, from a background thread, as the real providers do; ``drain()``
waits for them. ``fail_next`` makes an endpoint fail (status, HTML body, delay) for fault tests.
"""

from __future__ import annotations

import base64
import json
import queue
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import requests
import stripe

from checkout.payments import provider_shapes as shapes

from . import fake_routes
from .fake_routes import public, wib_now

MIDTRANS_PATH = "/payments/midtrans/notification"
STRIPE_PATH = "/payments/stripe/webhook"


@dataclass
class Delivery:
    """One notification POSTed to the shop and what it answered."""

    gateway: str
    body: str
    headers: dict
    status: int = 0
    answer: str = ""
    seconds: float = 0.0
    label: str = ""


@dataclass
class Fault:
    method: str
    pattern: re.Pattern
    status: int
    body: str
    content_type: str
    times: int
    delay: float = 0.0


@dataclass
class FakeState:
    midtrans: dict = field(default_factory=dict)  # order_id → transaction record (provider_shapes)
    snap_tokens: dict = field(default_factory=dict)  # token → order_id
    sessions: dict = field(default_factory=dict)  # cs_… → Checkout Session
    intents: dict = field(default_factory=dict)  # pi_… → cs_…
    refunds: dict = field(default_factory=dict)  # re_… → Refund
    idempotent: dict = field(default_factory=dict)  # (path, Idempotency-Key) → (status, body)


class FakeProvider:
    def __init__(
        self,
        *,
        midtrans_server_key: str = "SB-Mid-server-LIVE-FAKE",
        stripe_secret_key: str = "sk_test_live_fake",
        stripe_webhook_secret: str = "whsec_live_fake",
        card_refunds_pending: bool = True,
    ):
        self.midtrans_server_key = midtrans_server_key
        self.stripe_secret_key = stripe_secret_key
        self.stripe_webhook_secret = stripe_webhook_secret
        self.card_refunds_pending = card_refunds_pending
        self.state = FakeState()
        self.lock = threading.RLock()
        self.calls: list[tuple[str, str]] = []
        self.deliveries: list[Delivery] = []
        self.shop_url = ""
        self._faults: list[Fault] = []
        self._outbox: queue.Queue = queue.Queue()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._threads: list[threading.Thread] = []

    # ------------------------------------------------------------------ lifecycle
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeProvider:
        for target in (self._server.serve_forever, self._send_outbox):
            thread = threading.Thread(target=target, daemon=True, name=f"fake-provider-{target.__name__}")
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self.drain()
        self._outbox.put(None)
        self._server.shutdown()
        self._server.server_close()

    def settings(self) -> dict[str, str]:
        """The shop's environment (or Django settings) that points the real clients at this fake."""
        return {
            "MIDTRANS_SERVER_KEY": self.midtrans_server_key,
            "MIDTRANS_CLIENT_KEY": "SB-Mid-client-LIVE-FAKE",
            "MIDTRANS_SNAP_BASE_URL": f"{self.base_url}/snap/v1",
            "MIDTRANS_CORE_BASE_URL": self.base_url,
            "STRIPE_SECRET_KEY": self.stripe_secret_key,
            "STRIPE_WEBHOOK_SECRET": self.stripe_webhook_secret,
            "STRIPE_API_BASE": self.base_url,
        }

    def fail_next(self, method: str, path_regex: str, *, status=502, body="<html>502 Bad Gateway</html>",
                  content_type="text/html", times=1, delay=0.0) -> None:
        """The next ``times`` matching requests get this answer (after ``delay`` seconds) instead of the real one."""
        with self.lock:
            self._faults.append(Fault(method, re.compile(path_regex), status, body, content_type, times, delay))

    # ------------------------------------------------------------------ notifications
    def send(self, gateway: str, body: str, headers: dict | None = None, *, label: str = "") -> Delivery:
        """POST one notification to the shop now and record the answer (0 when the shop is unreachable)."""
        path = MIDTRANS_PATH if gateway == "midtrans" else STRIPE_PATH
        delivery = Delivery(gateway, body, {"Content-Type": "application/json", **(headers or {})}, label=label)
        started = time.monotonic()
        try:
            response = requests.post(
                self.shop_url + path, data=body.encode(), headers=delivery.headers, timeout=30, allow_redirects=False
            )
            delivery.status, delivery.answer = response.status_code, response.text
        except requests.RequestException:
            delivery.status = 0
        delivery.seconds = time.monotonic() - started
        with self.lock:
            self.deliveries.append(delivery)
        return delivery

    def later(self, gateway: str, body: str, headers: dict | None = None, *, label: str = "") -> None:
        """Send after the current API answer, like the providers' asynchronous notifications."""
        self._outbox.put((gateway, body, headers, label))

    def drain(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while self._outbox.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.02)

    def _send_outbox(self) -> None:
        while True:
            item = self._outbox.get()
            if item is None:
                self._outbox.task_done()
                return
            try:
                self.send(*item[:3], label=item[3])
            finally:
                self._outbox.task_done()

    def midtrans_body(self, order_id: str, *, refund_shape=shapes.CARD_SHAPE, key: str | None = None) -> str:
        with self.lock:
            tx = json.loads(json.dumps(self.state.midtrans[order_id]))
        return json.dumps(shapes.midtrans_notification(tx, key or self.midtrans_server_key, refund_shape=refund_shape))

    def stripe_event(self, event_type: str, obj: dict, *, secret: str | None = None) -> tuple[str, dict]:
        payload = shapes.stripe_event(event_type, obj)
        header = stripe.WebhookSignature.generate_signature_header(payload, secret or self.stripe_webhook_secret)
        return payload, {"Stripe-Signature": header}

    # ------------------------------------------------------------------ Midtrans: what buyers and banks do
    def _mt_set(self, order_id: str, status: str, payment_type: str | None = None) -> bool:
        with self.lock:
            tx = self.state.midtrans[order_id]
            if tx["transaction_status"] in ("settlement", "refund", "partial_refund", "expire", "cancel"):
                return False  # final: Midtrans does not move it back
            tx["transaction_status"] = status
            if payment_type:
                tx["payment_type"] = payment_type
            if status == "settlement":
                tx["settlement_time"] = wib_now()
            return True

    def mt_pay(self, order_id: str, payment_type: str = "qris", *, notify: bool = True) -> Delivery | None:
        """The buyer pays on the Snap page: pending, then settlement (two notifications)."""
        self._mt_set(order_id, "pending", payment_type)
        if notify:
            self.send("midtrans", self.midtrans_body(order_id), label="pending")
        self._mt_set(order_id, "settlement")
        return self.send("midtrans", self.midtrans_body(order_id), label="settlement") if notify else None

    def mt_expire(self, order_id: str) -> Delivery:
        self._mt_set(order_id, "pending", "bank_transfer")
        self._mt_set(order_id, "expire")
        return self.send("midtrans", self.midtrans_body(order_id), label="expire")

    def mt_challenge_then_deny(self, order_id: str) -> list[Delivery]:
        with self.lock:
            tx = self.state.midtrans[order_id]
            tx.update(transaction_status="capture", payment_type="credit_card")
        challenge = json.loads(self.midtrans_body(order_id))
        challenge["fraud_status"] = "challenge"  # fraud_status is not signed: the signature stays valid
        first = self.send("midtrans", json.dumps(challenge), label="challenge")
        with self.lock:
            tx["transaction_status"] = "deny"
        return [first, self.send("midtrans", self.midtrans_body(order_id), label="deny")]

    def mt_confirm_refunds(self, order_id: str, *, send_now: bool = True) -> Delivery | None:
        """The bank confirms every pending refund: Midtrans sets ``bank_confirmed_at`` and notifies again."""
        with self.lock:
            pending = [r for r in self.state.midtrans[order_id]["refunds"] if not r["bank_confirmed_at"]]
            for refund in pending:
                refund["bank_confirmed_at"] = wib_now()
        if not pending:
            return None
        body = self.midtrans_body(order_id, refund_shape=shapes.CARD_SHAPE)
        if send_now:
            return self.send("midtrans", body, label="refund confirmed")
        self.later("midtrans", body, label="refund confirmed")
        return None

    def mt_pending_refunds(self) -> list[str]:
        with self.lock:
            return [
                oid for oid, tx in self.state.midtrans.items() if any(not r["bank_confirmed_at"] for r in tx["refunds"])
            ]

    # ------------------------------------------------------------------ Stripe: what buyers do
    def st_pay(self, session_id: str) -> Delivery:
        with self.lock:
            session = self.state.sessions[session_id]
            if session["status"] != "open":
                raise ValueError(f"session {session_id} is {session['status']}")
            intent = f"pi_fake_{secrets.token_hex(8)}"
            session.update(status="complete", payment_status="paid", payment_intent=intent)
            self.state.intents[intent] = session_id
            obj = public(session)
        return self.send("stripe", *self.stripe_event("checkout.session.completed", obj), label="completed")

    def st_expire(self, session_id: str) -> Delivery:
        with self.lock:
            session = self.state.sessions[session_id]
            session["status"] = "expired"
            obj = public(session)
        return self.send("stripe", *self.stripe_event("checkout.session.expired", obj), label="expired")

    # ------------------------------------------------------------------ the HTTP side
    def handle(self, method: str, path: str, headers, raw: bytes) -> tuple[int, str, str]:
        with self.lock:
            self.calls.append((method, path))
            fault = next((f for f in self._faults if f.method == method and f.pattern.search(path)), None)
            if fault is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
        if fault is not None:
            time.sleep(fault.delay)
            return fault.status, fault.body, fault.content_type
        for route_method, pattern, view in self._routes():
            match = re.fullmatch(pattern, urlsplit(path).path)
            if route_method == method and match:
                status, body = view(headers, raw, urlsplit(path).query, *match.groups())
                return status, json.dumps(body), "application/json"
        return 404, json.dumps({"status_code": "404", "status_message": "not found"}), "application/json"

    def _routes(self) -> list[tuple[str, str, Callable]]:
        r = fake_routes
        return [
            ("POST", r"/snap/v1/transactions", lambda h, b, q: r.snap_create(self, h, b)),
            ("GET", r"/v2/([^/]+)/status", lambda h, b, q, oid: r.mt_status(self, h, oid)),
            ("POST", r"/v2/([^/]+)/refund", lambda h, b, q, oid: r.mt_refund(self, h, b, oid)),
            ("POST", r"/v2/([^/]+)/expire", lambda h, b, q, oid: r.mt_stop(self, h, oid, "expire")),
            ("POST", r"/v2/([^/]+)/cancel", lambda h, b, q, oid: r.mt_stop(self, h, oid, "cancel")),
            ("POST", r"/v1/checkout/sessions", lambda h, b, q: r.st_create_session(self, h, b)),
            ("GET", r"/v1/checkout/sessions/([^/]+)", lambda h, b, q, sid: r.st_session(self, h, sid)),
            ("POST", r"/v1/checkout/sessions/([^/]+)/expire", lambda h, b, q, sid: r.st_expire_session(self, h, sid)),
            ("GET", r"/v1/payment_intents/([^/]+)", lambda h, b, q, pid: r.st_intent(self, h, pid)),
            ("POST", r"/v1/refunds", lambda h, b, q: r.st_create_refund(self, h, b)),
            ("GET", r"/v1/refunds", lambda h, b, q: r.st_list_refunds(self, h, q)),
        ]

    def midtrans_auth_ok(self, headers) -> bool:
        expected = "Basic " + base64.b64encode(f"{self.midtrans_server_key}:".encode()).decode()
        return headers.get("Authorization") == expected

    def stripe_auth_ok(self, headers) -> bool:
        return headers.get("Authorization") == f"Bearer {self.stripe_secret_key}"


def _handler_for(fake: FakeProvider):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, body, content_type = fake.handle(self.command, self.path, self.headers, raw)
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _serve

        def log_message(self, *args):
            pass

    return Handler
