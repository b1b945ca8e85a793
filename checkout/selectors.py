"""Read queries shared by buyer pages and the admin."""

from __future__ import annotations

from .models import Order, OrderStatus


def order_timeline(order: Order) -> list:
    """Status changes, oldest first, as (event, label) pairs for the buyer's page."""
    events = order.events.filter(type__in=["placed", "status"]).order_by("created_at", "pk")
    return [(e, OrderStatus(e.to_status).label if e.to_status else "") for e in events]


def orders_for_editor(user):
    """Orders the user may manage in the admin: their stores' orders; all for superusers."""
    return Order.objects.for_user_stores(user).select_related("store", "checkout")
