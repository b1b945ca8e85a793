from django.db import models
from django.utils.translation import gettext_lazy as _


class ReservationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ALLOCATED = "allocated", _("Allocated")
    RELEASED = "released", _("Released")


class Reservation(models.Model):
    """Units held for an order line while the buyer pays, for as long as the payment method stays payable."""

    stock = models.ForeignKey("catalog.Stock", on_delete=models.CASCADE, related_name="reservations")
    order_line = models.ForeignKey("checkout.OrderLine", on_delete=models.CASCADE, related_name="reservations")
    quantity = models.PositiveIntegerField()
    reserved_until = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=12, choices=ReservationStatus.choices, default=ReservationStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["stock", "status", "reserved_until"])]

    def __str__(self):
        return f"{self.quantity} × stock {self.stock_id} ({self.status})"
