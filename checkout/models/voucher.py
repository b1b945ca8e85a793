from django.db import models
from django.utils.translation import gettext_lazy as _


class Voucher(models.Model):
    """Store voucher (``store`` set) or marketplace voucher (``store`` empty)."""

    class Kind(models.TextChoices):
        PERCENT = "percent", _("Persen")
        FIXED = "fixed", _("Potongan tetap")

    store = models.ForeignKey("catalog.Store", null=True, blank=True, on_delete=models.CASCADE, related_name="vouchers")
    store_path = "store"
    code = models.CharField(_("kode"), max_length=40)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    value = models.DecimalField(_("nilai"), max_digits=14, decimal_places=2)
    channel = models.ForeignKey("catalog.Channel", on_delete=models.CASCADE, related_name="+")
    min_spend = models.DecimalField(_("belanja minimum"), max_digits=14, decimal_places=2, default=0)
    usage_limit = models.PositiveIntegerField(_("batas pemakaian"), null=True, blank=True)
    used_count = models.PositiveIntegerField(_("sudah dipakai"), default=0)
    starts_at = models.DateTimeField(_("berlaku mulai"), null=True, blank=True)
    ends_at = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("voucher")
        constraints = [models.UniqueConstraint(fields=["code", "channel"], name="voucher_unique_code_per_channel")]

    def __str__(self):
        return self.code


class VoucherRedemption(models.Model):
    voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE, related_name="redemptions")
    order = models.ForeignKey("checkout.Order", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["voucher", "order"], name="voucher_once_per_order")]

    def __str__(self):
        return f"{self.voucher_id} → {self.order_id}"
