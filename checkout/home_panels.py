"""Admin home panels of the orders: the seller's orders to ship and week's sales; the marketplace's sales per
currency and the stores whose buyers wait. Which home a user gets: ``catalog.home_selectors.home_stores``."""

from __future__ import annotations

from wagtail.admin.ui.components import Component

from catalog.home_selectors import home_store_ids
from checkout import home_selectors as selectors


class OrdersToShipPanel(Component):
    """Always shown to a store editor: the empty state says there is nothing to ship."""

    name = "opop_orders_to_ship"
    template_name = "checkout/admin/home/orders_to_ship.html"
    order = 10

    def __init__(self, store_ids: list[int]):
        self.store_ids = store_ids

    def get_context_data(self, parent_context):
        todo = selectors.orders_to_ship(self.store_ids)
        rows = [(order, order.paid_at or order.created_at) for order in todo.rows]
        return {"rows": rows, "total": todo.total, "shown": len(rows)}


class WeeklySalesPanel(Component):
    name = "opop_weekly_sales"
    template_name = "checkout/admin/home/weekly_sales.html"
    order = 30

    def __init__(self, store_ids: list[int] | None):
        self.store_ids = store_ids

    def get_context_data(self, parent_context):
        return {"sales": selectors.weekly_sales(self.store_ids), "marketplace": self.store_ids is None}


class StoresNeedingAttentionPanel(Component):
    name = "opop_stores_needing_attention"
    template_name = "checkout/admin/home/stores_needing_attention.html"
    order = 20

    def get_context_data(self, parent_context):
        return {"stores": selectors.stores_needing_attention(), "days": selectors.WAITING_TOO_LONG.days}


def checkout_home_panels(request) -> list[Component]:
    store_ids = home_store_ids(request.user)
    if store_ids is None:
        return [StoresNeedingAttentionPanel(), WeeklySalesPanel(None)]
    if not store_ids:
        return []
    return [OrdersToShipPanel(store_ids), WeeklySalesPanel(store_ids)]
