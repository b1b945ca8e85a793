from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from catalog.money import NotNegative, amount_errors

PERCENT_TOO_HIGH = _("A percent voucher can take off at most 100 percent.")


class Voucher(models.Model):
    """Store voucher (``store`` set) or marketplace voucher (``store`` empty)."""

    class Kind(models.TextChoices):
        PERCENT = "percent", _("Percent")
        FIXED = "fixed", _("Fixed amount")

    store = models.ForeignKey("catalog.Store", null=True, blank=True, on_delete=models.CASCADE, related_name="vouchers")
    store_path = "store"
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    value = models.DecimalField(
        _("value"), max_digits=14, decimal_places=2, validators=[NotNegative()],
        help_text=_("A percentage (at most 100) or an amount in the channel's currency."),
    )
    channel = models.ForeignKey("catalog.Channel", on_delete=models.CASCADE, related_name="+")
    min_spend = models.DecimalField(
        _("minimum spend"), max_digits=14, decimal_places=2, default=0, validators=[NotNegative()]
    )
    usage_limit = models.PositiveIntegerField(_("usage limit"), null=True, blank=True)
    used_count = models.PositiveIntegerField(_("times used"), default=0)
    starts_at = models.DateTimeField(_("valid from"), null=True, blank=True)
    ends_at = models.DateTimeField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("voucher")
        # A store's codes are unique within the store (any case): another store may use the same code, so the
        # admin's "already exists" never confirms another store's code. Marketplace codes are unique among
        # themselves; at checkout a store voucher of a store in the cart wins over a marketplace one.
        constraints = [
            models.UniqueConstraint(
                Lower("code"), F("channel"), F("store"), condition=Q(store__isnull=False),
                name="voucher_unique_code_per_store",
                violation_error_message=_("Your store already has a voucher with this code in this channel."),
            ),
            models.UniqueConstraint(
                Lower("code"), F("channel"), condition=Q(store__isnull=True),
                name="voucher_unique_marketplace_code",
                violation_error_message=_("A marketplace voucher with this code already exists in this channel."),
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="voucher_value_not_negative"),
            models.CheckConstraint(condition=Q(min_spend__gte=0), name="voucher_min_spend_not_negative"),
            models.CheckConstraint(
                condition=~Q(kind="percent") | Q(value__lte=100), name="voucher_percent_at_most_100",
                violation_error_message=PERCENT_TOO_HIGH,
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def is_percent(self) -> bool:
        return self.kind == self.Kind.PERCENT

    def clean(self):
        """At most 100 for a percent voucher; whole rupiah for a fixed amount and the minimum spend in IDR."""
        errors = {}
        if self.kind == self.Kind.PERCENT and self.value is not None and self.value > 100:
            errors["value"] = ValidationError(PERCENT_TOO_HIGH, code="percent_too_high")
        money = ["min_spend"] + (["value"] if self.kind == self.Kind.FIXED else [])
        if self.channel_id:
            errors = amount_errors(self, [n for n in money if n not in errors], self.channel.currency) | errors
        if errors:
            raise ValidationError(errors)


class VoucherRedemption(models.Model):
    voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE, related_name="redemptions")
    order = models.ForeignKey("checkout.Order", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["voucher", "order"], name="voucher_once_per_order")]

    def __str__(self):
        return f"{self.voucher_id} → {self.order_id}"
