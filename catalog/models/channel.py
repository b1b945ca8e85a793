from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.Model):
    """Saleor's channel: fixes the currency, the countries it ships to, the language and the payment gateways."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=80)
    currency = models.CharField(_("currency"), max_length=3, help_text=_("ISO 4217 code, for example IDR or MYR."))
    language = models.CharField(_("language"), max_length=8, default="id")
    default_country = models.CharField(_("main country"), max_length=2, default="ID")
    countries = models.CharField(
        _("destination countries"), max_length=255, default="ID", help_text=_("Country codes separated by commas, "
                                                                      "for example ID or MY,SG.")
    )
    payment_gateways = models.CharField(
        _("payment gateways"),
        max_length=255,
        default="manual",
        help_text=_("Gateways offered, in order, separated by commas: midtrans, stripe, manual."),
    )
    payment_window_minutes = models.PositiveSmallIntegerField(
        _("payment window (minutes)"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(24 * 60)],
        help_text=_(
            "How long a buyer may take to pay by card, e-wallet, QRIS or virtual account; the items stay reserved "
            "for as long, and the payment provider closes the payment at the same moment."
        ),
    )
    transfer_window_hours = models.PositiveSmallIntegerField(
        _("bank transfer deadline (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(72)],
        help_text=_("How long a buyer paying by manual bank transfer may take; the items stay reserved for as long."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("sales channel")
        verbose_name_plural = _("sales channel")

    def __str__(self):
        return f"{self.name} ({self.currency})"

    @property
    def country_list(self) -> list[str]:
        return [c.strip().upper() for c in self.countries.split(",") if c.strip()]

    @property
    def gateway_list(self) -> list[str]:
        return [g.strip() for g in self.payment_gateways.split(",") if g.strip()]
