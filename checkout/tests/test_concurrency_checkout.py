"""Many buyers, the last few units, at the same moment — on PostgreSQL with real row locks.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/opop_c python -m pytest tests/test_concurrency_checkout.py -s
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from checkout.errors import ErrorCode, InsufficientStock
from checkout.models import Order, OrderStatus, Reservation, ReservationStatus
from checkout.services.orders import expire_checkout, mark_checkout_paid
from checkout.services.placement import OrderPlacer
from checkout.services.stock import available_for
from checkout.tests.utils import cart_with, flat_rate, place, stock_of
from tests.factories import channels, make_product, make_store

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    # transaction=True flushes the database after each test, Wagtail's root page and collection (data
    # migrations) included; serialized_rollback puts them back for this and every later test.
    pytest.mark.django_db(transaction=True),
]

BUYERS = 24
UNITS = 5


def run_at_once(n, fn):
    """Start ``n`` threads on a barrier so they hit the database together; each closes its connection."""
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def worker(i):
        try:
            barrier.wait()
            results[i] = ("ok", fn(i))
        except Exception as exc:  # noqa: BLE001 - we classify below
            results[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@pytest.fixture
def last_units():
    chans = channels()
    idr = chans["indonesia"]
    store = make_store("Madu Sidogiri", slug="madu-sidogiri")
    flat_rate(store, idr)
    honey = make_product(store, "Madu Hutan", stock=UNITS)
    carts = [cart_with(idr, (honey, 1)) for _ in range(BUYERS)]
    return idr, honey, carts


def test_only_the_available_units_are_sold_when_many_buy_at_once(last_units):
    idr, honey, carts = last_units
    started = time.perf_counter()
    results = run_at_once(BUYERS, lambda i: place(carts[i], idr))
    elapsed = time.perf_counter() - started
    ok = [r for kind, r in results if kind == "ok"]
    sold_out = [r for kind, r in results if kind == "error" and isinstance(r, InsufficientStock)]
    other = [r for kind, r in results if kind == "error" and not isinstance(r, InsufficientStock)]
    stock = stock_of(honey)
    active = Reservation.objects.filter(status=ReservationStatus.ACTIVE)
    print(
        f"\n[concurrency] attempts={BUYERS} units={UNITS} succeeded={len(ok)} sold_out={len(sold_out)} "
        f"other_errors={len(other)} available_after={available_for([stock])[stock.pk]} "
        f"active_reservations={sum(r.quantity for r in active)} elapsed={elapsed:.2f}s"
    )
    assert other == []
    assert len(ok) == UNITS
    assert len(sold_out) == BUYERS - UNITS
    assert all(e.code == ErrorCode.SOLD_OUT and "habis" in str(e.message) for e in sold_out)
    assert sum(r.quantity for r in active) == UNITS
    assert available_for([stock])[stock.pk] == 0
    assert Order.objects.count() == UNITS

    # Payments for all of them arrive at once, plus the expiry job racing them: no unit is lost or doubled.
    checkouts = ok
    results = run_at_once(len(checkouts) + 1, lambda i: mark_checkout_paid(checkouts[i]) if i < len(checkouts)
                          else [expire_checkout(c) for c in checkouts])
    assert [kind for kind, _r in results] == ["ok"] * (len(checkouts) + 1)
    stock.refresh_from_db()
    paid = Order.objects.filter(status=OrderStatus.PAID).count()
    expired = Order.objects.filter(status=OrderStatus.EXPIRED).count()
    print(f"[concurrency] paid={paid} expired={expired} quantity={stock.quantity} allocated={stock.quantity_allocated}")
    assert paid + expired == UNITS
    assert stock.quantity_allocated == paid <= stock.quantity
    assert not Reservation.objects.filter(status=ReservationStatus.ACTIVE).exists()


def test_late_settlements_for_the_last_unit_allocate_it_once(last_units):
    idr, honey, carts = last_units
    first = place(carts[0], idr)
    expire_checkout(first)
    # The unit went back to the shelf; a second buyer reserved it and their window lapsed too.
    second = place(carts[1], idr)
    Reservation.objects.filter(order_line__order__checkout=second).update(reserved_until=timezone.now() - timedelta(1))
    from catalog.models import Stock

    Stock.objects.filter(pk=stock_of(honey).pk).update(quantity=1)
    results = run_at_once(2, lambda i: mark_checkout_paid([first, second][i]))
    paid = [r for _k, r in results if r.paid_orders]
    refund = [r for _k, r in results if r.orders_without_stock]
    print(f"\n[late settlement] paid={len(paid)} refund={len(refund)} allocated={stock_of(honey).quantity_allocated}")
    assert len(paid) == 1 and len(refund) == 1
    assert stock_of(honey).quantity_allocated == 1



class PausingPlacer(OrderPlacer):
    """The first buyer's placer holds its Stock locks, reservations made, until the test lets it commit."""

    reserved = threading.Event()
    go_on = threading.Event()

    def reserve(self, group, lines):
        stock_ids = super().reserve(group, lines)
        if threading.current_thread().name == "first":
            PausingPlacer.reserved.set()
            PausingPlacer.go_on.wait(60)
        return stock_ids


def someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


def test_a_buyer_queued_on_the_stock_lock_sees_what_the_buyer_ahead_reserved(last_units, settings):
    """PostgreSQL re-reads a row it waited to lock, but nothing else of the locking statement: the reservations
    must be read after the lock, in a statement of their own (``checkout.locks.lock_stocks``; a subquery in the
    locking statement sold 7 of 5 units in ``bench/bench_race.py``)."""
    idr, honey, carts = last_units
    first_cart = cart_with(idr, (honey, UNITS))
    settings.OPOP_ORDER_PLACER = "checkout.tests.test_concurrency_checkout.PausingPlacer"
    PausingPlacer.reserved.clear()
    PausingPlacer.go_on.clear()
    results = {}

    def buy(cart):
        try:
            results[threading.current_thread().name] = place(cart, idr)
        except Exception as exc:  # noqa: BLE001 - asserted below
            results[threading.current_thread().name] = exc
        finally:
            connections.close_all()

    first = threading.Thread(target=buy, args=(first_cart,), name="first")
    first.start()
    assert PausingPlacer.reserved.wait(60)  # all 5 units reserved, not committed, Stock row locked
    second = threading.Thread(target=buy, args=(carts[0],), name="second")
    second.start()  # its unlocked pre-check still sees 5 free units; then it queues on the lock
    deadline = time.monotonic() + 60
    while not someone_waits_for_a_lock() and time.monotonic() < deadline:
        time.sleep(0.05)
    PausingPlacer.go_on.set()
    first.join(60)
    second.join(60)
    assert not isinstance(results["first"], Exception), results["first"]
    assert isinstance(results["second"], InsufficientStock), results["second"]
    assert results["second"].code == ErrorCode.SOLD_OUT
