"""The sales report's figures, aggregated in the database (one grouped query per kind of figure).

Counting rules (docs/reports.md):

- **A sale** is an order whose money was received (``paid_at`` set), counted on the day it was paid, in the
  report's time zone (WIB): its ``total`` (goods after vouchers, shipping and PPN) is gross revenue, its lines'
  quantities are units. An order cancelled or expired before payment is never a sale (it is counted apart, as
  *cancelled*, on the day it was placed). A paid order cancelled later stays a sale of the day it was paid; the money
  given back is its refund.
- **A refund** reduces net revenue on the day it succeeded (``Refund.completed_at``), whatever day the order was
  paid: a day's net revenue is what that day brought in minus what went back that day. Only refunds counted on
  orders are counted (a duplicate payment's refund never was revenue), and only those of orders that were sales.
- **Currencies are never added together**: every figure is grouped by the order's currency (the channel's).
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Q, Sum, TextChoices, Window
from django.db.models.functions import RowNumber, Trunc
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Channel
from catalog.money import quantize
from checkout.models import Order, OrderLine, OrderStatus

from ..models import Refund, RefundStatus

#: Products listed per currency in "top products".
TOP_PRODUCTS = 10
NOT_PAID_STATES = (OrderStatus.CANCELLED, OrderStatus.EXPIRED)
MONEY = frozenset({"gross", "refunds"})


class Granularity(TextChoices):
    DAY = "day", _("Day")
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")


def report_timezone() -> zoneinfo.ZoneInfo:
    """The time zone the report's days follow. Stores have no time zone of their own (every OPOP pesantren is in
    East Java, WIB): the marketplace's ``TIME_ZONE`` (Asia/Jakarta)."""
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class ReportQuery:
    """What to report on. ``store_ids`` None: every store (the marketplace report). ``end`` is included."""

    store_ids: tuple[int, ...] | None
    start: date
    end: date
    granularity: str = Granularity.DAY
    channel: Channel | None = None

    @property
    def window(self) -> tuple[datetime, datetime]:
        """The range as aware datetimes: ``start`` 00:00 WIB up to (not including) the day after ``end``."""
        tz = report_timezone()
        begin = datetime.combine(self.start, time.min, tzinfo=tz)
        return begin, datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz)


@dataclass
class Figures:
    """One period's figures (or a whole range's) in one currency."""

    currency: str
    start: date
    orders: int = 0
    units: int = 0
    gross: Decimal = Decimal(0)
    refunds: Decimal = Decimal(0)
    refund_count: int = 0
    cancelled: int = 0

    @property
    def net(self) -> Decimal:
        return self.gross - self.refunds

    @property
    def average_order(self) -> Decimal | None:
        """Gross revenue per paid order, rounded by the currency's rule; None without orders."""
        return quantize(self.gross / self.orders, self.currency) if self.orders else None

    def add(self, other: Figures) -> None:
        self.orders += other.orders
        self.units += other.units
        self.gross += other.gross
        self.refunds += other.refunds
        self.refund_count += other.refund_count
        self.cancelled += other.cancelled


@dataclass(frozen=True)
class TopProduct:
    title: str
    units: int
    revenue: Decimal


@dataclass
class CurrencyReport:
    currency: str
    periods: list[Figures]
    total: Figures
    top_products: list[TopProduct] = field(default_factory=list)


@dataclass
class SalesReport:
    query: ReportQuery
    currencies: list[CurrencyReport]


# --- periods --------------------------------------------------------------------------------------------------------


def period_start(day: date, granularity: str) -> date:
    """The first day of ``day``'s period: itself, its week's Monday, or its month's first day."""
    if granularity == Granularity.WEEK:
        return day - timedelta(days=day.weekday())
    if granularity == Granularity.MONTH:
        return day.replace(day=1)
    return day


def periods(query: ReportQuery) -> list[date]:
    """Every period the range touches, first days in order (a week or month cut by the range still has a row)."""
    found, day = [], period_start(query.start, query.granularity)
    while day <= query.end:
        found.append(day)
        if query.granularity == Granularity.MONTH:
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        else:
            day += timedelta(days=7 if query.granularity == Granularity.WEEK else 1)
    return found


# --- the queries ----------------------------------------------------------------------------------------------------


def _scope(query: ReportQuery, order_path: str = "") -> Q:
    """The stores and channel of the report, as a filter on orders reached through ``order_path``."""
    condition = Q()
    if query.store_ids is not None:
        condition &= Q(**{f"{order_path}store_id__in": query.store_ids})
    if query.channel is not None:
        condition &= Q(**{f"{order_path}checkout__channel": query.channel})
    return condition


def _in_window(query: ReportQuery, field_path: str) -> Q:
    begin, end = query.window
    return Q(**{f"{field_path}__gte": begin, f"{field_path}__lt": end})


def _period(field_path: str, query: ReportQuery) -> Trunc:
    return Trunc(field_path, query.granularity, tzinfo=report_timezone())


def _sales_rows(query: ReportQuery):
    """Paid orders per (currency, period): count and gross revenue."""
    return (
        Order.objects.filter(_scope(query), _in_window(query, "paid_at"))
        .annotate(period=_period("paid_at", query))
        .values("currency", "period")
        .annotate(orders=Count("pk"), gross=Sum("total"))
        .order_by()
    )


def _unit_rows(query: ReportQuery):
    return (
        OrderLine.objects.filter(_scope(query, "order__"), _in_window(query, "order__paid_at"))
        .annotate(period=_period("order__paid_at", query))
        .values("period", currency=F("order__currency"))
        .annotate(units=Sum("quantity"))
        .order_by()
    )


def _refund_rows(query: ReportQuery):
    """Refunds that succeeded in the range, per (currency, period of the refund), of orders that were sales."""
    return (
        Refund.objects.filter(status=RefundStatus.SUCCEEDED, order__paid_at__isnull=False)
        .counted_on_orders()
        .filter(_scope(query, "order__"), _in_window(query, "completed_at"))
        .annotate(period=_period("completed_at", query))
        .values("period", currency=F("order__currency"))
        .annotate(refunds=Sum("amount"), refund_count=Count("pk"))
        .order_by()
    )


def _cancelled_rows(query: ReportQuery):
    """Orders placed in the range that were cancelled or expired without being paid, per period of placing."""
    return (
        Order.objects.filter(_scope(query), _in_window(query, "created_at"))
        .filter(status__in=NOT_PAID_STATES, paid_at__isnull=True)
        .annotate(period=_period("created_at", query))
        .values("currency", "period")
        .annotate(cancelled=Count("pk"))
        .order_by()
    )


def top_products(query: ReportQuery) -> dict[str, list[TopProduct]]:
    """The best-selling products of the range per currency, by revenue of their lines (goods before vouchers and
    shipping), then units; grouped by the title the order lines keep (a product renamed meanwhile shows twice).
    Ranked and cut in the database (a window function per currency)."""
    rows = (
        OrderLine.objects.filter(_scope(query, "order__"), _in_window(query, "order__paid_at"))
        .values("product_title", currency=F("order__currency"))
        .annotate(units=Sum("quantity"), revenue=Sum("total"))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("order__currency")],
                order_by=[F("revenue").desc(), F("units").desc(), F("product_title").asc()],
            )
        )
        .filter(rank__lte=TOP_PRODUCTS)
        .order_by("currency", "rank")
    )
    found: dict[str, list[TopProduct]] = {}
    for row in rows:
        revenue = quantize(row["revenue"], row["currency"])
        found.setdefault(row["currency"], []).append(TopProduct(row["product_title"], row["units"], revenue))
    return found


def _local_day(value) -> date:
    """A ``Trunc`` result (aware datetime, or a date on some backends) as the period's first day in WIB."""
    if isinstance(value, datetime):
        return timezone.localtime(value, report_timezone()).date() if timezone.is_aware(value) else value.date()
    return value


def sales_report(query: ReportQuery) -> SalesReport:
    """The report: for each currency with any activity in the range, every period's figures (empty periods
    included, so a chart shows the gaps), the range's totals and its top products. Five grouped queries."""
    cells: dict[tuple[str, date], Figures] = {}
    for rows in (_sales_rows(query), _unit_rows(query), _refund_rows(query), _cancelled_rows(query)):
        for row in rows:
            key = (row.pop("currency"), _local_day(row.pop("period")))
            figures = cells.setdefault(key, Figures(currency=key[0], start=key[1]))
            for name, value in row.items():
                # SQLite sums decimals as floats' text (146.100000000000): back to the currency's places.
                setattr(figures, name, quantize(value or 0, key[0]) if name in MONEY else value or 0)
    tops = top_products(query)
    reports = []
    for currency in sorted({currency for currency, _day in cells} | set(tops)):
        rows = [cells.get((currency, day)) or Figures(currency=currency, start=day) for day in periods(query)]
        total = Figures(currency=currency, start=query.start)
        for row in rows:
            total.add(row)
        reports.append(CurrencyReport(currency, rows, total, tops.get(currency, [])))
    return SalesReport(query, reports)
