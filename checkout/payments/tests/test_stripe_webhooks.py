"""/payments/stripe/webhook: construct_event on the raw body (tolerance 300 s), events stored once."""

import hashlib
import hmac
import time

import pytest
import responses

from checkout.models import OrderStatus
from checkout.payments.models import AttemptStatus, PaymentEvent

from .conftest import STRIPE, WHSEC, open_attempt, post_stripe, st_event, st_session


@pytest.fixture
def attempt(myr_checkout):
    return open_attempt(myr_checkout, reference="cs_test_1")


def stripe_says(attempt, **kw):
    responses.add(responses.GET, f"{STRIPE}/v1/checkout/sessions/cs_test_1", json=st_session(attempt, **kw))


def statuses(attempt):
    return set(attempt.checkout.orders.values_list("status", flat=True))


@responses.activate
def test_valid_completed_paid_session_marks_both_store_orders_paid(client, attempt):
    stripe_says(attempt)
    resp = post_stripe(client, st_event("checkout.session.completed", st_session(attempt), "evt_1"))
    assert resp.status_code == 200
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PAID
    assert statuses(attempt) == {OrderStatus.PAID}
    assert PaymentEvent.objects.get().event_id == "evt_1"


def test_event_older_than_tolerance_is_rejected(client, attempt):
    payload = st_event("checkout.session.completed", st_session(attempt))
    t = int(time.time()) - 301
    old = f"t={t},v1=" + hmac.new(WHSEC.encode(), f"{t}.{payload}".encode(), hashlib.sha256).hexdigest()
    assert post_stripe(client, payload, header=old).status_code == 400
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING
    assert PaymentEvent.objects.get().outcome == "rejected"


def test_tampered_payload_is_rejected(client, attempt):
    payload = st_event("checkout.session.completed", st_session(attempt))
    header = __import__("stripe").WebhookSignature.generate_signature_header(payload, WHSEC)
    tampered = payload.replace('"payment_status": "paid"', '"payment_status": "paid" ')
    assert post_stripe(client, tampered, header=header).status_code == 400
    assert statuses(attempt) == {OrderStatus.AWAITING_PAYMENT}


def test_missing_header_and_wrong_secret_are_rejected(client, attempt):
    payload = st_event("checkout.session.completed", st_session(attempt))
    assert post_stripe(client, payload, header=None).status_code == 400
    assert post_stripe(client, payload, secret="whsec_someone_else").status_code == 400
    assert statuses(attempt) == {OrderStatus.AWAITING_PAYMENT}


@responses.activate
def test_replayed_event_is_processed_once(client, attempt):
    stripe_says(attempt)
    payload = st_event("checkout.session.completed", st_session(attempt), "evt_1")
    assert post_stripe(client, payload).status_code == 200
    resp = post_stripe(client, payload)
    assert resp.status_code == 200 and resp.content == b"duplicate"
    assert PaymentEvent.objects.count() == 1 and len(responses.calls) == 1


@responses.activate
def test_unpaid_completion_then_async_success_ends_paid(client, attempt):
    unpaid = st_session(attempt, payment_status="unpaid")
    post_stripe(client, st_event("checkout.session.completed", unpaid, "evt_a"))
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING and statuses(attempt) == {OrderStatus.AWAITING_PAYMENT}
    stripe_says(attempt)
    post_stripe(client, st_event("checkout.session.async_payment_succeeded", st_session(attempt), "evt_b"))
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PAID and statuses(attempt) == {OrderStatus.PAID}


@responses.activate
def test_wrong_amount_or_currency_changes_nothing(client, attempt):
    post_stripe(client, st_event("checkout.session.completed", st_session(attempt, amount=100), "evt_x"))
    post_stripe(client, st_event("checkout.session.completed", st_session(attempt, currency="usd"), "evt_y"))
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING
    assert set(PaymentEvent.objects.values_list("outcome", flat=True)) == {"amount_mismatch"}
    assert not responses.calls


@responses.activate
def test_expired_session_expires_orders_and_late_expiry_never_undoes_payment(client, attempt):
    stripe_says(attempt)
    post_stripe(client, st_event("checkout.session.completed", st_session(attempt), "evt_paid"))
    post_stripe(
        client,
        st_event(
            "checkout.session.expired",
            st_session(attempt, status="expired", payment_status="unpaid"),
            "evt_exp",
        ),
    )
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PAID and statuses(attempt) == {OrderStatus.PAID}


def test_informational_events_are_acknowledged(client, attempt):
    obj = {
        "id": "pi_1",
        "object": "payment_intent",
        "metadata": {"attempt": attempt.provider_id},
        "amount": 10500,
        "currency": "myr",
    }
    resp = post_stripe(client, st_event("payment_intent.succeeded", obj, "evt_pi"))
    assert resp.status_code == 200 and PaymentEvent.objects.get().outcome == "ignored"
