from django.conf import settings
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from catalog.links import LinkValidator, normalise_link
from catalog.phones import normalise_whatsapp
from catalog.validators import validate_slug_is_free

# The store's pages elsewhere: (field name, label shown to buyers). Absolute https/http addresses only.
SOCIAL_LINK_FIELDS = (
    ("instagram_url", "Instagram"),
    ("tiktok_url", "TikTok"),
    ("facebook_url", "Facebook"),
    ("shopee_url", "Shopee"),
    ("tokopedia_url", "Tokopedia"),
    ("website_url", _("Website")),
)


def _social_link(verbose_name, example):
    return models.CharField(
        verbose_name,
        max_length=200,
        blank=True,
        validators=[LinkValidator(relative=False)],
        help_text=format_lazy(_("The full address, for example {example}"), example=example),
    )


class StoreQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_user(self, user):
        """The stores a user may manage: all for superusers, their groups' stores for editors."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(editors_group__in=user.groups.all())


class Store(models.Model):
    """One pesantren's shop inside the marketplace. Every store-owned row traces back to one of these."""

    name = models.CharField(_("store name"), max_length=120)
    slug = models.SlugField(
        _("slug"), unique=True, max_length=60, help_text=_("The store's address: opop.example/<slug>/. "
                                                           "Lowercase letters and hyphens.")
    )
    legal_seller = models.CharField(
        _("legal seller"), max_length=200, help_text=_("The seller's legal entity, usually the "
                                                        "pesantren's cooperative.")
    )
    story = models.TextField(_("short story"), blank=True)
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact_email = models.EmailField(_("contact e-mail"))
    whatsapp = models.CharField(
        _("WhatsApp number"), max_length=20, help_text=_("For example: 0812-3456-7890. Stored as +62…")
    )
    instagram_url = _social_link("Instagram", "https://www.instagram.com/kopi.annur/")
    tiktok_url = _social_link("TikTok", "https://www.tiktok.com/@kopi.annur")
    facebook_url = _social_link("Facebook", "https://www.facebook.com/kopi.annur")
    shopee_url = _social_link("Shopee", "https://shopee.co.id/kopi.annur")
    tokopedia_url = _social_link("Tokopedia", "https://www.tokopedia.com/kopi-annur")
    website_url = _social_link(_("website"), "https://annur.sch.id/")
    origin_address = models.TextField(_("shipping origin address"), blank=True)
    origin_province_code = models.CharField(_("origin province code"), max_length=13, blank=True)
    origin_regency_code = models.CharField(_("origin regency/city code"), max_length=13, blank=True)
    origin_postcode = models.CharField(_("origin postcode"), max_length=5, blank=True)
    is_pkp = models.BooleanField(
        _("PKP (VAT-registered business)"),
        default=False,
        help_text=_("Tick if the store is PKP-registered: 11% PPN is added at checkout."),
    )
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Inactive stores are hidden from buyers."))
    order_notifications = models.CharField(
        _("new order e-mails"),
        max_length=8,
        choices=[("each", _("An e-mail for each paid order")), ("daily", _("One e-mail a day with yesterday's orders"))],
        default="each",
        help_text=_("Sent to the contact e-mail. The daily summary arrives in the morning."),
    )
    low_stock_threshold = models.PositiveIntegerField(
        _("low-stock threshold"),
        default=5,
        help_text=_("The admin home lists the variants with this many units or fewer available."),
    )
    editors_group = models.OneToOneField(
        "auth.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="store", editable=False
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection", null=True, blank=True, on_delete=models.SET_NULL, related_name="store", editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = StoreQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("store")
        verbose_name_plural = _("store")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.whatsapp:
            self.whatsapp = normalise_whatsapp(self.whatsapp)
        for name, _label in SOCIAL_LINK_FIELDS:
            setattr(self, name, normalise_link(getattr(self, name)))
        if self.slug:
            validate_slug_is_free(self.slug)

    @property
    def social_links(self) -> list[tuple[str, str]]:
        """``(label, address)`` of the store's pages elsewhere that are filled in, for the storefront footer."""
        return [(str(label), getattr(self, name)) for name, label in SOCIAL_LINK_FIELDS if getattr(self, name)]

    @property
    def whatsapp_link(self) -> str:
        return f"https://wa.me/{self.whatsapp.lstrip('+')}" if self.whatsapp else ""


class StoreOwned(models.Model):
    """Abstract base for rows that belong to exactly one store (scoped in the admin by ``catalog.scoping``)."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, verbose_name=_("store"))

    store_path = "store"  # lookup from this model to its Store, used by the scoping mechanism

    class Meta:
        abstract = True
