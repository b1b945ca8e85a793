from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import StoreOwned
from catalog.money import NotNegative, amount_errors
from catalog.translated import ENGLISH_HELP, TranslatedTexts


class ShippingRate(TranslatedTexts, StoreOwned):
    """One row of a store's rate table: destination (province or regency; blank = everywhere), weight band, price."""

    name = models.CharField(_("service name"), max_length=80, help_text=_("For example 'JNE REG' or 'Pick up at "
                                                                          "the pesantren'."))
    name_en = models.CharField(_("service name in English"), max_length=80, blank=True, help_text=ENGLISH_HELP)
    channel = models.ForeignKey("catalog.Channel", on_delete=models.CASCADE, related_name="+")
    is_pickup = models.BooleanField(_("pick up at the pesantren"), default=False)
    destination_country = models.CharField(_("destination countries"), max_length=2, default="ID")
    destination_province_code = models.CharField(_("destination province"), max_length=13, blank=True)
    destination_regency_code = models.CharField(_("destination regency/city"), max_length=13, blank=True)
    max_weight_grams = models.PositiveIntegerField(_("maximum weight (grams)"), null=True, blank=True)
    price = models.DecimalField(_("rate"), max_digits=14, decimal_places=2, validators=[NotNegative()])
    free_above = models.DecimalField(
        _("free above"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[NotNegative()]
    )
    estimated_days = models.CharField(_("estimate"), max_length=20, blank=True, help_text=_("For example '2-3 hari'."))
    estimated_days_en = models.CharField(
        _("estimate in English"), max_length=20, blank=True, help_text=_("For example '5-7 days'.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    translated_fields = ("name", "estimated_days")

    class Meta:
        ordering = ["store", "channel", "price"]
        verbose_name = _("shipping rate")
        verbose_name_plural = _("shipping rate")
        # A negative rate would make the buyer underpay the store (issue 10, finding 2): never in the database.
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="shipping_rate_price_not_negative"),
            models.CheckConstraint(
                condition=Q(free_above__isnull=True) | Q(free_above__gte=0), name="shipping_rate_free_above_not_negative"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        """Whole rupiah for an IDR channel (the field validators already refused a negative amount)."""
        errors = amount_errors(self, ("price", "free_above"), self.channel.currency) if self.channel_id else {}
        if errors:
            raise ValidationError(errors)
