"""The shop's row-lock rules (checkout/locks.py, docs/architecture.md "Row locks").

1. Rows that are locked together are locked only through the two lock modules, so the order is written in one place.
   A row locked alone (never while another of these is held) may be locked where it is used; those places are
   listed here with the reason, and the list may only shrink.
2. The order: PaymentEvent → PaymentAttempt → Checkout → Order → Refund / ExternalReversal → Stock → Voucher. On
   PostgreSQL (SQLite has no ``FOR UPDATE``) the locking statements of placement with a voucher, payment, expiry and
   refund come in that order.
"""

import ast
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Stock
from checkout.models import Checkout, Order, Voucher
from checkout.payments.models import ExternalReversal, PaymentAttempt, PaymentEvent, Refund
from checkout.services.orders import apply_refund, expire_checkout, mark_checkout_paid
from tests.factories import make_product

from .utils import cart_with, place

ROOT = Path(__file__).resolve().parents[2]
LOCK_MODULES = {"checkout/locks.py", "checkout/payments/locks.py"}
# Locked alone, in their own short transaction, never together with the rows of the lock order.
LOCKED_ALONE = {
    "catalog/admin_forms.py": (1, "the admin's stock edit: one Stock row, nothing else held"),
    "catalog/services/applications.py": (1, "a store application being approved"),
    "catalog/services/stock_alerts.py": (1, "restock alerts claimed for sending (skip_locked)"),
    "catalog/services/product_plan.py": (1, "a product import's Stock rows, pk order, nothing else held"),
    "checkout/services/cart.py": (1, "one cart line while its quantity changes"),
    "checkout/services/reviews.py": (1, "one review while it is moderated"),
    "checkout/payouts/services/accounts.py": (2, "a payout-account change being approved or refused"),
    "checkout/payouts/services/batches.py": (2, "a store's ledger account; one payout being settled"),
}


def select_for_update_calls() -> dict[str, int]:
    found: dict[str, int] = {}
    for top in ("catalog", "checkout", "cms", "themes", "shop"):
        for path in (ROOT / top).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if "/tests/" in f"/{rel}" or "/migrations/" in rel:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Attribute) and node.attr == "select_for_update":
                    found[rel] = found.get(rel, 0) + 1
    return found


def test_rows_locked_together_are_locked_only_in_the_lock_modules():
    outside = {f: n for f, n in select_for_update_calls().items() if f not in LOCK_MODULES}
    grown = {f: n for f, n in outside.items() if n > LOCKED_ALONE.get(f, (0, ""))[0]}
    assert not grown, f"lock through checkout.locks / checkout.payments.locks, or list a lone lock here: {grown}"


ORDER = [PaymentEvent, PaymentAttempt, Checkout, Order, (Refund, ExternalReversal), Stock, Voucher]
RANK = {m._meta.db_table: i for i, ms in enumerate(ORDER) for m in (ms if isinstance(ms, tuple) else (ms,))}
LOCKED_TABLE = re.compile(r'\bFROM "(\w+)"')


def locked_tables(ctx) -> list[str]:
    """The tables whose rows the statements lock, in the order each is first locked. A later ``FOR UPDATE`` on a
    table already locked re-reads rows the transaction holds (``transition`` re-locks its order inside an expiry
    that locked all the checkout's orders first): it cannot wait, so it does not count."""
    tables = []
    for query in ctx.captured_queries:
        if "FOR UPDATE" in query["sql"]:
            table = LOCKED_TABLE.search(query["sql"]).group(1)
            if table not in tables:
                tables.append(table)
    return tables


def assert_in_lock_order(tables: list[str]) -> None:
    ranks = [RANK[t] for t in tables if t in RANK]
    assert ranks == sorted(ranks), f"locks out of the documented order: {tables}"


needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite takes no row locks")


@pytest.fixture
def voucher_cart(chans, store):
    idr = chans["indonesia"]
    Voucher.objects.create(code="OPOP25", channel=idr, kind=Voucher.Kind.FIXED, value=Decimal("5000"))
    kopi = make_product(store, "Kopi Ijen", stock=5, price_idr=57500)
    teh = make_product(store, "Teh Tubruk", stock=5, price_idr=20000)
    return cart_with(idr, (kopi, 1), (teh, 2)), idr


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_placement_with_a_voucher_then_payment_and_refund_lock_in_the_documented_order(voucher_cart):
    cart, channel = voucher_cart
    with CaptureQueriesContext(connection) as placing:
        checkout = place(cart, channel, voucher_code="OPOP25")
    assert locked_tables(placing)[-2:] == [Stock._meta.db_table, Voucher._meta.db_table]
    assert_in_lock_order(locked_tables(placing))
    with CaptureQueriesContext(connection) as paying:
        mark_checkout_paid(checkout)
    assert locked_tables(paying)[:3] == [Checkout._meta.db_table, Order._meta.db_table, Stock._meta.db_table]
    assert_in_lock_order(locked_tables(paying))
    with CaptureQueriesContext(connection) as refunding:
        apply_refund(checkout.orders.get(), Decimal("20000"), reason="rusak")
    assert_in_lock_order(locked_tables(refunding))


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_an_expiring_checkout_locks_in_the_documented_order(voucher_cart):
    cart, channel = voucher_cart
    checkout = place(cart, channel, voucher_code="OPOP25")
    with CaptureQueriesContext(connection) as expiring:
        expire_checkout(checkout, reason="lapsed")
    assert locked_tables(expiring)[:3] == [Checkout._meta.db_table, Order._meta.db_table, Stock._meta.db_table]
    assert_in_lock_order(locked_tables(expiring))
