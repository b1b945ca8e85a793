from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .store import StoreOwned


class Stock(StoreOwned):
    """Inventory for one SKU of one store.

    Kept apart from the product's revisions on purpose: publishing an older draft of a product must never
    overwrite stock that orders have since taken. ``quantity`` is what is on the shelf, ``quantity_allocated``
    what paid orders hold; active reservations (checkout.Reservation) hold the rest while buyers pay.
    """

    sku = models.CharField(_("SKU"), max_length=64)
    quantity = models.PositiveIntegerField(_("stock on hand"), default=0)
    quantity_allocated = models.PositiveIntegerField(_("allocated (paid)"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("stock")
        verbose_name_plural = _("stock")
        ordering = ["store", "sku"]
        constraints = [
            models.UniqueConstraint(fields=["store", "sku"], name="stock_unique_sku_per_store"),
            models.CheckConstraint(condition=Q(quantity_allocated__lte=models.F("quantity")), name="stock_allocated_lte_quantity"),
        ]

    def __str__(self):
        return f"{self.sku}: {self.quantity}"
