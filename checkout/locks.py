"""Row locks of the checkout domain, one function per thing locked (Saleor's ``lock_objects`` idea).

Every code path that locks more than one kind of row takes them in this order, so two paths never wait on each
other in opposite order (no deadlock):

    PaymentEvent → PaymentAttempt → Checkout → Order (pk order) → Refund / ExternalReversal → Stock (pk order)
    → Voucher

The payment rows (event, attempt, refund, reversal) are locked by ``checkout.payments.locks``, which builds on this
module; this module locks the checkout's own rows and never imports the payments app. Placement takes the Stock
rows (pk order), then the voucher's row when a voucher is used, so buyers racing for the same products queue
instead of deadlocking. Rows that are locked alone, never together with any of these (a cart line, a review, a
payout's rows, a store application, a stock alert), are locked where they are used; ``checkout/tests/test_lock_rules.py``
lists them and checks both rules.

Each function must run inside ``transaction.atomic()`` (``select_for_update`` outside a transaction raises).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from catalog.models import Stock

from .models import Checkout, Order, OrderLine, Voucher


def lock_checkout(checkout_id: int) -> Checkout | None:
    """The Checkout row (None if it does not exist)."""
    return Checkout.objects.select_for_update().filter(pk=checkout_id).first()


def lock_order(order_id: int) -> Order:
    """One Order row, re-read under the lock."""
    return Order.objects.select_for_update().get(pk=order_id)


def lock_orders_of_checkout(checkout_id: int) -> list[Order]:
    """The checkout's store orders, in primary-key order (not the Checkout row, not their stock)."""
    return list(Order.objects.select_for_update().filter(checkout_id=checkout_id).order_by("pk"))


def lock_stocks(stock_ids: Iterable[int]) -> dict[int, Stock]:
    """The given Stock rows in primary-key order, returned by pk.

    Read what depends on the lock (the rows' reservations) in a LATER statement, never in this one: on PostgreSQL
    (READ COMMITTED) a ``SELECT … FOR UPDATE`` that waited for another transaction re-reads the locked row itself
    but evaluates everything else (a subquery summing reservations, say) in the snapshot taken before it waited,
    so it misses the reservations of the buyer it queued behind, and oversells (issue 11.8 tried it: 7 placed of 5
    units; pinned by ``test_concurrency_checkout``'s races and ``bench/bench_race.py``).
    """
    ids = sorted(set(stock_ids))
    if not ids:
        return {}
    return {s.pk: s for s in Stock.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def lock_voucher(voucher_id: int) -> Voucher:
    """The voucher's row, re-read under the lock (its use count and limit): last in the order, after the Stock rows."""
    return Voucher.objects.select_for_update().get(pk=voucher_id)


def stock_ids_of_checkout(checkout_id: int) -> list[int]:
    """Stock rows of every line of the checkout's orders (matched by store and SKU), unlocked."""
    pairs = set(OrderLine.objects.filter(order__checkout_id=checkout_id).values_list("order__store_id", "sku"))
    if not pairs:
        return []
    match = Q()
    for store_id, sku in pairs:
        match |= Q(store_id=store_id, sku=sku)
    return list(Stock.objects.filter(match).values_list("pk", flat=True))


def lock_checkout_orders_and_stock(checkout_id: int) -> list[Order]:
    """Checkout row → its Orders (pk order) → every Stock row of their lines (pk order), before any per-order
    work; returns the orders. What moving a whole checkout between states (paid, expired) needs."""
    lock_checkout(checkout_id)
    orders = lock_orders_of_checkout(checkout_id)
    lock_stocks(stock_ids_of_checkout(checkout_id))
    return orders
