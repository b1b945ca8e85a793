"""Stock arithmetic shared by cart, placement and the order services.

available = Stock.quantity − Stock.quantity_allocated − Σ active, unexpired reservations.

A reservation whose ``reserved_until`` has passed no longer counts even before the expiry task marks it
released, so correctness never depends on the task running on time. Every write that changes what is
available (a new reservation, an allocation) happens while the Stock row is locked with
``select_for_update``, and locks are always taken in primary-key order, so concurrent buyers queue
instead of deadlocking.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from catalog.models import Stock

from ..models import Reservation, ReservationStatus


def active_reservations(now=None):
    now = now or timezone.now()
    return Reservation.objects.filter(status=ReservationStatus.ACTIVE, reserved_until__gt=now)


def reserved_quantities(
    stock_ids: Iterable[int], *, now=None, exclude_line_ids: Iterable[int] = ()
) -> dict[int, int]:
    qs = active_reservations(now).filter(stock_id__in=list(stock_ids))
    exclude_line_ids = list(exclude_line_ids)
    if exclude_line_ids:
        qs = qs.filter(~Q(order_line_id__in=exclude_line_ids))
    return {row["stock_id"]: row["n"] or 0 for row in qs.values("stock_id").annotate(n=Sum("quantity"))}


def available_for(
    stocks: Iterable[Stock], *, now=None, exclude_line_ids: Iterable[int] = ()
) -> dict[int, int]:
    """Units each stock row can still promise, keyed by stock pk (never negative)."""
    stocks = list(stocks)
    reserved = reserved_quantities([s.pk for s in stocks], now=now, exclude_line_ids=exclude_line_ids)
    return {s.pk: max(0, s.quantity - s.quantity_allocated - reserved.get(s.pk, 0)) for s in stocks}


def reserved_units(now):
    """An annotation for Stock rows: the units of their active reservations live at ``now`` (0 when none), so a
    row and what is reserved of it are read in one statement (``free_units``)."""
    live = (
        active_reservations(now)
        .filter(stock=OuterRef("pk"))
        .order_by()
        .values("stock")
        .annotate(n=Sum("quantity"))
        .values("n")
    )
    return Coalesce(Subquery(live), 0)


def free_units(stocks: Iterable[Stock]) -> dict[int, int]:
    """Units each row read with ``reserved_units`` can still promise, keyed by stock pk (never negative)."""
    return {s.pk: max(0, s.quantity - s.quantity_allocated - s.reserved) for s in stocks}


def stock_for_variants(variants, *, reserved_at=None) -> dict[int, Stock]:
    """Variant pk → its Stock row (matched by store and SKU), unlocked. With ``reserved_at``, each row carries
    ``reserved`` (``reserved_units``) for ``free_units``."""
    variants = list(variants)
    if not variants:
        return {}
    q = Q()
    for v in variants:
        q |= Q(store_id=v.product.store_id, sku=v.sku)
    rows = Stock.objects.filter(q)
    if reserved_at is not None:
        rows = rows.annotate(reserved=reserved_units(reserved_at))
    by_key = {(s.store_id, s.sku): s for s in rows}
    return {
        v.pk: by_key[(v.product.store_id, v.sku)] for v in variants if (v.product.store_id, v.sku) in by_key
    }


def needed_per_stock(demand: Iterable[tuple[object, Stock | None, int]]) -> dict[int, int]:
    """Units wanted of each Stock row (by pk), summed over ``demand``: (item, stock row or None, quantity)."""
    needed: dict[int, int] = {}
    for _item, stock, quantity in demand:
        if stock is not None:
            needed[stock.pk] = needed.get(stock.pk, 0) + quantity
    return needed


def shortfall(demand: Iterable[tuple[object, Stock | None, int]], available: dict[int, int]) -> list[tuple]:
    """The items of ``demand`` ((item, stock row or None, quantity)) that ``available`` (stock pk → units, from
    ``available_for`` under the Stock locks) cannot cover, as (item, quantity, units available): every item of a
    row whose summed demand exceeds it, and every item without a Stock row (0 available). Empty when all fit."""
    demand = list(demand)
    needed = needed_per_stock(demand)
    short = []
    for item, stock, quantity in demand:
        have = available.get(stock.pk, 0) if stock is not None else 0
        if stock is None or needed[stock.pk] > have:
            short.append((item, quantity, have))
    return short
