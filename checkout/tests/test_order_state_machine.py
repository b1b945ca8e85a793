"""The order state machine and the contract with the payments app (transition, mark_checkout_paid, …)."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from checkout.errors import IllegalTransition
from checkout.models import Order, OrderStatus, Reservation, ReservationStatus
from checkout.services.orders import (
    apply_refund,
    cancel_order,
    expire_checkout,
    mark_checkout_paid,
    mark_processing,
    mark_shipped,
    transition,
)
from checkout.services.stock import available_for
from tests.factories import UserFactory, make_product

from .utils import cart_with, place, stock_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def idr(chans):
    return chans["indonesia"]


@pytest.fixture
def honey(store):
    return make_product(store, "Madu Hutan", stock=5, price_idr=80000)


@pytest.fixture
def batik(other_store):
    return make_product(other_store, "Batik Tulis", stock=3, price_idr=350000)


@pytest.fixture
def checkout(idr, honey, batik):
    return place(cart_with(idr, (honey, 2), (batik, 1)), idr)


def available(product):
    s = stock_of(product)
    return available_for([s])[s.pk]


def test_placing_creates_one_awaiting_order_per_store_and_reserves_stock(checkout, honey, batik):
    orders = list(checkout.orders.order_by("store__name"))
    assert [o.status for o in orders] == [OrderStatus.AWAITING_PAYMENT] * 2
    assert {o.store for o in orders} == {honey.store, batik.store}
    assert available(honey) == 3 and available(batik) == 2
    assert stock_of(honey).quantity_allocated == 0
    assert Reservation.objects.filter(status=ReservationStatus.ACTIVE).count() == 2


def test_order_number_is_readable_and_token_long(checkout):
    order = checkout.orders.first()
    assert order.number.startswith("OP-") and len(order.number) == 12
    assert not set(order.number[3:].replace("-", "")) & set("01OIL")
    assert len(order.token) >= 40


def test_mark_checkout_paid_allocates_and_moves_orders_to_paid(
    checkout, honey, batik, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = mark_checkout_paid(checkout, message="settlement")
    assert len(result.paid_orders) == 2 and result.orders_without_stock == []
    assert set(checkout.orders.values_list("status", flat=True)) == {OrderStatus.PAID}
    assert stock_of(honey).quantity_allocated == 2 and stock_of(batik).quantity_allocated == 1
    assert available(honey) == 3  # the reservation became an allocation, not a second hold
    assert not Reservation.objects.filter(status=ReservationStatus.ACTIVE).exists()
    subjects = [m.subject for m in mail.outbox]
    assert sum("Pembayaran" in s for s in subjects) == 2  # buyer, per order
    assert sum("Pesanan baru dibayar" in s for s in subjects) == 2  # each store
    event = checkout.orders.first().events.filter(to_status=OrderStatus.PAID).get()
    assert event.from_status == OrderStatus.AWAITING_PAYMENT and event.message == "settlement"


def test_mark_checkout_paid_twice_changes_nothing_the_second_time(checkout, honey):
    mark_checkout_paid(checkout)
    again = mark_checkout_paid(checkout)
    assert again.paid_orders == [] and again.orders_without_stock == []
    assert stock_of(honey).quantity_allocated == 2


def test_late_settlement_reallocates_when_stock_still_allows(checkout, honey):
    expire_checkout(checkout)
    assert set(checkout.orders.values_list("status", flat=True)) == {OrderStatus.EXPIRED}
    assert available(honey) == 5
    result = mark_checkout_paid(checkout)
    assert len(result.paid_orders) == 2
    assert stock_of(honey).quantity_allocated == 2


def test_late_settlement_without_stock_reports_order_for_refund(idr, checkout, honey, batik):
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        # Reservation lapsed; another buyer takes all remaining batik.
        other = place(cart_with(idr, (batik, 3)), idr)
        mark_checkout_paid(other)
        result = mark_checkout_paid(checkout)
    assert [o.store for o in result.orders_without_stock] == [batik.store]
    assert [o.store for o in result.paid_orders] == [honey.store]
    batik_order = checkout.orders.get(store=batik.store)
    assert batik_order.status == OrderStatus.CANCELLED
    assert stock_of(batik).quantity_allocated == 3  # never oversold
    again = mark_checkout_paid(checkout)
    assert again.orders_without_stock == []  # reported once only


def test_illegal_transition_is_refused_and_nothing_changes(checkout):
    order = checkout.orders.first()
    with pytest.raises(IllegalTransition):
        transition(order, OrderStatus.SHIPPED)
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert not order.events.filter(type="status").exists()


def test_full_lifecycle_records_who_and_when(checkout, honey, store, django_capture_on_commit_callbacks):
    editor = UserFactory()
    mark_checkout_paid(checkout)
    order = checkout.orders.get(store=store)
    mark_processing(order, user=editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mark_shipped(order, courier="JNE", tracking_number="JP1234567890", user=editor)
    transition(order, OrderStatus.DELIVERED)
    transition(order, OrderStatus.COMPLETED)
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED and order.tracking_number == "JP1234567890"
    steps = list(order.events.filter(type="status").values_list("to_status", "user"))
    assert steps == [
        ("paid", None), ("processing", editor.pk), ("shipped", editor.pk), ("delivered", None), ("completed", None)
    ]
    s = stock_of(honey)
    assert (s.quantity, s.quantity_allocated) == (3, 0)  # shipped units left the shelf
    assert any("JP1234567890" in m.body for m in mail.outbox)


def test_mark_shipped_needs_courier_and_tracking(checkout):
    mark_checkout_paid(checkout)
    order = checkout.orders.first()
    with pytest.raises(IllegalTransition):
        mark_shipped(order, courier="JNE", tracking_number="  ")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_cancel_unpaid_order_releases_reservation_and_is_idempotent(checkout, honey, store):
    order = checkout.orders.get(store=store)
    cancel_order(order, reason="Pembeli minta batal")
    cancel_order(order, reason="lagi")
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and order.cancel_reason == "Pembeli minta batal"
    assert available(honey) == 5
    assert order.events.filter(to_status=OrderStatus.CANCELLED).count() == 1


def test_cancel_paid_order_releases_allocation(checkout, honey, store):
    mark_checkout_paid(checkout)
    order = checkout.orders.get(store=store)
    cancel_order(order, reason="Stok rusak")
    assert stock_of(honey).quantity_allocated == 0
    assert available(honey) == 5


def test_expire_never_touches_paid_orders(checkout, honey):
    mark_checkout_paid(checkout)
    expire_checkout(checkout)
    assert set(checkout.orders.values_list("status", flat=True)) == {OrderStatus.PAID}
    assert stock_of(honey).quantity_allocated == 2


def test_partial_then_full_refund(checkout, store):
    mark_checkout_paid(checkout)
    order = checkout.orders.get(store=store)
    apply_refund(order, Decimal("10000"), reason="sebagian")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.refunded_amount == Decimal("10000")
    apply_refund(order, order.total - Decimal("10000"))
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED and order.refunded_amount == order.total


def test_refund_more_than_paid_is_refused(checkout):
    mark_checkout_paid(checkout)
    order = checkout.orders.first()
    with pytest.raises(IllegalTransition):
        apply_refund(order, order.total + 1)
    assert Order.objects.get(pk=order.pk).refunded_amount == 0
