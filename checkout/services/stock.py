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

from django.db.models import Q, Sum
from django.utils import timezone

from catalog.models import Stock

from ..models import Reservation, ReservationStatus


def active_reservations(now=None):
    now = now or timezone.now()
    return Reservation.objects.filter(status=ReservationStatus.ACTIVE, reserved_until__gt=now)


def reserved_quantities(stock_ids: Iterable[int], *, now=None, exclude_line_ids: Iterable[int] = ()) -> dict[int, int]:
    qs = active_reservations(now).filter(stock_id__in=list(stock_ids))
    exclude_line_ids = list(exclude_line_ids)
    if exclude_line_ids:
        qs = qs.filter(~Q(order_line_id__in=exclude_line_ids))
    return {row["stock_id"]: row["n"] or 0 for row in qs.values("stock_id").annotate(n=Sum("quantity"))}


def available_for(stocks: Iterable[Stock], *, now=None, exclude_line_ids: Iterable[int] = ()) -> dict[int, int]:
    """Units each stock row can still promise, keyed by stock pk (never negative)."""
    stocks = list(stocks)
    reserved = reserved_quantities([s.pk for s in stocks], now=now, exclude_line_ids=exclude_line_ids)
    return {s.pk: max(0, s.quantity - s.quantity_allocated - reserved.get(s.pk, 0)) for s in stocks}


def stock_for_variants(variants) -> dict[int, Stock]:
    """Variant pk → its Stock row (matched by store and SKU), unlocked."""
    variants = list(variants)
    if not variants:
        return {}
    q = Q()
    for v in variants:
        q |= Q(store_id=v.product.store_id, sku=v.sku)
    by_key = {(s.store_id, s.sku): s for s in Stock.objects.filter(q)}
    return {v.pk: by_key[(v.product.store_id, v.sku)] for v in variants if (v.product.store_id, v.sku) in by_key}


def lock_stocks(stock_ids: Iterable[int]) -> dict[int, Stock]:
    """Lock the given Stock rows in primary-key order (Saleor's lock_objects rule) and return them by pk.

    Must run inside ``transaction.atomic()``.
    """
    ids = sorted(set(stock_ids))
    if not ids:
        return {}
    return {s.pk: s for s in Stock.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
