"""Dashboard panel for the marketplace: payment reports that wait for a person (``ExternalReversal``
``needs_attention``), across every store. Administrators get a link to settle each; curators see the same list
read-only (settling moves money between stores' orders), with links to the orders only if they may view orders."""

from django.db.models import Prefetch
from wagtail.admin.ui.components import Component

from catalog.home_selectors import home_store_ids
from catalog.scoping import is_curator
from checkout.models import Order

from .home_selectors import transfers_to_confirm
from .selectors import can_resolve_reversals, open_reversals

SHOWN = 20


class OpenReversalsPanel(Component):
    name = "opop_open_reversals"
    template_name = "payments/admin/open_reversals_panel.html"
    order = 50  # above Wagtail's own panels: money waiting for a decision comes first

    def __init__(self, *, can_settle: bool, can_open_orders: bool):
        self.can_settle, self.can_open_orders = can_settle, can_open_orders

    def get_context_data(self, parent_context):
        waiting = open_reversals()
        orders = Prefetch("attempt__checkout__orders", queryset=Order.objects.order_by("pk"), to_attr="sorted_orders")
        reversals = list(waiting.prefetch_related(orders)[:SHOWN])
        return {
            "reversals": reversals, "total": waiting.count(), "shown": SHOWN,
            "can_settle": self.can_settle, "can_open_orders": self.can_open_orders,
        }


def panels_for(request) -> list:
    user = request.user
    if can_resolve_reversals(user):
        return [OpenReversalsPanel(can_settle=True, can_open_orders=True)]
    if is_curator(user):
        return [OpenReversalsPanel(can_settle=False, can_open_orders=user.has_perm("checkout.view_order"))]
    return []


class TransfersToConfirmPanel(Component):
    """Seller home: bank transfers buyers say they have sent, waiting for the store to check its account."""

    name = "opop_transfers_to_confirm"
    template_name = "payments/admin/home/transfers_to_confirm.html"
    order = 15

    def __init__(self, store_ids: list[int]):
        self.store_ids = store_ids

    def render_html(self, parent_context=None):
        self.todo = transfers_to_confirm(self.store_ids)
        return super().render_html(parent_context) if self.todo.total else ""

    def get_context_data(self, parent_context):
        return {"rows": self.todo.rows, "total": self.todo.total, "shown": len(self.todo.rows)}


def store_home_panels(request) -> list:
    store_ids = home_store_ids(request.user)
    return [TransfersToConfirmPanel(store_ids)] if store_ids else []
