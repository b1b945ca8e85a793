"""Dashboard panel for marketplace admins: payment reports that wait for a person (``ExternalReversal``
``needs_attention``), across every store, with a link to settle each."""

from wagtail.admin.ui.components import Component

from .models import ExternalReversal
from .selectors import can_resolve_reversals

SHOWN = 20


class OpenReversalsPanel(Component):
    name = "opop_open_reversals"
    template_name = "payments/admin/open_reversals_panel.html"
    order = 50  # above Wagtail's own panels: money waiting for a decision comes first

    def get_context_data(self, parent_context):
        open_ = ExternalReversal.objects.filter(outcome=ExternalReversal.Outcome.NEEDS_ATTENTION)
        reversals = list(open_.order_by("created_at", "pk").select_related("attempt").prefetch_related("attempt__checkout__orders")[:SHOWN])
        for reversal in reversals:
            reversal.orders = sorted(reversal.attempt.checkout.orders.all(), key=lambda o: o.pk)
        return {"reversals": reversals, "total": open_.count(), "shown": SHOWN}


def panels_for(request) -> list:
    return [OpenReversalsPanel()] if can_resolve_reversals(request.user) else []
