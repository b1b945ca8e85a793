from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import StoreOwned


class ShippingRate(StoreOwned):
    """One row of a store's rate table: destination (province or regency; blank = everywhere), weight band, price."""

    name = models.CharField(_("nama layanan"), max_length=80, help_text=_("Misalnya 'JNE REG' atau 'Ambil di pondok'."))
    channel = models.ForeignKey("catalog.Channel", on_delete=models.CASCADE, related_name="+")
    is_pickup = models.BooleanField(_("ambil di pesantren"), default=False)
    destination_country = models.CharField(_("negara tujuan"), max_length=2, default="ID")
    destination_province_code = models.CharField(_("provinsi tujuan"), max_length=13, blank=True)
    destination_regency_code = models.CharField(_("kabupaten/kota tujuan"), max_length=13, blank=True)
    max_weight_grams = models.PositiveIntegerField(_("berat maksimum (gram)"), null=True, blank=True)
    price = models.DecimalField(_("tarif"), max_digits=14, decimal_places=2)
    free_above = models.DecimalField(_("gratis di atas"), max_digits=14, decimal_places=2, null=True, blank=True)
    estimated_days = models.CharField(_("estimasi"), max_length=20, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["store", "channel", "price"]
        verbose_name = _("tarif kirim")
        verbose_name_plural = _("tarif kirim")

    def __str__(self):
        return self.name
