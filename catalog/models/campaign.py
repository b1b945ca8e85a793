"""Campaign links a store makes in the admin (``catalog.services.campaigns``): a short address ``/c/<code>/`` that
a seller shares on WhatsApp, Instagram, a flyer's QR code…; visits through it are counted per day and the orders
they lead to carry the campaign (``checkout.Order.campaign``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .store import StoreOwned

CODE_MAX_LENGTH = 40


class CampaignSource(models.TextChoices):
    WHATSAPP = "whatsapp", "WhatsApp"
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    TIKTOK = "tiktok", "TikTok"
    FLYER = "flyer", _("Flyer / QR code")
    OTHER = "other", pgettext_lazy("campaign source", "Other")


class Campaign(StoreOwned):
    """One link a store shares somewhere. ``code`` is the link's address (``/c/<code>/``) and never changes once
    made: printed QR codes point at it. The landing is the store's storefront, or ``product`` when set."""

    name = models.CharField(_("campaign name"), max_length=80)
    source = models.CharField(_("source"), max_length=20, choices=CampaignSource.choices)
    code = models.SlugField(
        _("link code"),
        max_length=CODE_MAX_LENGTH,
        unique=True,
        blank=True,
        help_text=_("The end of the link (letters, digits and hyphens). Leave empty to make it from the name. "
                    "It cannot change later: printed QR codes point at it."),
    )
    product = models.ForeignKey(
        "catalog.Product",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("landing product"),
        help_text=_("Empty: the link opens your storefront."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("An inactive link still opens the page but counts no visits.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name


class CampaignVisitDay(models.Model):
    """How many sessions arrived through a campaign link on one day (WIB). Counts only: nothing about the
    visitor is kept."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="visit_days")
    day = models.DateField()
    visits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "day"], name="campaign_visit_one_row_per_day")]

    def __str__(self):
        return f"{self.campaign_id} {self.day}: {self.visits}"
