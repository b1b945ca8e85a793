"""The daily summary of paid orders, for stores that chose it over an e-mail per order
(``Store.order_notifications``).

``send_due_digests`` runs as a periodic job (``manage.py run_periodic_jobs``). From ``DIGEST_HOUR`` in the shop's
time zone (``TIME_ZONE``, WIB) it records, for every store on the daily summary, yesterday's paid orders in a
``StoreDigest`` row (one per store and day, by a unique constraint, so overlapping runs never send twice) and
queues the e-mail after commit. A day without paid orders is recorded and sends nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from catalog.models import Store

from ..models import Order, StoreDigest
from ..models.digest import day_bounds
from ..tasks import send_store_digest

DIGEST_HOUR = 7


def _paid_counts(stores, day: date) -> dict[int, int]:
    """Orders paid on ``day`` per store, in one query."""
    start, end = day_bounds(day)
    rows = (
        Order.objects.filter(store__in=stores, paid_at__gte=start, paid_at__lt=end)
        .values("store_id")
        .annotate(n=Count("pk"))
    )
    return {row["store_id"]: row["n"] for row in rows}


def _record(store: Store, day: date, orders: int) -> int | None:
    """Record the store's summary for ``day``; None when another run already did."""
    try:
        with transaction.atomic():
            StoreDigest.objects.create(store=store, day=day, orders=orders)
    except IntegrityError:
        return None
    if orders:
        transaction.on_commit(lambda: send_store_digest.enqueue(store.pk, day.isoformat()))
    return orders


def send_due_digests(now: datetime | None = None) -> str:
    """Queue yesterday's summaries that are due and not yet sent; a one-line summary for the log."""
    local = timezone.localtime(now or timezone.now())
    if local.hour < DIGEST_HOUR:
        return "daily order summaries: not yet due"
    day = local.date() - timedelta(days=1)
    done = StoreDigest.objects.filter(day=day).values_list("store_id", flat=True)
    stores = Store.objects.filter(order_notifications="daily", is_active=True).exclude(pk__in=done)
    counts = _paid_counts(stores, day)
    sent = recorded = 0
    for store in stores:
        orders = _record(store, day, counts.get(store.pk, 0))
        if orders is not None:
            recorded += 1
            sent += bool(orders)
    return f"daily order summaries for {day}: {recorded} recorded, {sent} e-mailed"
