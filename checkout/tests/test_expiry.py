"""Reservations lapse after the payment window; the task/command expires the orders and frees the stock."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from checkout.models import OrderStatus, Reservation, ReservationStatus, Voucher
from checkout.services.orders import mark_checkout_paid
from checkout.services.stock import available_for
from checkout.tasks import release_expired_reservations_task
from tests.factories import make_product

from .utils import cart_with, place, stock_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def honey(store):
    return make_product(store, "Madu", stock=3)


def available(product):
    s = stock_of(product)
    return available_for([s])[s.pk]


def test_reservation_lasts_as_long_as_the_payment_window(chans, honey):
    checkout = place(cart_with(chans["indonesia"], (honey, 1)), chans["indonesia"])
    reservation = Reservation.objects.get()
    window = reservation.reserved_until - checkout.created_at
    assert timedelta(hours=23, minutes=59) < window <= timedelta(hours=24, seconds=5)  # manual transfer: 24 h


def test_lapsed_reservation_stops_counting_even_before_the_task_runs(chans, honey):
    place(cart_with(chans["indonesia"], (honey, 2)), chans["indonesia"])
    assert available(honey) == 1
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert available(honey) == 3


def test_command_expires_unpaid_orders_and_releases_stock_and_voucher(chans, honey):
    idr = chans["indonesia"]
    Voucher.objects.create(code="MADU", channel=idr, kind="fixed", value=1000, usage_limit=5)
    unpaid = place(cart_with(idr, (honey, 2)), idr, voucher_code="MADU")
    paid = place(cart_with(idr, (honey, 1)), idr)
    mark_checkout_paid(paid)
    assert Voucher.objects.get().used_count == 1
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        out = StringIO()
        call_command("release_expired_reservations", stdout=out)
        assert "1 checkout" in out.getvalue()
        call_command("release_expired_reservations", stdout=StringIO())  # idempotent
    assert unpaid.orders.get().status == OrderStatus.EXPIRED
    assert paid.orders.get().status == OrderStatus.PAID
    assert not Reservation.objects.filter(status=ReservationStatus.ACTIVE).exists()
    assert Voucher.objects.get().used_count == 0
    assert available(honey) == 2 and stock_of(honey).quantity_allocated == 1


def test_background_task_does_the_same(chans, honey):
    checkout = place(cart_with(chans["indonesia"], (honey, 1)), chans["indonesia"])
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        result = release_expired_reservations_task.enqueue()
    assert result.return_value == 1
    assert checkout.orders.get().status == OrderStatus.EXPIRED


def test_unlapsed_reservations_are_left_alone(chans, honey):
    checkout = place(cart_with(chans["indonesia"], (honey, 1)), chans["indonesia"])
    call_command("release_expired_reservations", stdout=StringIO())
    assert checkout.orders.get().status == OrderStatus.AWAITING_PAYMENT


def test_marketplace_voucher_over_two_stores_gives_back_exactly_one_use(chans, honey, other_store):
    idr = chans["indonesia"]
    batik = make_product(other_store, "Batik", stock=3)
    Voucher.objects.create(code="OPOP", channel=idr, kind="fixed", value=5000, usage_limit=10)
    checkout = place(cart_with(idr, (honey, 1), (batik, 1)), idr, voucher_code="OPOP")
    assert checkout.orders.count() == 2 and Voucher.objects.get().used_count == 1
    from checkout.services.orders import cancel_order

    cancel_order(checkout.orders.first(), reason="batal")
    assert Voucher.objects.get().used_count == 1  # the other order still uses it
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        call_command("release_expired_reservations", stdout=StringIO())
    assert Voucher.objects.get().used_count == 0
