"""Dashboard panel for marketplace admins: payment reports that wait for a person (``ExternalReversal``
``needs_attention``), across every store, with a link to settle each."""

from django.db.models import Prefetch
from wagtail.admin.ui.components import Component

from checkout.models import Order

from .selectors import can_resolve_reversals, open_reversals

SHOWN = 20


class OpenReversalsPanel(Component):
    name = "opop_open_reversals"
    template_name = "payments/admin/open_reversals_panel.html"
    order = 50  # above Wagtail's own panels: money waiting for a decision comes first

    def get_context_data(self, parent_context):
        waiting = open_reversals()
        orders = Prefetch("attempt__checkout__orders", queryset=Order.objects.order_by("pk"), to_attr="sorted_orders")
        reversals = list(waiting.prefetch_related(orders)[:SHOWN])
        return {"reversals": reversals, "total": waiting.count(), "shown": SHOWN}


def panels_for(request) -> list:
    return [OpenReversalsPanel()] if can_resolve_reversals(request.user) else []
