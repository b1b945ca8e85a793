"""Reconciliation: ask the provider about attempts that went quiet; expire what is past its window."""

from datetime import timedelta
from io import StringIO

import requests
import responses
import time_machine
from django.core.management import call_command
from django.utils import timezone

from checkout.models import OrderStatus, Reservation, ReservationStatus
from checkout.payments.models import AttemptStatus
from checkout.payments.services import reconcile_payments
from checkout.payments.tasks import reconcile_payments_task

from .conftest import CORE, STRIPE, gross_of, make_checkout, mt_status_body, open_attempt, st_session


@responses.activate
def test_quiet_midtrans_attempt_that_settled_is_marked_paid(idr_checkout):
    attempt = open_attempt(idr_checkout)
    responses.add(
        responses.GET,
        f"{CORE}/v2/{attempt.provider_id}/status",
        json=mt_status_body(attempt.provider_id, "settlement", gross_of(attempt)),
    )
    with time_machine.travel(timezone.now() + timedelta(minutes=15)):
        report = reconcile_payments()
    attempt.refresh_from_db()
    assert report.checked == 1 and report.changed == {AttemptStatus.PAID: 1}
    assert attempt.status == AttemptStatus.PAID
    assert set(idr_checkout.orders.values_list("status", flat=True)) == {OrderStatus.PAID}


@responses.activate
def test_attempt_past_its_window_is_expired_and_stock_released(idr_checkout):
    attempt = open_attempt(idr_checkout, minutes=30)
    responses.add(
        responses.GET,
        f"{CORE}/v2/{attempt.provider_id}/status",
        status=404,
        json={"status_code": "404", "status_message": "Transaction doesn't exist."},
    )
    with time_machine.travel(timezone.now() + timedelta(minutes=40)):
        out = StringIO()
        call_command("reconcile_payments", stdout=out)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED
    assert "checked 1" in out.getvalue() and "expired: 1" in out.getvalue()
    assert set(idr_checkout.orders.values_list("status", flat=True)) == {OrderStatus.EXPIRED}
    assert set(Reservation.objects.values_list("status", flat=True)) == {ReservationStatus.RELEASED}


@responses.activate
def test_provider_outage_changes_nothing_and_is_retried_next_run(idr_checkout):
    attempt = open_attempt(idr_checkout, minutes=30)
    responses.add(
        responses.GET, f"{CORE}/v2/{attempt.provider_id}/status", body=requests.exceptions.ConnectTimeout()
    )
    with time_machine.travel(timezone.now() + timedelta(minutes=40)):
        reconcile_payments()
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING and attempt.last_checked_at is not None
    assert set(idr_checkout.orders.values_list("status", flat=True)) == {OrderStatus.AWAITING_PAYMENT}


@responses.activate
def test_stripe_session_expired_at_stripe_is_expired_here(myr_checkout):
    attempt = open_attempt(myr_checkout, reference="cs_test_1")
    responses.add(
        responses.GET,
        f"{STRIPE}/v1/checkout/sessions/cs_test_1",
        json=st_session(attempt, status="expired", payment_status="unpaid"),
    )
    with time_machine.travel(timezone.now() + timedelta(minutes=15)):
        reconcile_payments_task.enqueue()  # immediate backend in tests
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED


def test_manual_transfer_past_its_window_expires(db, chans, store, keys):
    from tests.factories import make_product

    checkout = make_checkout(chans["indonesia"], [(make_product(store, "Sabun Sirih"), 1)], gateway="manual")
    attempt = open_attempt(checkout, gateway="manual", minutes=24 * 60)
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert reconcile_payments().changed == {}
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        reconcile_payments()
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED
    assert checkout.orders.get().status == OrderStatus.EXPIRED
