"""Read queries of the admin home, order side: orders to ship, sales of this week against last week, stores whose
buyers wait. ``store_ids`` is the home's stores (``catalog.home_selectors.home_store_ids``); ``None`` means every
store (the marketplace home)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Min, Q, Sum
from django.utils import timezone

from catalog.home_selectors import Listed, first_rows
from checkout.models import Order, OrderStatus
from checkout.services.orders import PAID_STATES

TO_SHIP = (OrderStatus.PAID, OrderStatus.PROCESSING)
#: A store "needs attention" on the marketplace home when a paid order has waited longer than this to ship.
WAITING_TOO_LONG = timedelta(days=2)


def _orders(store_ids: list[int] | None):
    orders = Order.objects.all()
    return orders if store_ids is None else orders.filter(store_id__in=store_ids)


def orders_to_ship(store_ids: list[int] | None) -> Listed:
    """Paid orders not yet shipped, oldest payment first (the buyer who has waited longest)."""
    queryset = _orders(store_ids).filter(status__in=TO_SHIP).select_related("store").order_by("paid_at", "pk")
    return first_rows(
        queryset.only("pk", "number", "status", "currency", "total", "paid_at", "created_at", "store__name")
    )


@dataclass(frozen=True)
class WeekSales:
    """Sales of one currency: this week so far and last week over the same days and hours. Never summed across
    currencies."""

    currency: str
    this_week: Decimal
    this_week_orders: int
    last_week: Decimal
    last_week_orders: int


def week_start(now: datetime) -> datetime:
    """Monday 00:00 of ``now``'s week, in the marketplace's time zone (``TIME_ZONE``, WIB)."""
    local = timezone.localtime(now)
    return (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)


def weekly_sales(store_ids: list[int] | None, now: datetime | None = None) -> list[WeekSales]:
    """Money kept from orders paid this week (Monday 00:00 WIB until now) and last week until the same moment:
    the order totals minus what was refunded, of orders paid in the period and not cancelled or expired. One
    query, grouped by currency."""
    now = now or timezone.now()
    start = week_start(now)
    last_start, last_end = start - timedelta(days=7), now - timedelta(days=7)
    kept = ExpressionWrapper(
        F("total") - F("refunded_amount"), output_field=DecimalField(max_digits=14, decimal_places=2)
    )
    this_week = Q(paid_at__gte=start, paid_at__lte=now)
    last_week = Q(paid_at__gte=last_start, paid_at__lte=last_end)
    rows = (
        _orders(store_ids)
        .filter(status__in=[*PAID_STATES, OrderStatus.REFUNDED], paid_at__gte=last_start)
        .values("currency")
        .annotate(
            this_week=Sum(kept, filter=this_week, default=Decimal(0)),
            this_week_orders=Count("pk", filter=this_week),
            last_week=Sum(kept, filter=last_week, default=Decimal(0)),
            last_week_orders=Count("pk", filter=last_week),
        )
        .order_by("currency")
    )
    return [WeekSales(**row) for row in rows if row["this_week_orders"] or row["last_week_orders"]]


@dataclass(frozen=True)
class WaitingStore:
    store_id: int
    name: str
    waiting: int
    oldest_paid_at: datetime


def stores_needing_attention(now: datetime | None = None) -> list[WaitingStore]:
    """Stores with paid orders waiting to ship for longer than ``WAITING_TOO_LONG``, longest wait first."""
    now = now or timezone.now()
    rows = (
        Order.objects.filter(status__in=TO_SHIP, paid_at__lt=now - WAITING_TOO_LONG)
        .values("store_id", "store__name")
        .annotate(waiting=Count("pk"), oldest_paid_at=Min("paid_at"))
        .order_by("oldest_paid_at")
    )
    return [WaitingStore(r["store_id"], r["store__name"], r["waiting"], r["oldest_paid_at"]) for r in rows]
