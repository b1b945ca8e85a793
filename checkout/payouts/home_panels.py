"""Admin home panels: the balance owed to the editor's store(s), and the marketplace's totals for administrators.
Which home a user gets: ``catalog.home_selectors.home_store_ids``."""

from __future__ import annotations

from wagtail.admin.ui.components import Component

from catalog.home_selectors import home_store_ids

from . import selectors


class BalanceOwedPanel(Component):
    name = "opop_balance_owed"
    template_name = "payouts/admin/home/balance_owed.html"
    order = 40

    def __init__(self, store_ids: list[int]):
        self.store_ids = store_ids

    def get_context_data(self, parent_context):
        balances = selectors.balances_of(self.store_ids)
        return {"rows": list(balances.values()), "several": len(balances) > 1}


class MarketplacePayoutsPanel(Component):
    name = "opop_marketplace_payouts"
    template_name = "payouts/admin/home/marketplace_payouts.html"
    order = 45

    def get_context_data(self, parent_context):
        return {"totals": selectors.marketplace_totals()}


def payout_home_panels(request) -> list[Component]:
    store_ids = home_store_ids(request.user)
    if store_ids is None:
        return [MarketplacePayoutsPanel()]
    if not store_ids:
        return []
    return [BalanceOwedPanel(store_ids)]
