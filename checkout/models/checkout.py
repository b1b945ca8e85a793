import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.money import money_of


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Checkout(models.Model):
    """What the buyer pays once: one or more store orders, one payment.

    ``idempotency_key`` comes from the checkout form, so a double submit, a back button or a retry finds the
    same Checkout (and its orders) instead of creating new ones.
    """

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    idempotency_key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="checkouts"
    )
    # The cart it was placed from: the cart page finds a buyer's unpaid checkout through it even when the
    # placing request died after the commit (no page, and the session never heard of the checkout).
    cart = models.ForeignKey(
        "checkout.Cart", null=True, blank=True, on_delete=models.SET_NULL, related_name="checkouts", editable=False
    )
    channel = models.ForeignKey("catalog.Channel", on_delete=models.PROTECT, related_name="+")
    currency = models.CharField(max_length=3)
    language = models.CharField(max_length=8, default="id")
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=20)
    # Shipping address (Indonesian hierarchy or international)
    recipient_name = models.CharField(_("recipient's name"), max_length=120)
    country = models.CharField(_("country"), max_length=2, default="ID")
    province_code = models.CharField(max_length=13, blank=True)
    regency_code = models.CharField(max_length=13, blank=True)
    district_code = models.CharField(max_length=13, blank=True)
    village_code = models.CharField(max_length=13, blank=True)
    region_label = models.CharField(_("region"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    street_address = models.TextField(_("address"))
    gateway = models.CharField(_("payment method"), max_length=32, blank=True)
    payment_method = models.CharField(max_length=32, blank=True, help_text="e.g. qris, bank_transfer, card")
    total = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    terms_version = models.CharField(max_length=32)
    consented_at = models.DateTimeField()
    # The legal pages' live revisions when the buyer agreed (``checkout.legal_port``): plain ids, not foreign keys,
    # so checkout needs no cms and a purged or later revision never changes what this consent points at.
    terms_page_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    terms_revision_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    privacy_page_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    privacy_revision_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    #: What the buyer pays for every store order of the checkout, as ``catalog.money.Money``.
    total_money = money_of("total")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("checkout")
        verbose_name_plural = _("checkout")

    def __str__(self):
        return f"{self.email} {self.created_at:%Y-%m-%d}"
