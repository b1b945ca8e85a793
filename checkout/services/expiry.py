"""Expiry of unpaid checkouts whose payment window (the reservation's ``reserved_until``) has passed."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.signals import stock_changed

from ..models import Checkout, OrderStatus, Reservation, ReservationStatus
from .orders import expire_checkout


def release_expired_reservations(*, now=None, limit: int = 500) -> int:
    """Expire the unpaid orders of every checkout with a lapsed active reservation and release stray lapsed
    reservations. Safe to run concurrently with itself and with payments: each checkout is handled by
    ``expire_checkout`` under its row locks, which re-checks the status. Returns the number of checkouts expired.
    """
    now = now or timezone.now()
    lapsed = Reservation.objects.filter(status=ReservationStatus.ACTIVE, reserved_until__lte=now)
    checkout_ids = list(
        Checkout.objects.filter(
            orders__lines__reservations__in=lapsed, orders__status=OrderStatus.AWAITING_PAYMENT
        )
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")[:limit]
    )
    for checkout in Checkout.objects.filter(pk__in=checkout_ids).order_by("pk"):
        expire_checkout(checkout, reason=_("The payment deadline has passed."))
    # Anything still active and lapsed belongs to no unpaid order (e.g. data fixed by hand): just release it.
    with transaction.atomic():
        stray = lapsed.exclude(order_line__order__status=OrderStatus.AWAITING_PAYMENT)
        stock_ids = set(stray.values_list("stock_id", flat=True))
        if stray.update(status=ReservationStatus.RELEASED):
            stock_changed.send(sender=Reservation, stock_ids=stock_ids)
    return len(checkout_ids)
