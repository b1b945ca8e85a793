"""Issue 11.4 and 11.5: stock is held only as long as the payment can be made (the channel's window, enforced by the
provider), a buyer who gives up releases it at once, and a settlement whose notification was lost after the window
still reaches the orders; money no paid order holds is listed for the marketplace admins."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
import responses
import time_machine
from django.utils import timezone

from catalog.models import Stock
from checkout.models import OrderStatus, Reservation, ReservationStatus
from checkout.payment_port import payment_port
from checkout.payments.errors import PaymentStartError
from checkout.payments.links import return_token
from checkout.payments.models import AttemptStatus, PaymentAttempt, Refund
from checkout.payments.services import apply_status, reconcile_payments, start_payment
from checkout.services.stock import available_for
from checkout.tests.utils import cart_with, place
from tests.factories import UserFactory, make_editor, make_product

from .conftest import CORE, SNAP_URL, STRIPE, make_checkout, mt_status_body, open_attempt

pytestmark = pytest.mark.django_db


def snap_answers():
    responses.add(responses.POST, SNAP_URL, status=201, json={"token": "t", "redirect_url": "https://snap/t"})


def reserved_until(checkout):
    return set(
        Reservation.objects.filter(order_line__order__checkout=checkout, status=ReservationStatus.ACTIVE)
        .values_list("reserved_until", flat=True)
    )


# ------------------------------------------------------------------------------------------------ windows


def test_an_abandoned_midtrans_checkout_holds_its_stock_for_the_channels_hour_not_a_day(chans, store, keys):
    honey = make_product(store, "Madu Randu", stock=5)
    idr = chans["indonesia"]
    assert payment_port().payment_window(idr, "midtrans", "") == timedelta(hours=1)
    checkout = place(cart_with(idr, (honey, 2)), idr, gateway="midtrans", payment_method="")
    (until,) = reserved_until(checkout)
    assert timedelta(minutes=59) < until - checkout.created_at <= timedelta(minutes=60, seconds=5)
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        stock = Stock.objects.get(sku=honey.variants.first().sku)
        assert available_for([stock])[stock.pk] == 5


@responses.activate
def test_the_reservation_follows_the_attempts_window_which_the_provider_enforces(idr_checkout):
    channel = idr_checkout.channel
    channel.payment_window_minutes = 25
    channel.save()
    snap_answers()
    attempt = start_payment(idr_checkout)
    assert reserved_until(idr_checkout) == {attempt.expires_at}
    assert timedelta(minutes=24) < attempt.expires_at - timezone.now() <= timedelta(minutes=25)
    sent = json.loads(responses.calls[0].request.body)
    assert sent["expiry"] == {**sent["expiry"], "unit": "minute", "duration": 24}  # whole minutes left


@responses.activate
def test_stripe_lengthens_a_short_window_to_its_minimum_and_the_reservation_follows(myr_checkout):
    channel = myr_checkout.channel
    channel.payment_window_minutes = 15
    channel.save()
    responses.add(
        responses.POST,
        f"{STRIPE}/v1/checkout/sessions",
        json={"id": "cs_1", "object": "checkout.session", "url": "https://checkout.stripe.com/cs_1"},
    )
    attempt = start_payment(myr_checkout)
    assert timedelta(minutes=29) < attempt.expires_at - timezone.now() <= timedelta(minutes=30)
    assert reserved_until(myr_checkout) == {attempt.expires_at}
    sent = responses.calls[0].request.body
    expires_at = int(dict(p.split("=") for p in sent.split("&"))["expires_at"])
    assert expires_at >= int(attempt.expires_at.timestamp())  # Stripe closes the session no earlier


@responses.activate
def test_a_retry_renews_a_lapsed_reservation_only_while_its_units_are_still_free(chans, store, keys):
    honey = make_product(store, "Madu Hutan", stock=2, price_idr=90000)
    checkout = make_checkout(chans["indonesia"], [(honey, 2)], window_minutes=60)
    PaymentAttempt.objects.filter(pk=open_attempt(checkout).pk).update(status=AttemptStatus.FAILED)
    snap_answers()
    later = timezone.now() + timedelta(minutes=70)
    with time_machine.travel(later):  # the reservation lapsed; nobody took the units: renewed
        again = start_payment(checkout)
        assert again.number == 2 and reserved_until(checkout) == {again.expires_at}

    other = make_checkout(chans["indonesia"], [(honey, 1)], window_minutes=60 * 24)  # reserves 1 of 2
    PaymentAttempt.objects.filter(pk=again.pk).update(status=AttemptStatus.FAILED)
    with time_machine.travel(later + timedelta(minutes=70)):  # lapsed again, and one unit is now someone else's
        with pytest.raises(PaymentStartError) as exc:
            start_payment(checkout)
    assert exc.value.code == "not_payable" and "sudah terjual" in str(exc.value.message)  # what the buyer reads
    assert PaymentAttempt.objects.filter(checkout=checkout).count() == 2  # no third attempt was kept
    assert reserved_until(other)


def test_buyer_cancels_from_the_return_page_and_the_items_are_released(client, chans, store, keys):
    honey = make_product(store, "Madu", stock=3, price_idr=50000)
    checkout = make_checkout(chans["indonesia"], [(honey, 2)], gateway="manual")
    attempt = open_attempt(checkout, gateway="manual")
    stock = Stock.objects.get(sku=honey.variants.first().sku)
    assert available_for([stock])[stock.pk] == 1

    page = client.get(f"/payments/return/{attempt.provider_id}")  # no signature: no cancel button
    assert b"payment-cancel" not in page.content
    assert client.post(f"/payments/cancel/{attempt.provider_id}", {"t": "forged"}).status_code == 404
    assert checkout.orders.get().status == OrderStatus.AWAITING_PAYMENT

    token = return_token(attempt.provider_id)
    page = client.get(f"/payments/return/{attempt.provider_id}?t={token}")
    assert b"payment-cancel" in page.content
    response = client.post(f"/payments/cancel/{attempt.provider_id}", {"t": token})
    assert response.status_code == 302 and response["Location"] == f"/checkout/done/{checkout.token}/"
    assert checkout.orders.get().status == OrderStatus.CANCELLED
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.CANCELLED
    assert available_for([stock])[stock.pk] == 3


# ------------------------------------------------------------------------------------------------ late settlements


def provider_says(attempt, status):
    responses.upsert(
        responses.GET,
        f"{CORE}/v2/{attempt.provider_id}/status",
        json=mt_status_body(attempt.provider_id, status, f"{attempt.amount:.2f}"),
    )


@responses.activate
def test_a_lost_settlement_after_expiry_is_found_by_the_late_checks_and_reallocates(idr_checkout):
    attempt = open_attempt(idr_checkout, minutes=60)
    provider_says(attempt, "pending")
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=66)):
        reconcile_payments()
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED and attempt.next_check_at is not None
    assert idr_checkout.orders.get().status == OrderStatus.EXPIRED

    provider_says(attempt, "expire")
    seen = []
    for minutes in (80, 100, 140, 220):  # each time due again, after longer and longer pauses
        with time_machine.travel(start + timedelta(minutes=minutes)):
            report = reconcile_payments()
        attempt.refresh_from_db()
        seen.append((report.late_checked, attempt.next_check_at))
    checks = [n for n, _next in seen]
    assert checks == [1, 1, 1, 1]
    due = [next_check for _n, next_check in seen]
    pauses = [b - a for a, b in zip(due, due[1:], strict=False)]
    assert len(pauses) == 3 and pauses == sorted(pauses) and pauses[0] < pauses[-1]  # backing off

    provider_says(attempt, "settlement")  # the buyer's money did arrive; its notification was lost
    with time_machine.travel(start + timedelta(hours=30)):
        report = reconcile_payments()
    assert report.late_paid == 1
    attempt.refresh_from_db()
    order = idr_checkout.orders.get()
    assert attempt.status == AttemptStatus.PAID and attempt.next_check_at is None
    assert order.status == OrderStatus.PAID  # re-allocated: the stock was still there
    assert Stock.objects.get(sku=order.lines.get().sku).quantity_allocated == 2


@responses.activate
def test_late_checks_stop_after_the_watch_period(idr_checkout, settings):
    settings.OPOP_LATE_PAYMENT_WATCH_DAYS = 2
    attempt = open_attempt(idr_checkout, minutes=60)
    apply_status(attempt, AttemptStatus.EXPIRED)
    provider_says(attempt, "expire")
    for day in range(1, 5):
        with time_machine.travel(timezone.now() + timedelta(days=day)):
            reconcile_payments()
    attempt.refresh_from_db()
    assert attempt.next_check_at is None
    calls = len(responses.calls)
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        assert reconcile_payments().late_checked == 0
    assert len(responses.calls) == calls


@responses.activate
def test_late_settlement_with_the_stock_gone_is_refunded_and_reported_if_the_refund_fails(
    client, chans, store, keys
):
    honey = make_product(store, "Madu Kelengkeng", stock=1, price_idr=80000)
    checkout = make_checkout(chans["indonesia"], [(honey, 1)], window_minutes=60)
    attempt = open_attempt(checkout, minutes=60)
    apply_status(attempt, AttemptStatus.EXPIRED)  # released; someone else buys the last jar
    rival = make_checkout(chans["indonesia"], [(honey, 1)], window_minutes=600)
    apply_status(open_attempt(rival), AttemptStatus.PAID)
    provider_says(attempt, "settlement")
    responses.add(responses.POST, f"{CORE}/v2/{attempt.provider_id}/refund", status=500, json={})
    with time_machine.travel(timezone.now() + timedelta(minutes=15)):
        reconcile_payments()
    order = checkout.orders.get()
    assert order.status == OrderStatus.EXPIRED  # the money is not the order's: it goes back
    assert Refund.objects.get(attempt=attempt).status == Refund.Status.FAILED

    admin = UserFactory(username="pasar", is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get("/admin/payments/reports/money-without-paid-order/")
    html = page.content.decode()
    assert page.status_code == 200 and attempt.provider_id in html and "Rp80.000" in html
    assert rival.orders.get().number not in html  # a paid order holding its money is not listed


def test_money_report_is_for_marketplace_admins_only(client, chans, store, keys):
    checkout = make_checkout(chans["indonesia"], [(make_product(store, "Kopi", price_idr=60000), 1)])
    first = open_attempt(checkout)
    apply_status(first, AttemptStatus.PAID)
    second = open_attempt(checkout, number=2)
    PaymentAttempt.objects.filter(pk=second.pk).update(status=AttemptStatus.PAID)  # its refund never happened
    client.force_login(make_editor(store))
    response = client.get("/admin/payments/reports/money-without-paid-order/")
    assert response.status_code == 302 and second.provider_id not in response.content.decode()
    assert "money-without-paid-order" not in client.get("/admin/").content.decode()
    client.force_login(UserFactory(username="pasar", is_staff=True, is_superuser=True))
    html = client.get("/admin/payments/reports/money-without-paid-order/").content.decode()
    assert second.provider_id in html and first.provider_id not in html
    assert Decimal(60000) == checkout.total


@responses.activate
def test_abandoning_a_payment_that_went_through_meanwhile_keeps_the_payment(client, myr_checkout):
    """The buyer paid in one tab and pressed "back to the shop" in another: the provider's word wins."""
    attempt = open_attempt(myr_checkout, reference="cs_paid")
    responses.add(
        responses.POST,
        f"{STRIPE}/v1/checkout/sessions/cs_paid/expire",
        status=400,
        json={"error": {"type": "invalid_request_error", "message": "Only open sessions can be expired."}},
    )
    responses.add(
        responses.GET,
        f"{STRIPE}/v1/checkout/sessions/cs_paid",
        json={"id": "cs_paid", "object": "checkout.session", "status": "complete", "payment_status": "paid",
              "amount_total": 10500, "currency": "myr"},
    )
    token = return_token(attempt.provider_id)
    page = client.get(f"/payments/return/{attempt.provider_id}?t={token}&abandon=1")
    assert page.status_code == 200 and b"Pembayaran diterima" in page.content
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PAID
    assert set(myr_checkout.orders.values_list("status", flat=True)) == {OrderStatus.PAID}


@responses.activate
def test_checkout_cancels_through_the_port_and_the_midtrans_payment_is_stopped(idr_checkout):
    """For a cancel button on the checkout's own page (Midtrans' "back to merchant" lands there): the port stops
    the open payment at Midtrans (``/expire``) and releases the items."""
    attempt = open_attempt(idr_checkout)
    responses.add(responses.POST, f"{CORE}/v2/{attempt.provider_id}/expire",
                  json={**mt_status_body(attempt.provider_id, "expire", f"{attempt.amount:.2f}"), "status_code": "407"})
    responses.add(responses.GET, f"{CORE}/v2/{attempt.provider_id}/status",
                  json=mt_status_body(attempt.provider_id, "expire", f"{attempt.amount:.2f}"))
    assert payment_port().abandon_checkout(idr_checkout, reason="Buyer cancelled") is True
    assert [c.request.method for c in responses.calls] == ["POST", "GET"]
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.CANCELLED
    assert idr_checkout.orders.get().status == OrderStatus.CANCELLED
    assert payment_port().abandon_checkout(idr_checkout, reason="again") is False  # idempotent
