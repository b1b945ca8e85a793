"""Admin home panels of the catalog: what a store's products need today (low stock, no photo, halal certificate
ending). Shown to store editors only, for their own stores (``home_selectors``); a panel with nothing to do is not
shown."""

from __future__ import annotations

from django.utils import timezone
from wagtail.admin.ui.components import Component

from catalog import home_selectors as selectors
from catalog import setup_checklist


class StoreHomePanel(Component):
    """A to-do list of the stores ``store_ids``, from one selector that returns ``Listed``."""

    name = ""
    order = 100

    def __init__(self, store_ids: list[int]):
        self.store_ids = store_ids

    def listed(self) -> selectors.Listed:
        raise NotImplementedError

    def render_html(self, parent_context=None):
        self.todo = self.listed()
        return super().render_html(parent_context) if self.todo.total else ""

    def get_context_data(self, parent_context):
        return {"rows": self.todo.rows, "total": self.todo.total, "shown": len(self.todo.rows)}


class LowStockPanel(StoreHomePanel):
    name = "opop_low_stock"
    template_name = "catalog/admin/home/low_stock.html"
    order = 40

    def listed(self):
        return selectors.low_stock(self.store_ids)


class ProductsWithoutPhotosPanel(StoreHomePanel):
    name = "opop_products_without_photos"
    template_name = "catalog/admin/home/products_without_photos.html"
    order = 50

    def listed(self):
        return selectors.products_without_photos(self.store_ids)


class ExpiringHalalPanel(StoreHomePanel):
    name = "opop_expiring_halal"
    template_name = "catalog/admin/home/expiring_halal.html"
    order = 60

    def listed(self):
        return selectors.expiring_halal_certificates(self.store_ids)

    def get_context_data(self, parent_context):
        return {
            **super().get_context_data(parent_context),
            "today": timezone.localdate(),
            "days": selectors.HALAL_WARNING_DAYS,
        }


class SetupChecklistPanel(Component):
    """What a new store still needs (``catalog.setup_checklist``); not shown once every item is done."""

    template_name = "catalog/admin/home/setup_checklist.html"
    order = 5

    def __init__(self, store):
        self.store = store
        self.name = f"opop_setup_checklist_{store.pk}"

    def render_html(self, parent_context=None):
        self.items = setup_checklist.checklist(self.store)
        return "" if all(item.done for item in self.items) else super().render_html(parent_context)

    def get_context_data(self, parent_context):
        done = sum(1 for item in self.items if item.done)
        return {"store": self.store, "items": self.items, "done": done, "total": len(self.items)}


def catalog_home_panels(request) -> list[Component]:
    store_ids = selectors.home_store_ids(request.user)
    if not store_ids:
        return []
    checklists = [SetupChecklistPanel(store) for store in selectors.home_stores(request.user)]
    return [*checklists, LowStockPanel(store_ids), ProductsWithoutPhotosPanel(store_ids), ExpiringHalalPanel(store_ids)]
