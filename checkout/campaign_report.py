"""The store's campaign report: visits, orders and revenue per campaign link and per source, for a range of days.

- **Visits**: sessions that arrived through the link (``catalog.CampaignVisitDay``, counted once per session and
  campaign), on the days of the range (WIB).
- **Orders**: orders placed in the range (WIB days) that were paid (paid, processing, shipped, delivered,
  completed, or paid then refunded), credited to the campaign recorded on them at placement. Orders placed
  without a campaign link form the "no campaign" row of the sources table.
- **Revenue**: those orders' totals minus what was refunded, per currency: rupiah and ringgit are never added.

Three queries whatever the number of campaigns (campaigns, visits, orders), each limited to ``store_ids``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Sum
from django.utils import timezone

from catalog.models import Campaign, CampaignSource, CampaignVisitDay

from .models import Order, OrderStatus
from .services.orders import PAID_STATES

COUNTED_STATES = (*PAID_STATES, OrderStatus.REFUNDED)
NO_CAMPAIGN = ""


@dataclass
class Figures:
    visits: int = 0
    orders: int = 0
    revenue: dict[str, Decimal] = field(default_factory=dict)  # currency → amount, never summed across

    def add_orders(self, currency: str, count: int, amount: Decimal) -> None:
        self.orders += count
        self.revenue[currency] = self.revenue.get(currency, Decimal(0)) + amount

    @property
    def revenue_list(self) -> list[tuple[str, Decimal]]:
        return sorted(self.revenue.items())


@dataclass
class CampaignRow:
    campaign: Campaign
    figures: Figures


@dataclass
class SourceRow:
    source: str  # a CampaignSource value, or NO_CAMPAIGN
    label: str
    figures: Figures


@dataclass
class CampaignReport:
    start: date
    end: date
    campaigns: list[CampaignRow]
    sources: list[SourceRow]


def _local_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), zone),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone),
    )


def _visits(store_ids, start: date, end: date) -> dict[int, int]:
    rows = (
        CampaignVisitDay.objects.filter(campaign__store_id__in=store_ids, day__gte=start, day__lte=end)
        .values("campaign_id")
        .annotate(total=Sum("visits"))
    )
    return {row["campaign_id"]: row["total"] for row in rows}


def _orders(store_ids, start: date, end: date):
    since, until = _local_bounds(start, end)
    kept = ExpressionWrapper(F("total") - F("refunded_amount"), output_field=DecimalField(max_digits=14, decimal_places=2))
    return (
        Order.objects.filter(
            store_id__in=store_ids, status__in=COUNTED_STATES, created_at__gte=since, created_at__lt=until
        )
        .values("campaign_id", "campaign_source", "currency")
        .annotate(count=Count("pk"), amount=Sum(kept, default=Decimal(0)))
        .order_by()
    )


def campaign_report(store_ids, start: date, end: date) -> CampaignReport:
    """Figures of the campaigns of ``store_ids`` (a list of store pks) between ``start`` and ``end``
    (inclusive)."""
    store_ids = list(store_ids)
    campaigns = list(Campaign.objects.filter(store_id__in=store_ids).select_related("store").order_by("name", "pk"))
    per_campaign = {c.pk: Figures() for c in campaigns}
    per_source = defaultdict(Figures)
    source_of = {c.pk: c.source for c in campaigns}
    for campaign_id, visits in _visits(store_ids, start, end).items():
        per_campaign[campaign_id].visits += visits
        per_source[source_of[campaign_id]].visits += visits
    for row in _orders(store_ids, start, end):
        if row["campaign_id"] in per_campaign:
            per_campaign[row["campaign_id"]].add_orders(row["currency"], row["count"], row["amount"])
        per_source[row["campaign_source"] or NO_CAMPAIGN].add_orders(row["currency"], row["count"], row["amount"])
    return CampaignReport(
        start=start,
        end=end,
        campaigns=[CampaignRow(c, per_campaign[c.pk]) for c in campaigns],
        sources=_source_rows(per_source),
    )


def _source_rows(per_source) -> list[SourceRow]:
    rows = [SourceRow(value, label, per_source[value]) for value, label in CampaignSource.choices if value in per_source]
    if NO_CAMPAIGN in per_source:
        rows.append(SourceRow(NO_CAMPAIGN, "", per_source[NO_CAMPAIGN]))
    return rows
