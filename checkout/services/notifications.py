"""E-mails to buyers and stores. Service functions call these inside their transaction; the mail is queued
as a background task only after commit, so a rolled-back change never sends anything."""

from __future__ import annotations

from django.db import transaction

from ..tasks import send_order_email

BUYER_KINDS = {"placed", "paid", "shipped", "delivered", "cancelled"}


def _enqueue(kind: str, order_id: int) -> None:
    transaction.on_commit(lambda: send_order_email.enqueue(kind, order_id))


def notify_buyer(order, kind: str) -> None:
    if kind in BUYER_KINDS:
        _enqueue(str(kind), order.pk)


def notify_store_paid(order) -> None:
    """An e-mail per paid order, unless the store chose the daily summary (``services.digests``)."""
    if order.store.order_notifications == "daily":
        return
    _enqueue("store_paid", order.pk)
