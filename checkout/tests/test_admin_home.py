"""The admin home (issue 13.1): a store editor's home is titled with the store's name and lists what needs doing
today, only for their store; curators and administrators get the marketplace's version."""

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog.models import Stock
from checkout.home_selectors import weekly_sales
from checkout.models import Checkout, Order, OrderStatus
from tests.factories import make_curator, make_editor, make_product

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)  # Thursday 12:00 WIB


def make_order(
    store,
    chans,
    number,
    *,
    currency="IDR",
    total="134325",
    status=OrderStatus.PAID,
    paid_ago=None,
    refunded="0",
):
    channel = chans["indonesia" if currency == "IDR" else "international"]
    checkout = Checkout.objects.create(
        idempotency_key=f"home-{number}",
        channel=channel,
        currency=currency,
        email="b@example.id",
        phone="+6281234567890",
        recipient_name="Pembeli",
        street_address="Jl. Pesantren 1",
        terms_version="t",
        consented_at=timezone.now(),
    )
    paid_at = timezone.now() - paid_ago if paid_ago is not None else None
    return Order.objects.create(
        store=store,
        checkout=checkout,
        number=number,
        currency=currency,
        subtotal=Decimal(total),
        total=Decimal(total),
        status=status,
        paid_at=paid_at,
        refunded_amount=Decimal(refunded),
    )


@pytest.fixture
def two_homes(store, other_store, chans):
    make_order(store, chans, "OP-AAAA-0001", paid_ago=timedelta(days=3))
    make_order(store, chans, "OP-AAAA-0002", currency="MYR", total="146.10", paid_ago=timedelta(hours=2))
    make_order(store, chans, "OP-AAAA-0003", status=OrderStatus.SHIPPED, paid_ago=timedelta(days=4))
    make_order(other_store, chans, "OP-BBBB-0001", paid_ago=timedelta(hours=1), total="999000")
    low = make_product(store, "Madu Hutan", stock=2)
    make_product(store, "Kopi Penuh", stock=50)
    make_product(other_store, "Batik Habis", stock=1)
    halal = make_product(
        store,
        "Kerupuk Halal",
        stock=40,
        halal_cert_no="ID35110000123450823",
        halal_valid_until=timezone.localdate() + timedelta(days=30),
    )
    make_product(
        store,
        "Sambal Aman",
        stock=40,
        halal_cert_no="ID35110000123450824",
        halal_valid_until=timezone.localdate() + timedelta(days=200),
    )
    return {"low": low, "halal": halal}


def section(body: str, panel: str) -> str:
    """The HTML of one home panel (empty when the panel is not shown)."""
    start = body.find(f'id="opop-{panel}-section"')
    return "" if start < 0 else body[start : body.index("</section>", start)]


def home_of(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_store_editor_home_is_titled_with_the_store_and_lists_its_todos(client, store, two_homes):
    body = home_of(client, make_editor(store))
    assert re.search(rf'<h1 class="w-h1 w-mt-0">\s*{store.name}\s*</h1>', body)
    assert "localhost" not in body
    assert "w-summary" not in body  # Wagtail's "1 Page, 15 Images, 0 Documents"
    # orders to ship: oldest payment first, shipped orders not listed, money with its currency
    to_ship = section(body, "orders-to-ship")
    assert to_ship.index("OP-AAAA-0001") < to_ship.index("OP-AAAA-0002")
    assert "OP-AAAA-0003" not in to_ship
    assert "Rp134.325" in to_ship and "RM146,10" in to_ship
    row = lambda number: to_ship[to_ship.index(number) : to_ship.index("</tr>", to_ship.index(number))]  # noqa: E731
    assert "3\xa0hari" in row("OP-AAAA-0001") and "2\xa0jam" in row("OP-AAAA-0002")  # how long each has waited
    low = section(body, "low-stock")
    assert "Madu Hutan" in low and "Kopi Penuh" not in low  # at or below the threshold of 5
    halal = section(body, "expiring-halal")
    assert "Kerupuk Halal" in halal and "Sambal Aman" not in halal  # certificate ends within 60 days
    assert "Madu Hutan" in section(body, "products-without-photos")


def test_editor_of_store_a_never_sees_store_b_on_their_home(client, store, other_store, two_homes):
    body = home_of(client, make_editor(store))
    assert "OP-BBBB-0001" not in body and "Batik Habis" not in body and "999.000" not in body
    assert other_store.name not in body


def test_the_low_stock_threshold_is_the_stores_own(client, store, two_homes):
    store.low_stock_threshold = 1
    store.save()
    assert section(home_of(client, make_editor(store)), "low-stock") == ""
    Stock.objects.filter(store=store, sku=two_homes["low"].variants.first().sku).update(quantity=1)
    assert "Madu Hutan" in section(home_of(client, make_editor(store, username="editor-kedua")), "low-stock")


def test_weekly_sales_are_per_currency_and_count_refunds(store, other_store, chans):
    with time_machine.travel(NOW, tick=False):
        make_order(store, chans, "W-1", total="100000", paid_ago=timedelta(hours=1))
        make_order(store, chans, "W-2", total="50000", paid_ago=timedelta(days=1), refunded="20000")
        make_order(store, chans, "W-3", currency="MYR", total="10.50", paid_ago=timedelta(days=2))
        make_order(
            store, chans, "W-4", total="70000", paid_ago=timedelta(days=7, hours=2)
        )  # last week, same days
        make_order(
            store, chans, "W-5", total="1000", paid_ago=timedelta(days=5)
        )  # last week, after the same moment
        make_order(
            store, chans, "W-6", total="5000", status=OrderStatus.CANCELLED, paid_ago=timedelta(hours=3)
        )
        make_order(other_store, chans, "W-7", total="999000", paid_ago=timedelta(hours=1))
        sales = {row.currency: row for row in weekly_sales([store.pk])}
        everyone = {row.currency: row for row in weekly_sales(None)}
    assert sales["IDR"].this_week == Decimal("130000") and sales["IDR"].this_week_orders == 2
    assert sales["IDR"].last_week == Decimal("70000") and sales["IDR"].last_week_orders == 1
    assert sales["MYR"].this_week == Decimal("10.50") and sales["MYR"].last_week == 0
    assert everyone["IDR"].this_week == Decimal("1129000") and everyone["MYR"].this_week == Decimal("10.50")


def test_curators_and_admins_get_the_marketplace_home(client, store, other_store, two_homes):
    for user in (
        make_curator(),
        type(make_curator("x")).objects.create_superuser("admin", "a@example.id", "x"),
    ):
        body = home_of(client, user)
        attention = section(body, "stores-needing-attention")
        assert store.name in attention and other_store.name not in attention  # only A's order waits > 2 days
        assert section(body, "weekly-sales")
        assert not section(body, "orders-to-ship") and not section(body, "low-stock")


def test_a_week_starts_on_monday_in_wib():
    from checkout.home_selectors import week_start

    start = week_start(datetime(2026, 11, 29, 18, 0, tzinfo=UTC))  # Monday 01:00 WIB
    assert start.date() == date(2026, 11, 30) and start.hour == 0


def _home_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("wagtailadmin_home")).content.decode()
    return len(queries), body


#: Measured: 25 for a store editor (8 of them the seller home's own; 28 when three lists overflow), 17 for a
#: curator (2 of them the home's). The setup checklist (issue 13.6) adds 4 per store of the editor (products with
#: photos, storefront colours, shipping rates, the payout account (one query: approved or waiting)): 32 with three
#: lists overflowing; the payouts' balance panel (issue 13.5) adds 3 (measured 37 with it merged).
EDITOR_HOME_QUERIES = 37
MARKETPLACE_HOME_QUERIES = 20


def _add_rows(user, store, other_store, chans, start):
    for i in range(start, start + 12):
        make_order(store, chans, f"OP-{user.pk}-{i:04d}", paid_ago=timedelta(days=3, hours=i))
        make_order(other_store, chans, f"OP-B{user.pk}-{i:04d}", paid_ago=timedelta(days=3, hours=i))
        make_product(store, f"Produk Tipis {user.pk} {i}", stock=1)


def test_home_queries_are_bounded_and_do_not_grow_with_orders_or_products(
    client, store, other_store, chans, two_homes
):
    """Each to-do list costs one query, plus one count when it has more rows than it shows."""
    for user, budget in (
        (make_editor(store), EDITOR_HOME_QUERIES),
        (make_curator(), MARKETPLACE_HOME_QUERIES),
    ):
        client.force_login(user)
        client.get(reverse("wagtailadmin_home"))  # warm per-process caches (content types, site)
        assert _home_queries(client)[0] <= budget
        _add_rows(user, store, other_store, chans, 0)  # every list now longer than it shows
        some, _ = _home_queries(client)
        _add_rows(user, store, other_store, chans, 100)
        more, _ = _home_queries(client)
        assert some == more <= budget, f"{user}: {some} queries, then {more} with more orders and products"
