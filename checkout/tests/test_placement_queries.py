"""What placing an order costs in SQL: pinned, so a per-line query added by accident shows up here.

Order lines and reservations are bulk inserts and the page cache hears of the new reservations once per placement
(``catalog.signals.stock_changed``), so the count grows per store order, not per line.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_product

from .utils import cart_with, flat_rate, place

pytestmark = pytest.mark.django_db

ONE_STORE_ORDER_BUDGET = 36  # measured 35 on SQLite and PostgreSQL (Django 5.2)


def placement_queries(channel, products) -> int:
    cart = cart_with(channel, *[(p, 1) for p in products])
    with CaptureQueriesContext(connection) as ctx:
        place(cart, channel)
    return len(ctx.captured_queries)


def test_placement_costs_the_same_for_one_line_or_five(chans, store):
    idr = chans["indonesia"]
    flat_rate(store, idr)
    placement_queries(idr, [make_product(store, "Kopi awal", slug="kopi-awal")])  # warms per-process caches
    one = placement_queries(idr, [make_product(store, "Kopi", slug="kopi")])
    five = placement_queries(idr, [make_product(store, f"Madu {i}", slug=f"madu-{i}") for i in range(5)])
    assert one == five
    assert five <= ONE_STORE_ORDER_BUDGET


def test_a_second_store_order_adds_a_fixed_amount(chans, store, other_store):
    idr = chans["indonesia"]
    flat_rate(store, idr)
    flat_rate(other_store, idr)
    placement_queries(idr, [make_product(store, "Kopi awal", slug="kopi-awal")])  # warms per-process caches
    one_store = placement_queries(idr, [make_product(store, f"Kopi {i}", slug=f"kopi-{i}") for i in range(3)])
    two_stores = placement_queries(
        idr,
        [make_product(store, f"Madu {i}", slug=f"madu-{i}") for i in range(3)]
        + [make_product(other_store, f"Batik {i}", slug=f"batik-{i}") for i in range(3)],
    )
    assert two_stores - one_store <= 13, (one_store, two_stores)  # measured 13: order, event, e-mail, ...
