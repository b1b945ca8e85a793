from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.Model):
    """Saleor's channel: fixes the currency, the countries it ships to, the language and the payment gateways."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("nama"), max_length=80)
    currency = models.CharField(_("mata uang"), max_length=3, help_text=_("Kode ISO 4217, misalnya IDR atau MYR."))
    language = models.CharField(_("bahasa"), max_length=8, default="id")
    default_country = models.CharField(_("negara utama"), max_length=2, default="ID")
    countries = models.CharField(
        _("negara tujuan"), max_length=255, default="ID", help_text=_("Kode negara dipisah koma, misalnya ID atau MY,SG.")
    )
    payment_gateways = models.CharField(
        _("gateway pembayaran"),
        max_length=255,
        default="manual",
        help_text=_("Urutan gateway yang ditawarkan, dipisah koma: midtrans, stripe, manual."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("kanal penjualan")
        verbose_name_plural = _("kanal penjualan")

    def __str__(self):
        return f"{self.name} ({self.currency})"

    @property
    def country_list(self) -> list[str]:
        return [c.strip().upper() for c in self.countries.split(",") if c.strip()]

    @property
    def gateway_list(self) -> list[str]:
        return [g.strip() for g in self.payment_gateways.split(",") if g.strip()]
