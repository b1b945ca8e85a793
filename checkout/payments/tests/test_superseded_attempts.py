"""A buyer who switches gateway while an older attempt is still payable: the older one is stopped at the provider
(after commit, no lock held), so it cannot be paid as well; the duplicate-payment refund stays the safety net."""

import responses

from checkout.models import OrderStatus
from checkout.payments.models import AttemptStatus, PaymentAttempt
from checkout.payments.services import cancel_superseded_attempts, start_payment

from .conftest import CORE, SNAP_URL, STRIPE, open_attempt


def stripe_session_created(rsps, sid="cs_new"):
    rsps.add(
        responses.POST,
        f"{STRIPE}/v1/checkout/sessions",
        json={
            "id": sid,
            "object": "checkout.session",
            "url": f"https://checkout.stripe.com/{sid}",
            "status": "open",
        },
    )


def midtrans_snap_created(rsps):
    rsps.add(
        responses.POST, SNAP_URL, json={"token": "tok-2", "redirect_url": "https://snap/tok-2"}, status=201
    )


def switch_gateway(checkout, gateway):
    checkout.gateway = gateway
    checkout.save(update_fields=["gateway"])


@responses.activate
def test_switching_from_midtrans_to_stripe_expires_the_pending_midtrans_attempt_after_commit(
    idr_checkout, django_capture_on_commit_callbacks
):
    old = open_attempt(idr_checkout, gateway="midtrans")
    expire_url = f"{CORE}/v2/{old.provider_id}/expire"
    responses.add(
        responses.POST,
        expire_url,
        json={"status_code": "407", "transaction_status": "expire", "order_id": old.provider_id},
    )
    stripe_session_created(responses)
    switch_gateway(idr_checkout, "stripe")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        new = start_payment(idr_checkout)
    assert new.gateway == "stripe" and new.status == AttemptStatus.PENDING
    assert not any(
        c.request.url == expire_url for c in responses.calls
    )  # nothing while the transaction is open
    for callback in callbacks:
        callback()
    assert [c.request.method for c in responses.calls if c.request.url == expire_url] == ["POST"]
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == AttemptStatus.EXPIRED and new.status == AttemptStatus.PENDING
    assert set(idr_checkout.orders.values_list("status", flat=True)) == {OrderStatus.AWAITING_PAYMENT}


@responses.activate
def test_switching_from_stripe_to_midtrans_expires_the_open_checkout_session(
    idr_checkout, django_capture_on_commit_callbacks
):
    switch_gateway(idr_checkout, "stripe")
    old = open_attempt(idr_checkout, gateway="stripe", reference="cs_old")
    responses.add(
        responses.POST,
        f"{STRIPE}/v1/checkout/sessions/cs_old/expire",
        json={"id": "cs_old", "object": "checkout.session", "status": "expired", "payment_status": "unpaid"},
    )
    midtrans_snap_created(responses)
    switch_gateway(idr_checkout, "midtrans")
    with django_capture_on_commit_callbacks(execute=True):
        new = start_payment(idr_checkout)
    old.refresh_from_db()
    assert old.status == AttemptStatus.EXPIRED and new.gateway == "midtrans" and new.status == AttemptStatus.PENDING
    assert any(c.request.url.endswith("/v1/checkout/sessions/cs_old/expire") for c in responses.calls)


@responses.activate
def test_provider_refusing_to_stop_the_old_attempt_changes_nothing_and_the_new_payment_stands(
    idr_checkout, django_capture_on_commit_callbacks
):
    switch_gateway(idr_checkout, "stripe")
    old = open_attempt(idr_checkout, gateway="stripe", reference="cs_done")
    responses.add(
        responses.POST,
        f"{STRIPE}/v1/checkout/sessions/cs_done/expire",
        status=400,
        json={
            "error": {
                "type": "invalid_request_error",
                "message": 'Only Checkout Sessions with a status in ["open"] can be expired.',
            }
        },
    )
    midtrans_snap_created(responses)
    switch_gateway(idr_checkout, "midtrans")
    with django_capture_on_commit_callbacks(execute=True):
        new = start_payment(idr_checkout)  # no exception reaches the buyer
    old.refresh_from_db()
    assert old.status == AttemptStatus.PENDING and new.status == AttemptStatus.PENDING


@responses.activate
def test_midtrans_without_a_transaction_yet_has_nothing_to_stop(idr_checkout):
    old = open_attempt(idr_checkout, gateway="midtrans", number=1)
    new = open_attempt(idr_checkout, gateway="stripe", number=2)
    responses.add(
        responses.POST,
        f"{CORE}/v2/{old.provider_id}/expire",
        status=404,
        json={"status_code": "404", "status_message": "Transaction doesn't exist."},
    )
    assert cancel_superseded_attempts(idr_checkout, keep_id=new.pk) == []
    old.refresh_from_db()
    assert old.status == AttemptStatus.PENDING


@responses.activate
def test_midtrans_refusing_expire_falls_back_to_cancel(idr_checkout):
    old = open_attempt(idr_checkout, gateway="midtrans", number=1)
    new = open_attempt(idr_checkout, gateway="stripe", number=2)
    responses.add(
        responses.POST,
        f"{CORE}/v2/{old.provider_id}/expire",
        json={"status_code": "412", "status_message": "Merchant cannot modify the status of the transaction"},
    )
    responses.add(
        responses.POST,
        f"{CORE}/v2/{old.provider_id}/cancel",
        json={"status_code": "200", "transaction_status": "cancel", "order_id": old.provider_id},
    )
    stopped = cancel_superseded_attempts(idr_checkout, keep_id=new.pk)
    old.refresh_from_db()
    assert [a.pk for a in stopped] == [old.pk] and old.status == AttemptStatus.CANCELLED


@responses.activate
def test_a_settlement_that_beats_the_cancellation_still_counts(idr_checkout):
    """Monotonic: the old attempt was paid at the provider just before we tried to stop it."""
    from checkout.payments.services import apply_status

    old = open_attempt(idr_checkout, gateway="midtrans", number=1)
    new = open_attempt(idr_checkout, gateway="stripe", number=2)
    apply_status(old, AttemptStatus.PAID)
    assert cancel_superseded_attempts(idr_checkout, keep_id=new.pk) == []  # only pending attempts are touched
    assert not responses.calls
    old.refresh_from_db()
    assert old.status == AttemptStatus.PAID
    assert set(idr_checkout.orders.values_list("status", flat=True)) == {OrderStatus.PAID}


def test_only_older_pending_attempts_are_stopped(idr_checkout, monkeypatch):
    from checkout.payments.gateways.midtrans import MidtransGateway

    asked = []
    monkeypatch.setattr(
        MidtransGateway, "cancel", lambda self, attempt: asked.append(attempt.number) or AttemptStatus.EXPIRED
    )
    first = open_attempt(idr_checkout, number=1)
    PaymentAttempt.objects.filter(pk=first.pk).update(status=AttemptStatus.FAILED)
    open_attempt(idr_checkout, number=2)
    keep = open_attempt(idr_checkout, number=3)
    newer = open_attempt(idr_checkout, number=4)
    cancel_superseded_attempts(idr_checkout, keep_id=keep.pk)
    assert asked == [2]
    newer.refresh_from_db()
    assert newer.status == AttemptStatus.PENDING


def test_manual_transfer_stays_confirmable_after_a_switch(idr_checkout):
    """The buyer may already have sent the money by bank transfer: the attempt stays for a person to confirm."""
    old = open_attempt(idr_checkout, gateway="manual", number=1)
    keep = open_attempt(idr_checkout, gateway="midtrans", number=2)
    assert cancel_superseded_attempts(idr_checkout, keep_id=keep.pk) == []
    old.refresh_from_db()
    assert old.status == AttemptStatus.PENDING
