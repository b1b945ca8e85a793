"""Starting a payment: real client libraries against `responses` and a loopback fake server."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import midtransclient
import pytest
import requests
import responses

from checkout.models import OrderStatus
from checkout.payments.errors import PaymentStartError
from checkout.payments.models import AttemptStatus, PaymentAttempt
from checkout.payments.services import start_payment

from .conftest import MT_KEY, SNAP_URL, STRIPE


class FakeMidtrans(BaseHTTPRequestHandler):
    calls: list = []

    def _reply(self, code, obj):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.calls.append((self.command, self.path, dict(self.headers), raw))
        self._reply(201, {"token": "tok-1", "redirect_url": "http://127.0.0.1/snap/v4/redirection/tok-1"})

    def log_message(self, *a):
        pass


@pytest.fixture
def midtrans_fake(keys):
    FakeMidtrans.calls = []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), FakeMidtrans)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    keys.MIDTRANS_SNAP_BASE_URL = base + "/snap/v1"
    keys.MIDTRANS_CORE_BASE_URL = base
    yield FakeMidtrans.calls
    srv.shutdown()


def test_midtrans_snap_request_has_basic_auth_integer_amount_and_items_adding_up(idr_checkout, midtrans_fake):
    attempt = start_payment(idr_checkout)

    assert attempt.status == AttemptStatus.PENDING
    assert attempt.redirect_url.endswith("/tok-1") and attempt.provider_reference == "tok-1"
    method, path, headers, raw = midtrans_fake[0]
    assert path == "/snap/v1/transactions"
    assert headers["Authorization"] == "Basic " + base64.b64encode(f"{MT_KEY}:".encode()).decode()
    body = json.loads(raw)
    gross = body["transaction_details"]["gross_amount"]
    assert isinstance(gross, int) and gross == 75000 * 2 + 15000 - 5000
    assert sum(i["price"] * i["quantity"] for i in body["item_details"]) == gross
    assert any(i["price"] == -5000 for i in body["item_details"])  # the discount is its own line
    assert body["transaction_details"]["order_id"] == attempt.provider_id
    assert len(attempt.provider_id) <= 50
    # The channel's window (an hour by default), enforced by Snap: the reservation ends at the same moment.
    assert body["expiry"]["unit"] == "minute" and 59 <= body["expiry"]["duration"] <= 60
    assert body["page_expiry"] == {"duration": body["expiry"]["duration"], "unit": "minutes"}
    assert all(len(i["name"]) <= 50 for i in body["item_details"])


def test_payment_window_comes_from_the_channel(chans):
    from datetime import timedelta

    from checkout.payments.registry import get_gateway

    idr = chans["indonesia"]
    assert idr.payment_window_minutes == 60 and idr.transfer_window_hours == 24  # the defaults
    midtrans, stripe_, manual = get_gateway("midtrans"), get_gateway("stripe"), get_gateway("manual")
    assert midtrans.payment_window("qris", channel=idr) == timedelta(hours=1)
    assert midtrans.payment_window("bank_transfer", channel=idr) == timedelta(hours=1)
    assert manual.payment_window(channel=idr) == timedelta(hours=24)  # a transfer has its own deadline
    idr.payment_window_minutes, idr.transfer_window_hours = 20, 6
    assert midtrans.payment_window("card", channel=idr) == timedelta(minutes=20)
    assert stripe_.payment_window("card", channel=idr) == timedelta(minutes=30)  # Stripe's session minimum
    assert manual.payment_window(channel=idr) == timedelta(hours=6)


def test_snap_clients_never_share_headers(keys):
    from checkout.payments.registry import get_gateway

    a, b = get_gateway("midtrans").client(), get_gateway("midtrans").client()
    a.api_config.custom_headers["X-Override-Notification"] = "https://evil.example"
    assert "X-Override-Notification" not in b.api_config.custom_headers
    assert midtransclient.Snap.__init__.__defaults__  # the library's shared default dict is still there…
    assert "X-Override-Notification" not in midtransclient.Snap().api_config.custom_headers  # …and untouched


@pytest.mark.parametrize(
    "failure",
    [
        {"body": requests.exceptions.ConnectTimeout()},
        {"status": 502, "body": "<html><body>502 Bad Gateway</body></html>", "content_type": "text/html"},
        {"status": 500, "json": {"error_messages": ["internal"]}},
        {"status": 400, "json": {"error_messages": ["transaction_details.gross_amount is not equal"]}},
    ],
    ids=["timeout", "html-502", "json-500", "refused-400"],
)
@responses.activate
def test_provider_failure_gives_a_clear_message_and_a_retry_makes_a_new_attempt(idr_checkout, failure):
    responses.add(responses.POST, SNAP_URL, **failure)
    with pytest.raises(PaymentStartError) as exc:
        start_payment(idr_checkout)
    assert "coba lagi" in str(exc.value.message)
    first = PaymentAttempt.objects.get(checkout=idr_checkout)
    assert first.status == AttemptStatus.FAILED and first.redirect_url == ""
    assert set(idr_checkout.orders.values_list("status", flat=True)) == {OrderStatus.AWAITING_PAYMENT}

    responses.replace(
        responses.POST, SNAP_URL, json={"token": "t2", "redirect_url": "https://snap/t2"}, status=201
    )
    second = start_payment(idr_checkout)
    assert second.number == 2 and second.provider_id != first.provider_id
    assert (
        json.loads(responses.calls[-1].request.body)["transaction_details"]["order_id"] == second.provider_id
    )


@responses.activate
def test_double_submit_reuses_the_open_attempt_instead_of_opening_a_second_payment(idr_checkout):
    responses.add(responses.POST, SNAP_URL, json={"token": "t", "redirect_url": "https://snap/t"}, status=201)
    a = start_payment(idr_checkout)
    b = start_payment(idr_checkout)
    assert a.pk == b.pk and len(responses.calls) == 1


@responses.activate
def test_paid_checkout_cannot_be_started_again(idr_checkout):
    responses.add(responses.POST, SNAP_URL, json={"token": "t", "redirect_url": "https://snap/t"}, status=201)
    attempt = start_payment(idr_checkout)
    PaymentAttempt.objects.filter(pk=attempt.pk).update(status=AttemptStatus.PAID)
    with pytest.raises(PaymentStartError):
        start_payment(idr_checkout)
    assert len(responses.calls) == 1


@responses.activate
def test_stripe_checkout_session_in_minor_units_lowercase_with_deterministic_idempotency_key(myr_checkout):
    responses.add(
        responses.POST,
        f"{STRIPE}/v1/checkout/sessions",
        json={"id": "cs_test_1", "object": "checkout.session", "url": "https://checkout.stripe.com/c/pay/1"},
    )
    attempt = start_payment(myr_checkout)
    sent = responses.calls[0].request
    assert sent.headers["Idempotency-Key"] == f"cs-{attempt.provider_id}"
    assert sent.headers["Authorization"] == "Bearer sk_test_dummy"
    form = parse_qs(sent.body)
    assert form["line_items[0][price_data][unit_amount]"] == ["2500"]  # RM 12.50 × 2 = RM 25.00
    assert form["line_items[1][price_data][unit_amount]"] == ["8000"]
    assert form["line_items[0][price_data][currency]"] == ["myr"]
    assert form["client_reference_id"] == [attempt.provider_id]
    assert attempt.provider_reference == "cs_test_1" and attempt.status == AttemptStatus.PENDING


@responses.activate
def test_stripe_error_is_a_clear_message_and_orders_wait(myr_checkout):
    responses.add(
        responses.POST,
        f"{STRIPE}/v1/checkout/sessions",
        status=400,
        json={"error": {"type": "invalid_request_error", "code": "amount_too_small", "message": "too small"}},
    )
    with pytest.raises(PaymentStartError):
        start_payment(myr_checkout)
    assert set(myr_checkout.orders.values_list("status", flat=True)) == {OrderStatus.AWAITING_PAYMENT}


def test_stripe_minor_units():
    from decimal import Decimal

    from catalog.money import Money
    from checkout.payments.gateways.stripe import to_minor

    assert to_minor(Money(Decimal("150000"), "IDR")) == 15000000  # IDR is two-decimal at Stripe
    assert to_minor(Money(Decimal("25.00"), "MYR")) == 2500
    assert to_minor(Money(Decimal("500"), "JPY")) == 500


def test_unconfigured_gateway_refuses_with_a_message(idr_checkout, settings):
    settings.MIDTRANS_SERVER_KEY = ""
    settings.OPOP_DEMO = False
    with pytest.raises(PaymentStartError) as exc:
        start_payment(idr_checkout)
    assert "belum tersedia" in str(exc.value.message)


def test_midtrans_order_ids_stay_unique_when_primary_keys_repeat():
    """Midtrans refuses an order_id it has ever seen; a restored database counts checkouts from the same numbers."""
    import re

    from checkout.models import Checkout
    from checkout.payments.services import make_provider_id

    before_restore, after_restore = Checkout(pk=221), Checkout(pk=221)  # each gets its own random token
    first, second = make_provider_id(before_restore, 1), make_provider_id(after_restore, 1)
    assert first != second and first.startswith("OPOP-221-1-")
    for order_id in (first, second, make_provider_id(Checkout(pk=10**12), 999)):
        assert len(order_id) <= 50 and re.fullmatch(r"[A-Za-z0-9\-_~.]+", order_id)
