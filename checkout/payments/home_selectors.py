"""Read queries of the admin home, payment side: bank transfers a store still has to confirm."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from catalog.home_selectors import Listed, first_rows
from checkout.models import Order

from .models import PaymentAttempt
from .states import OPEN_STATUSES


def transfers_to_confirm(store_ids: list[int]) -> Listed:
    """Open manual (bank transfer) payments of checkouts with an order of these stores, oldest first; each row
    carries ``order`` (the stores' first order of that checkout) for the link."""
    orders = Order.objects.filter(store_id__in=store_ids, checkout_id=OuterRef("checkout_id"))
    queryset = (
        PaymentAttempt.objects.filter(gateway="manual", status__in=OPEN_STATUSES)
        .filter(Exists(orders))
        .order_by("created_at", "pk")
    )
    listed = first_rows(queryset)
    by_checkout = {}
    for order in Order.objects.filter(
        store_id__in=store_ids, checkout_id__in=[a.checkout_id for a in listed.rows]
    ).order_by("-pk"):
        by_checkout[order.checkout_id] = order
    for attempt in listed.rows:
        attempt.order = by_checkout.get(attempt.checkout_id)
    return listed
