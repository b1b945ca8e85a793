from datetime import date, datetime, time, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .order import Order


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The start and end of ``day`` in the shop's time zone (``TIME_ZONE``)."""
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), zone)
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), zone)


def paid_orders(store, day: date):
    """The store's orders paid on ``day``, oldest first."""
    start, end = day_bounds(day)
    return Order.objects.filter(store=store, paid_at__gte=start, paid_at__lt=end).order_by("paid_at", "pk")


class StoreDigest(models.Model):
    """A store's daily summary of paid orders, recorded once per store and day so it is never sent twice."""

    store = models.ForeignKey("catalog.Store", on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    orders = models.PositiveIntegerField(_("orders"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("daily order summary")
        verbose_name_plural = _("daily order summaries")
        constraints = [models.UniqueConstraint(fields=["store", "day"], name="store_digest_once_a_day")]

    def __str__(self):
        return f"{self.store_id} {self.day}"
