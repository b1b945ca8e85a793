"""/payments/midtrans/notification: signature, storage once, monotonic transitions, amount checks, re-check."""

import json

import pytest
import responses
from django.core import mail
from django.db import OperationalError

from checkout.models import OrderStatus
from checkout.payments.models import AttemptStatus, PaymentAttempt, PaymentEvent, Refund

from .conftest import (
    CORE,
    gross_of,
    mt_notification,
    mt_signature,
    mt_status_body,
    open_attempt,
    post_midtrans,
)

URL = "/payments/midtrans/notification"


@pytest.fixture
def attempt(idr_checkout):
    return open_attempt(idr_checkout)


def provider_says(attempt, status="settlement", gross=None, fraud="accept"):
    responses.add(
        responses.GET,
        f"{CORE}/v2/{attempt.provider_id}/status",
        json=mt_status_body(attempt.provider_id, status, gross or gross_of(attempt), fraud),
    )


def expire_by_notification(client, attempt):
    """Midtrans reports that the attempt's payment window closed unpaid."""
    return post_midtrans(
        client,
        mt_notification(
            attempt.provider_id, status="expire", status_code="202", gross=gross_of(attempt), transaction_id="t-expire"
        ),
    )


def order_statuses(checkout):
    return set(checkout.orders.values_list("status", flat=True))


def test_signature_vector_from_the_midtrans_fixtures():
    from checkout.payments.gateways.midtrans import signature

    assert signature("ORDER-sandbox-0001", "200", "150000.00", "SB-Mid-server-test").startswith(
        "d65b4adf1533"
    )
    assert signature("ORDER-sandbox-0001", "200", "150000.00", "SB-Mid-server-test").endswith("d23672e4")


@responses.activate
def test_settlement_marks_orders_paid_after_rechecking_with_midtrans(client, attempt):
    provider_says(attempt)
    resp = post_midtrans(client, mt_notification(attempt.provider_id, gross=gross_of(attempt)))
    assert resp.status_code == 200
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PAID
    assert order_statuses(attempt.checkout) == {OrderStatus.PAID}
    assert responses.calls[0].request.url.endswith(f"/v2/{attempt.provider_id}/status")
    event = PaymentEvent.objects.get()
    assert event.signature_valid and event.outcome == "applied" and event.attempt == attempt


@responses.activate
def test_notification_body_is_not_trusted_when_the_api_says_pending(client, attempt):
    provider_says(attempt, status="pending")
    resp = post_midtrans(client, mt_notification(attempt.provider_id, gross=gross_of(attempt)))
    assert resp.status_code == 200
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING
    assert order_statuses(attempt.checkout) == {OrderStatus.AWAITING_PAYMENT}
    assert PaymentEvent.objects.get().outcome == "not_confirmed"


@pytest.mark.parametrize("mutate", ["forged", "missing", "wrong-key"])
def test_bad_signature_is_400_stored_for_audit_and_changes_nothing(client, attempt, mutate):
    body = json.loads(mt_notification(attempt.provider_id, gross=gross_of(attempt)))
    if mutate == "forged":
        body["gross_amount"] = "1.00"  # signature no longer matches
    elif mutate == "missing":
        del body["signature_key"]
    else:
        body["signature_key"] = mt_signature(
            attempt.provider_id, "200", gross_of(attempt), "SB-Mid-server-OTHER"
        )
    resp = post_midtrans(client, json.dumps(body))
    assert resp.status_code == 400
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING
    assert order_statuses(attempt.checkout) == {OrderStatus.AWAITING_PAYMENT}
    event = PaymentEvent.objects.get()
    assert (
        not event.signature_valid and event.outcome == "rejected" and event.event_id.startswith("rejected-")
    )


@pytest.mark.parametrize("body", [b"{not json", b"[]", b"\xff\xfe", b""])
def test_malformed_body_is_400_and_stored(client, attempt, body):
    resp = client.post(URL, data=body, content_type="application/json")
    assert resp.status_code == 400
    assert PaymentEvent.objects.filter(outcome="rejected", signature_valid=False).count() == 1


def test_huge_body_is_413_and_recorded_without_the_body(client, attempt):
    resp = client.post(URL, data=b"{" + b" " * 200_000 + b"}", content_type="application/json")
    assert resp.status_code == 413
    event = PaymentEvent.objects.get()
    assert event.raw_body == "" and "too large" in event.detail


def test_endpoint_path_is_exact_and_never_redirects(client, attempt, settings):
    settings.APPEND_SLASH = True
    resp = client.post(URL, data=b"{}", content_type="application/json")
    assert resp.status_code == 400  # reached the view (unsigned), not a 301
    assert client.get(URL).status_code == 405


@responses.activate
def test_duplicate_settlement_is_applied_once(client, attempt):
    provider_says(attempt)
    body = mt_notification(attempt.provider_id, gross=gross_of(attempt))
    assert post_midtrans(client, body).status_code == 200
    paid_events = list(attempt.checkout.orders.get().events.filter(to_status=OrderStatus.PAID))
    assert post_midtrans(client, body).status_code == 200
    assert (
        post_midtrans(
            client,
            body.replace('"status_message": "midtrans payment notification"', '"status_message": "retry"'),
        ).status_code
        == 200
    )
    assert list(attempt.checkout.orders.get().events.filter(to_status=OrderStatus.PAID)) == paid_events
    assert PaymentEvent.objects.count() == 1
    assert len(responses.calls) == 1  # the re-check happened once


@responses.activate
def test_capture_with_challenge_is_not_paid(client, attempt):
    resp = post_midtrans(
        client,
        mt_notification(attempt.provider_id, status="capture", fraud="challenge", gross=gross_of(attempt)),
    )
    assert resp.status_code == 200
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.CHALLENGE
    assert order_statuses(attempt.checkout) == {OrderStatus.AWAITING_PAYMENT}
    assert not responses.calls


@responses.activate
def test_late_expire_and_pending_after_settlement_are_ignored(client, attempt):
    provider_says(attempt)
    post_midtrans(client, mt_notification(attempt.provider_id, gross=gross_of(attempt)))
    for status, code in (("expire", "202"), ("pending", "201"), ("deny", "202")):
        resp = post_midtrans(
            client,
            mt_notification(attempt.provider_id, status=status, status_code=code, gross=gross_of(attempt)),
        )
        assert resp.status_code == 200
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PAID
    assert order_statuses(attempt.checkout) == {OrderStatus.PAID}
    assert PaymentEvent.objects.filter(outcome="ignored").count() == 3


@responses.activate
def test_gross_amount_must_match_the_attempt(client, attempt):
    resp = post_midtrans(client, mt_notification(attempt.provider_id, gross="1000.00"))
    assert resp.status_code == 200  # well signed, changes nothing
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING
    assert PaymentEvent.objects.get().outcome == "amount_mismatch"
    assert not responses.calls


@responses.activate
def test_api_amount_must_match_too(client, attempt):
    provider_says(attempt, gross="1000.00")
    post_midtrans(client, mt_notification(attempt.provider_id, gross=gross_of(attempt)))
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING
    assert PaymentEvent.objects.get().outcome == "amount_mismatch"


def test_currency_must_match(client, attempt):
    post_midtrans(client, mt_notification(attempt.provider_id, gross=gross_of(attempt), currency="USD"))
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING
    assert PaymentEvent.objects.get().outcome == "amount_mismatch"


def test_unknown_order_is_acknowledged_and_stored(client, attempt):
    resp = post_midtrans(client, mt_notification("OPOP-999999-1"))
    assert resp.status_code == 200
    assert PaymentEvent.objects.get().outcome == "unknown_attempt"


@responses.activate
def test_database_failure_answers_503_and_leaves_nothing_half_applied(client, attempt, monkeypatch):
    import checkout.services.orders as orders

    provider_says(attempt)
    provider_says(attempt)

    def boom(*a, **kw):
        raise OperationalError("database went away")

    monkeypatch.setattr(orders, "mark_checkout_paid", boom)
    body = mt_notification(attempt.provider_id, gross=gross_of(attempt))
    assert post_midtrans(client, body).status_code == 503
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING  # the attempt change rolled back with the orders
    assert order_statuses(attempt.checkout) == {OrderStatus.AWAITING_PAYMENT}
    assert PaymentEvent.objects.get().outcome == "received"

    monkeypatch.undo()
    assert post_midtrans(client, body).status_code == 200  # Midtrans retries: not mistaken for a duplicate
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PAID
    assert order_statuses(attempt.checkout) == {OrderStatus.PAID}


@responses.activate
def test_status_recheck_timeout_answers_503_so_midtrans_retries(client, attempt):
    import requests

    responses.add(
        responses.GET, f"{CORE}/v2/{attempt.provider_id}/status", body=requests.exceptions.ReadTimeout()
    )
    assert (
        post_midtrans(client, mt_notification(attempt.provider_id, gross=gross_of(attempt))).status_code
        == 503
    )
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING


@responses.activate
def test_expire_notification_expires_the_orders_and_releases_stock(client, attempt):
    from checkout.models import Reservation, ReservationStatus

    resp = post_midtrans(
        client,
        mt_notification(attempt.provider_id, status="expire", status_code="202", gross=gross_of(attempt)),
    )
    assert resp.status_code == 200
    assert order_statuses(attempt.checkout) == {OrderStatus.EXPIRED}
    assert set(Reservation.objects.values_list("status", flat=True)) == {ReservationStatus.RELEASED}


@responses.activate
def test_settlement_after_expiry_reallocates_when_stock_allows(client, attempt):
    expire_by_notification(client, attempt)
    provider_says(attempt)
    post_midtrans(client, mt_notification(attempt.provider_id, gross=gross_of(attempt)))
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PAID
    assert order_statuses(attempt.checkout) == {OrderStatus.PAID}


@responses.activate
def test_settlement_after_expiry_without_stock_refunds_and_tells_buyer_and_store(
    client, attempt, django_capture_on_commit_callbacks
):
    from catalog.models import Stock

    expire_by_notification(client, attempt)
    Stock.objects.update(quantity=0)  # somebody else bought the last units
    provider_says(attempt)
    responses.add(
        responses.POST,
        f"{CORE}/v2/{attempt.provider_id}/refund",
        json={"status_code": "200", "status_message": "Success", "refund_chargeback_id": 7},
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post_midtrans(client, mt_notification(attempt.provider_id, gross=gross_of(attempt)))
    order = attempt.checkout.orders.get()
    refund = Refund.objects.get()
    assert refund.amount == order.total and refund.status == Refund.Status.SUCCEEDED
    body = json.loads(responses.calls[-1].request.body)
    assert body["refund_key"] == refund.refund_key and body["amount"] == int(order.total)
    assert order.refunded_amount == order.total
    assert order.status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED)
    recipients = {r for m in mail.outbox for r in m.to}
    assert "pembeli@example.id" in recipients and order.store.contact_email in recipients


@responses.activate
def test_second_attempt_paid_for_an_already_paid_checkout_is_refunded(client, idr_checkout):
    first = open_attempt(idr_checkout, number=1)
    second = open_attempt(idr_checkout, number=2)
    for a in (first, second):
        provider_says(a)
    responses.add(
        responses.POST,
        f"{CORE}/v2/{second.provider_id}/refund",
        json={"status_code": "200", "status_message": "Success"},
    )
    post_midtrans(client, mt_notification(first.provider_id, gross=gross_of(first)))
    post_midtrans(client, mt_notification(second.provider_id, gross=gross_of(second), transaction_id="t2"))
    second.refresh_from_db()
    refund = Refund.objects.get(attempt=second)
    assert refund.amount == second.amount and refund.kind == Refund.Kind.DUPLICATE_PAYMENT
    assert second.status == AttemptStatus.REFUNDED
    order = idr_checkout.orders.get()
    assert order.status == OrderStatus.PAID and order.refunded_amount == 0  # the buyer's real payment stands
    assert PaymentAttempt.objects.get(pk=first.pk).status == AttemptStatus.PAID
