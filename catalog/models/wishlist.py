from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class WishlistItem(models.Model):
    """A product a logged-in buyer saved. Guests keep their saved product ids in the session
    (``catalog.services.wishlist``); they are merged into these rows when the buyer logs in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wishlist_items"
    )
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved product")
        verbose_name_plural = _("saved products")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "product"], name="wishlist_unique_product_per_user")
        ]

    def __str__(self):
        return f"{self.user_id}: {self.product_id}"


class StockAlert(models.Model):
    """An address waiting for a sold-out variant to come back (``catalog.services.stock_alerts``).

    At most one waiting alert per (variant, address); ``notified_at`` is set in the same statement that decides to
    send the one e-mail, so a second restock (or two at once) never sends again. ``product_url`` is the absolute
    address of the product page the buyer subscribed from (the catalog knows no page URLs), ``language`` the
    language the e-mail is written in, ``token`` the secret of the unsubscribe link.
    """

    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("e-mail"))
    channel = models.ForeignKey("catalog.Channel", null=True, on_delete=models.SET_NULL, related_name="+")
    language = models.CharField(max_length=10, default="id")
    product_url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("back-in-stock alert")
        verbose_name_plural = _("back-in-stock alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["variant", "email"],
                condition=Q(notified_at__isnull=True),
                name="stock_alert_one_waiting",
            )
        ]
        indexes = [
            models.Index(
                fields=["variant"], condition=Q(notified_at__isnull=True), name="stock_alert_waiting"
            )
        ]

    def __str__(self):
        return f"{self.email}: {self.variant_id}"
