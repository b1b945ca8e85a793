"""Back-in-stock alerts: an address asks to be told when a sold-out variant can be bought again.

``subscribe`` records one waiting alert per (variant, address) (a second request answers ``ALREADY`` and creates
nothing). Every request counts against two fixed windows (``catalog.throttle.FailureCounter``), per address and
per client IP: ``OPOP_STOCK_ALERTS_PER_EMAIL`` (default 5) and ``OPOP_STOCK_ALERTS_PER_IP`` (default 20) within
``OPOP_STOCK_ALERT_WINDOW_MINUTES`` (default 60); past them ``TooManyAlerts`` is raised.

``notify_restocked`` runs after every stock change (``catalog.signal_handlers``: a Stock row saved, or the
checkout's bulk moves through ``catalog.signals.stock_changed``). For each waiting alert whose variant now has
units available it locks the row (``SKIP LOCKED``: a concurrent restock leaves it to whoever holds it), sets
``notified_at`` and queues one e-mail (``catalog.tasks.send_stock_alert``) after commit, in the same transaction.
A second restock finds no waiting alert, so an address gets one e-mail per subscription.
"""

from __future__ import annotations

import enum
import secrets
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ..models import Stock, StockAlert, Variant
from ..selectors import available_quantity, stock_with_available
from ..tasks import send_stock_alert
from ..throttle import FailureCounter


class Subscription(enum.Enum):
    CREATED = "created"
    ALREADY = "already"
    IN_STOCK = "in_stock"


class TooManyAlerts(Exception):
    """This address or client asked for too many alerts within the window."""

    def __init__(self, minutes: int):
        super().__init__(minutes)
        self.minutes = minutes


class NotSubscribable(ValueError):
    """The variant is not one buyers can see."""


def window_minutes() -> int:
    return int(getattr(settings, "OPOP_STOCK_ALERT_WINDOW_MINUTES", 60))


def counters() -> tuple[FailureCounter, FailureCounter]:
    window = window_minutes() * 60
    return (
        FailureCounter("stock-alert-email", int(getattr(settings, "OPOP_STOCK_ALERTS_PER_EMAIL", 5)), window),
        FailureCounter("stock-alert-ip", int(getattr(settings, "OPOP_STOCK_ALERTS_PER_IP", 20)), window),
    )


def _variant(variant_id) -> Variant:
    try:
        pk = int(str(variant_id))
    except (TypeError, ValueError):
        raise NotSubscribable(variant_id) from None
    variant = (
        Variant.objects.select_related("product", "product__store")
        .filter(pk=pk, is_active=True, product__live=True, product__store__is_active=True)
        .first()
    )
    if variant is None:
        raise NotSubscribable(variant_id)
    return variant


def subscribe(
    *, variant_id, email: str, client_ip: str, channel=None, language="id", product_url=""
) -> Subscription:
    """Ask for one e-mail when the variant is back (see the module docstring)."""
    email = email.strip().lower()
    per_email, per_ip = counters()
    if per_email.blocked(email) or per_ip.blocked(client_ip):
        raise TooManyAlerts(window_minutes())
    per_email.fail(email)
    per_ip.fail(client_ip)
    variant = _variant(variant_id)
    if available_quantity(variant.product.store, variant.sku) > 0:
        return Subscription.IN_STOCK
    if StockAlert.objects.filter(variant=variant, email=email, notified_at__isnull=True).exists():
        return Subscription.ALREADY
    try:
        with transaction.atomic():
            StockAlert.objects.create(
                variant=variant,
                email=email,
                channel=channel,
                language=(language or "id")[:10],
                product_url=product_url[:500],
                token=secrets.token_urlsafe(32),
            )
    except IntegrityError:  # the same address, subscribed at the same moment by another request
        return Subscription.ALREADY
    return Subscription.CREATED


def unsubscribe(token: str) -> bool:
    """Forget the alert of this unsubscribe token; ``False`` when there is none (already gone)."""
    if not token:
        return False
    deleted, _ = StockAlert.objects.filter(token=token).delete()
    return bool(deleted)


WAITING = Q(notified_at__isnull=True, variant__is_active=True, variant__product__live=True)
WAITING_FIELDS = ("pk", "variant__product__store_id", "variant__sku")


def _waiting(pairs) -> list[tuple[int, int, str]]:
    """(alert pk, store id, sku) of the waiting alerts on the variants of these (store id, sku) pairs."""
    if not pairs:
        return []
    match = reduce(or_, (Q(variant__product__store_id=store_id, variant__sku=sku) for store_id, sku in pairs))
    return list(StockAlert.objects.filter(match, WAITING).values_list(*WAITING_FIELDS))


def _send_available(waiting) -> int:
    """Of these waiting alerts, mark and queue those whose variant now has units available."""
    if not waiting:
        return 0
    wanted = {(store_id, sku) for _pk, store_id, sku in waiting}
    match = reduce(or_, (Q(store_id=store_id, sku=sku) for store_id, sku in wanted))
    back = set(stock_with_available().filter(match, available__gt=0).values_list("store_id", "sku"))
    ready = [pk for pk, store_id, sku in waiting if (store_id, sku) in back]
    if not ready:
        return 0
    with transaction.atomic():
        locked = list(
            StockAlert.objects.select_for_update(skip_locked=True)
            .filter(pk__in=ready, notified_at__isnull=True)
            .values_list("pk", flat=True)
        )
        StockAlert.objects.filter(pk__in=locked).update(notified_at=timezone.now())
        for pk in locked:
            transaction.on_commit(lambda pk=pk: send_stock_alert.enqueue(pk), robust=True)
    return len(locked)


def notify_restocked(pairs) -> int:
    """Queue the e-mail of every waiting alert on these (store id, sku) pairs that now have units available.
    Returns how many alerts this call marked as notified. One query when no alert waits on them."""
    return _send_available(_waiting(set(pairs)))


def notify_restocked_stock(stock_ids) -> int:
    """``notify_restocked`` for Stock row ids (``catalog.signals.stock_changed``), in one query when no alert
    waits on them (the checkout sends this signal on every placement)."""
    ids = list(stock_ids)
    if not ids:
        return 0
    stock = Stock.objects.filter(
        pk__in=ids, store_id=OuterRef("variant__product__store_id"), sku=OuterRef("variant__sku")
    )
    return _send_available(
        list(StockAlert.objects.filter(Exists(stock), WAITING).values_list(*WAITING_FIELDS))
    )
