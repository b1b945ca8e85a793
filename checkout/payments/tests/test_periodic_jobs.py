"""``manage.py run_periodic_jobs``: one round reconciles payments and releases lapsed reservations; the loop stops
cleanly on SIGTERM; a failing job does not stop the other."""

import os
import signal
from datetime import timedelta
from io import StringIO

import pytest
import responses
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from checkout.management.commands import run_periodic_jobs
from checkout.models import OrderStatus, Reservation, ReservationStatus
from checkout.payments.models import AttemptStatus
from checkout.periodic import PeriodicJob, registered_jobs
from tests.factories import make_product

from .conftest import CORE, gross_of, make_checkout, mt_status_body, open_attempt


@pytest.fixture
def two_jobs_due(idr_checkout, chans, store):
    """A quiet Midtrans attempt the provider reports settled, and an unpaid checkout whose reservation lapses."""
    attempt = open_attempt(idr_checkout)
    honey = make_product(store, "Madu Randu", stock=3)
    lapsing = make_checkout(chans["indonesia"], [(honey, 2)], gateway="manual", window_minutes=5)
    return attempt, lapsing


@responses.activate
def test_once_reconciles_payments_and_releases_expired_reservations(two_jobs_due):
    attempt, lapsing = two_jobs_due
    responses.add(
        responses.GET,
        f"{CORE}/v2/{attempt.provider_id}/status",
        json=mt_status_body(attempt.provider_id, "settlement", gross_of(attempt)),
    )
    out = StringIO()
    with time_machine.travel(timezone.now() + timedelta(minutes=15)):
        call_command("run_periodic_jobs", "--once", stdout=out, stderr=StringIO())
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PAID
    assert set(attempt.checkout.orders.values_list("status", flat=True)) == {OrderStatus.PAID}
    assert lapsing.orders.get().status == OrderStatus.EXPIRED
    assert not Reservation.objects.filter(
        order_line__order__checkout=lapsing, status=ReservationStatus.ACTIVE
    ).exists()
    assert "reconcile_payments: checked 1 attempts; changed paid: 1" in out.getvalue()
    assert "release_expired_reservations: 1 checkout(s) expired" in out.getvalue()


def test_once_with_a_failing_job_still_runs_the_other_and_exits_non_zero(two_jobs_due, monkeypatch):
    _attempt, lapsing = two_jobs_due

    def broken():
        raise RuntimeError("provider client exploded")

    jobs = [
        PeriodicJob("reconcile_payments", broken, 10) if job.name == "reconcile_payments" else job
        for job in registered_jobs()
    ]
    monkeypatch.setattr(run_periodic_jobs, "registered_jobs", lambda: jobs)
    err = StringIO()
    with time_machine.travel(timezone.now() + timedelta(minutes=15)):
        with pytest.raises(CommandError) as exc:
            call_command("run_periodic_jobs", "--once", stdout=StringIO(), stderr=err)
    assert exc.value.returncode == 1 and "reconcile_payments" in str(exc.value)
    assert lapsing.orders.get().status == OrderStatus.EXPIRED


def test_loop_finishes_the_round_and_exits_on_sigterm(two_jobs_due, monkeypatch):
    rounds = []

    def reconcile_then_sigterm():
        rounds.append("reconcile")
        os.kill(os.getpid(), signal.SIGTERM)  # as systemd or docker stop would
        return "ok"

    def release():
        rounds.append("release")
        return "ok"

    jobs = [PeriodicJob("reconcile_payments", reconcile_then_sigterm, 10), PeriodicJob("release", release, 50)]
    monkeypatch.setattr(run_periodic_jobs, "registered_jobs", lambda: jobs)
    before = signal.getsignal(signal.SIGTERM)
    out = StringIO()
    call_command(
        "run_periodic_jobs", "--interval", "3600", stdout=out
    )  # would sleep an hour without the signal
    assert rounds == ["reconcile", "release"]
    assert "stopped" in out.getvalue()
    assert signal.getsignal(signal.SIGTERM) == before  # the previous handler is restored


def test_each_app_registers_its_jobs_and_reconciliation_runs_before_reservations_are_released():
    """checkout does not import the payment app: the payment app registers its jobs (``checkout.periodic``)."""
    names = [job.name for job in registered_jobs()]
    assert names == [
        "reconcile_payments",
        "reconcile_refunds",
        "release_expired_reservations",
        "send_store_digests",
        "refresh_queued_payouts",
        "prune_rejected_notifications",
    ]


def test_interval_must_be_positive(db):
    with pytest.raises(CommandError):
        call_command("run_periodic_jobs", "--interval", "0", stdout=StringIO())
