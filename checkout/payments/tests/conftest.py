"""Fixtures for the payments tests: checkouts built straight from models (independent of the checkout form),
provider keys for tests, and helpers that sign notifications the way each provider documents."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from decimal import Decimal

import pytest
import responses
import stripe
from django.test import Client
from django.utils import timezone

from catalog.models import Stock
from checkout.models import Checkout, Order, OrderLine, Reservation

MT_KEY = "SB-Mid-server-TEST"
ST_KEY = "sk_test_dummy"
WHSEC = "whsec_test_secret"
SNAP_URL = "https://app.sandbox.midtrans.com/snap/v1/transactions"
CORE = "https://api.sandbox.midtrans.com"
STRIPE = "https://api.stripe.com"


@pytest.fixture(autouse=True)
def _simulator_state(settings, tmp_path):
    settings.OPOP_PAYMENT_SIMULATOR_DIR = str(tmp_path / "paysim")


@pytest.fixture(autouse=True)
def _fresh_rejection_limiter():
    """The limiter of rejected notifications counts per process: every test starts with a clean slate."""
    from checkout.payments.rejections import limiter

    limiter.reset()
    yield
    limiter.reset()


@pytest.fixture
def keys(settings):
    settings.MIDTRANS_SERVER_KEY = MT_KEY
    settings.MIDTRANS_CLIENT_KEY = "SB-Mid-client-TEST"
    settings.MIDTRANS_SNAP_BASE_URL = ""
    settings.MIDTRANS_CORE_BASE_URL = ""
    settings.STRIPE_SECRET_KEY = ST_KEY
    settings.STRIPE_WEBHOOK_SECRET = WHSEC
    settings.STRIPE_API_BASE = ""
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    settings.PAYMENT_HTTP_TIMEOUT = 2
    return settings


def make_checkout(
    channel,
    lines,
    *,
    gateway="midtrans",
    method="",
    shipping=Decimal(0),
    discount=Decimal(0),
    tax=Decimal(0),
    window_minutes=60,
    reserve=True,
) -> Checkout:
    """lines: [(product, qty)], grouped into one order per store. Reserves stock like the placement does."""
    now = timezone.now()
    checkout = Checkout.objects.create(
        idempotency_key=uuid.uuid4().hex,
        channel=channel,
        currency=channel.currency,
        email="pembeli@example.id",
        phone="+6281234567890",
        recipient_name="Siti Aminah",
        street_address="Jl. Pesantren No. 1",
        city="Malang",
        postcode="65167",
        gateway=gateway,
        payment_method=method,
        terms_version="2026-11",
        consented_at=now,
    )
    by_store: dict = {}
    for product, qty in lines:
        by_store.setdefault(product.store, []).append((product, qty))
    total = Decimal(0)
    for store, items in by_store.items():
        order = Order.objects.create(
            store=store,
            checkout=checkout,
            number=f"OP-{uuid.uuid4().hex[:8].upper()}",
            currency=channel.currency,
            shipping_cost=shipping,
            discount=discount,
            tax=tax,
        )
        subtotal = Decimal(0)
        for product, qty in items:
            variant = product.variants.first()
            price = variant.prices.get(channel=channel).amount
            line = OrderLine.objects.create(
                order=order,
                variant=variant,
                product_title=product.title,
                variant_name=variant.name,
                sku=variant.sku,
                quantity=qty,
                unit_price=price,
                total=price * qty,
            )
            subtotal += price * qty
            if reserve:
                Reservation.objects.create(
                    stock=Stock.objects.get(store=store, sku=variant.sku),
                    order_line=line,
                    quantity=qty,
                    reserved_until=now + timezone.timedelta(minutes=window_minutes),
                )
        order.subtotal = subtotal
        order.total = subtotal + shipping + tax - discount
        order.save()
        total += order.total
    checkout.total = total
    checkout.save()
    return checkout


@pytest.fixture
def idr_checkout(db, chans, store, keys):
    from tests.factories import make_product

    kopi = make_product(store, "Kopi Robusta Dampit", price_idr=75000, stock=5)
    return make_checkout(chans["indonesia"], [(kopi, 2)], shipping=Decimal(15000), discount=Decimal(5000))


@pytest.fixture
def myr_checkout(db, chans, store, other_store, keys):
    from tests.factories import make_product

    kopi = make_product(store, "Kopi Robusta", price_myr="12.50", stock=5)
    batik = make_product(other_store, "Batik Tulis", price_myr="80.00", stock=2)
    return make_checkout(chans["international"], [(kopi, 2), (batik, 1)], gateway="stripe")


# ---------------------------------------------------------------------------------------------------- Midtrans


def mt_signature(order_id, status_code, gross, key=MT_KEY):
    return hashlib.sha512(f"{order_id}{status_code}{gross}{key}".encode()).hexdigest()


def mt_notification(
    order_id, status="settlement", status_code="200", gross="150000.00", fraud="accept", key=MT_KEY, **extra
) -> str:
    body = {
        "transaction_time": "2026-11-28 10:00:00",
        "transaction_status": status,
        "transaction_id": extra.pop("transaction_id", "00000000-0000-0000-0000-000000000001"),
        "status_message": "midtrans payment notification",
        "status_code": status_code,
        "payment_type": "bank_transfer",
        "order_id": order_id,
        "merchant_id": "G000000000",
        "gross_amount": gross,
        "fraud_status": fraud,
        "currency": "IDR",
        **extra,
    }
    body["signature_key"] = mt_signature(order_id, status_code, gross, key)
    return json.dumps(body)


def mt_status_body(order_id, status="settlement", gross="150000.00", fraud="accept"):
    return {
        "status_code": "200" if status in ("settlement", "capture") else "201",
        "transaction_status": status,
        "order_id": order_id,
        "gross_amount": gross,
        "fraud_status": fraud,
        "currency": "IDR",
        "payment_type": "qris",
    }


# Midtrans' side of a payment, in the documented shapes (``provider_shapes``), for tests that need the status API to
# agree with a notification: reversals are applied only as far as the status API confirms them.


def mt_tx(attempt, status="settlement", *, payment_type="qris", refunds=()) -> dict:
    """A Midtrans transaction record (``provider_shapes``) for ``attempt``."""
    return {
        "order_id": attempt.provider_id,
        "gross_amount": int(attempt.amount),
        "transaction_status": status,
        "transaction_id": f"tx-{attempt.provider_id}",
        "payment_type": payment_type,
        "created": "2026-11-28 10:00:00",
        "refunds": list(refunds),
    }


def mt_refund_entry(n, amount, key, *, confirmed=True) -> dict:
    return {
        "refund_chargeback_id": n,
        "refund_amount": int(amount),
        "refund_key": key,
        "reason": "",
        "created_at": "2026-11-28 11:00:00",
        "bank_confirmed_at": "2026-11-28 11:05:00" if confirmed else None,
        "refund_method": "online",
    }


def provider_knows(tx: dict) -> None:
    """The status API (``responses``' default mock, started by ``provider_api``) answers with ``tx`` from now on."""
    from checkout.payments.provider_shapes import midtrans_status_body

    responses.upsert(responses.GET, f"{CORE}/v2/{tx['order_id']}/status", json=midtrans_status_body(tx))


def mt_signed(tx: dict, *, shape="card", key=MT_KEY) -> str:
    """The notification Midtrans sends for ``tx``'s state, signed (``provider_shapes.midtrans_notification``)."""
    from checkout.payments.provider_shapes import midtrans_notification

    return json.dumps(midtrans_notification(tx, key, refund_shape=shape))


@pytest.fixture
def provider_api():
    """``responses``' default mock for the whole test (``provider_knows`` registers on it); no real network."""
    responses.start()
    try:
        yield responses
    finally:
        responses.stop()
        responses.reset()


def post_midtrans(client, body: str):
    return client.post("/payments/midtrans/notification", data=body, content_type="application/json")


# ---------------------------------------------------------------------------------------------------- Stripe


def st_event(event_type, session: dict, event_id=None) -> str:
    return json.dumps(
        {
            "id": event_id or f"evt_{uuid.uuid4().hex[:16]}",
            "object": "event",
            "type": event_type,
            "api_version": "2026-10-28.endive",
            "data": {"object": session},
        }
    )


def st_session(attempt, *, status="complete", payment_status="paid", amount=None, currency=None, sid=None):
    from checkout.payments.gateways.stripe import to_minor

    return {
        "id": sid or attempt.provider_reference or "cs_test_1",
        "object": "checkout.session",
        "status": status,
        "payment_status": payment_status,
        "client_reference_id": attempt.provider_id,
        "amount_total": amount if amount is not None else to_minor(attempt.amount_money),
        "currency": (currency or attempt.currency).lower(),
        "payment_intent": "pi_test_1",
        "metadata": {"attempt": attempt.provider_id},
    }


def post_stripe(client, payload: str, header: str | None = "sign", secret=WHSEC):
    extra = {}
    if header == "sign":
        header = stripe.WebhookSignature.generate_signature_header(payload, secret)
    if header:
        extra["HTTP_STRIPE_SIGNATURE"] = header
    return client.post("/payments/stripe/webhook", data=payload, content_type="application/json", **extra)


# ---------------------------------------------------------------------------------------------------- in-process HTTP


@pytest.fixture
def loopback_to_django():
    """Route HTTP calls to http://127.0.0.1:8000 (the simulators' origin in test settings) into Django's test
    client, so the real client libraries talk to the in-process simulators without a socket."""
    django_client = Client()

    def forward(request):
        path = re.sub(r"^https?://[^/]+", "", request.url)
        headers = {
            f"HTTP_{k.upper().replace('-', '_')}": v
            for k, v in request.headers.items()
            if k.lower() not in ("content-type", "content-length", "host")
        }
        headers["HTTP_HOST"] = re.match(r"^https?://([^/]+)", request.url).group(1)
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        resp = django_client.generic(
            request.method,
            path,
            data=body,
            content_type=request.headers.get("Content-Type", "application/octet-stream"),
            **headers,
        )
        return resp.status_code, {k: v for k, v in resp.items()}, resp.content

    with responses.RequestsMock(assert_all_requests_are_fired=False) as rm:
        rm.add_passthru("http://localhost")  # nothing else may leave the process
        rm.add_callback(responses.GET, re.compile(r"http://127\.0\.0\.1:8000/.*"), callback=forward)
        rm.add_callback(responses.POST, re.compile(r"http://127\.0\.0\.1:8000/.*"), callback=forward)
        yield rm


def open_attempt(checkout, *, gateway=None, number=1, reference="", minutes=60):
    from checkout.payments.models import AttemptStatus, PaymentAttempt
    from checkout.payments.services import make_provider_id

    return PaymentAttempt.objects.create(
        checkout=checkout,
        gateway=gateway or checkout.gateway,
        number=number,
        provider_id=make_provider_id(checkout, number),
        provider_reference=reference or f"ref-{number}",
        redirect_url="https://pay.example/x",
        amount=checkout.total,
        currency=checkout.currency,
        status=AttemptStatus.PENDING,
        expires_at=timezone.now() + timezone.timedelta(minutes=minutes),
    )


def gross_of(attempt) -> str:
    return f"{attempt.amount:.2f}"
