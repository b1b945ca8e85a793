from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, PreviewableMixin, RevisionMixin
from wagtail.search import index

from catalog.money import NotNegative, validate_amount
from catalog.translated import ENGLISH_HELP, TranslatedTexts
from catalog.validators import (
    validate_bpom_number,
    validate_gtin,
    validate_halal_number,
    validate_pirt_number,
)

from .stock import Stock
from .store import StoreOwned


class Attribute(models.Model):
    """A variant option or product attribute, e.g. Ukuran, Rasa, Warna."""

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("attribute")
        verbose_name_plural = _("attribute")

    def __str__(self):
        return self.name


class AttributeValue(models.Model):
    attribute = models.ForeignKey(Attribute, related_name="values", on_delete=models.CASCADE)
    value = models.CharField(_("value"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80)

    class Meta:
        ordering = ["attribute", "pk"]
        constraints = [models.UniqueConstraint(fields=["attribute", "slug"], name="attribute_value_unique_slug")]
        verbose_name = _("attribute value")
        verbose_name_plural = _("attribute value")

    def __str__(self):
        return f"{self.attribute.name}: {self.value}"


class ProductType(ClusterableModel):
    """Kind of product (Kopi kaleng, Batik tulis, Madu): which options its variants vary by."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), unique=True)
    variant_attributes = ParentalManyToManyField(
        Attribute, blank=True, related_name="+", verbose_name=_("variant options")
    )
    requires_compliance = models.BooleanField(
        _("requires a food permit"),
        default=False,
        help_text=_("Products of this type need a halal, P-IRT or BPOM number before they are published."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("product type")
        verbose_name_plural = _("product type")

    def __str__(self):
        return self.name


class ProductQuerySet(models.QuerySet):
    def live(self):
        """Published products of active stores: what buyers may see."""
        return self.filter(live=True, store__is_active=True)

    def for_store(self, store):
        return self.filter(store=store)

    def in_stock(self):
        return self.filter(
            Exists(
                Stock.objects.filter(
                    store_id=OuterRef("store_id"),
                    sku__in=Variant.objects.filter(product_id=OuterRef(OuterRef("pk"))).values("sku"),
                    quantity__gt=models.F("quantity_allocated"),
                )
            )
        )

    def halal(self):
        return self.exclude(halal_cert_no="")


class Product(
    TranslatedTexts, StoreOwned, LockableMixin, DraftStateMixin, RevisionMixin, PreviewableMixin, index.Indexed, ClusterableModel
):
    """A product of one store, edited as a snippet with drafts, revisions, preview and scheduled publishing.

    Variants, their channel prices and images are child objects of the product, so they are part of its
    revisions: a draft price change goes live when the product is published. Stock is not (see ``Stock``).
    """

    title = models.CharField(_("product name"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=160, help_text=_("Part of the product's address: "
                                                                   "/<store>/p/<slug>/."))
    summary = models.CharField(_("summary"), max_length=255, blank=True, help_text=_("One sentence for product listings."))
    description = RichTextField(_("description"), blank=True, features=["bold", "italic", "ol", "ul", "link", "h3"])
    title_en = models.CharField(_("product name in English"), max_length=160, blank=True, help_text=ENGLISH_HELP)
    summary_en = models.CharField(_("summary in English"), max_length=255, blank=True, help_text=ENGLISH_HELP)
    description_en = RichTextField(
        _("description in English"), blank=True, features=["bold", "italic", "ol", "ul", "link", "h3"],
        help_text=ENGLISH_HELP,
    )
    category = models.ForeignKey(
        "catalog.Category", null=True, blank=True, on_delete=models.SET_NULL, related_name="products",
        verbose_name=_("category"),
    )
    product_type = models.ForeignKey(
        ProductType, null=True, blank=True, on_delete=models.SET_NULL, related_name="products",
        verbose_name=_("product type"),
    )
    halal_cert_no = models.CharField(
        _("halal certificate number"), max_length=40, blank=True, validators=[validate_halal_number],
        help_text=_("Issued by BPJPH, for example: ID35110000123450823."),
    )
    halal_valid_until = models.DateField(_("halal valid until"), null=True, blank=True)
    halal_certificate = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("halal certificate file"),
    )
    pirt_number = models.CharField(
        _("P-IRT number"), max_length=20, blank=True, validators=[validate_pirt_number],
        help_text=_("15 digits, for example: 2063507010123-28."),
    )
    bpom_number = models.CharField(
        _("BPOM number"), max_length=30, blank=True, validators=[validate_bpom_number],
        help_text=_("MD or ML followed by 12 digits, for example: BPOM RI MD 235602169254."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProductQuerySet.as_manager()
    translated_fields = ("title", "summary", "description")

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("title_en", boost=3),
        index.AutocompleteField("title"),
        index.AutocompleteField("title_en"),
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("summary_en"),
        index.SearchField("description_en"),
        index.FilterField("store_id"),
        index.FilterField("category_id"),
        index.FilterField("live"),
        index.RelatedFields("store", [index.SearchField("name")]),
        index.RelatedFields("category", [index.SearchField("name")]),
    ]

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("product")
        verbose_name_plural = _("product")
        constraints = [models.UniqueConstraint(fields=["store", "slug"], name="product_unique_slug_per_store")]

    def __str__(self):
        return self.title

    @property
    def needs_compliance(self) -> bool:
        return bool(
            (self.product_type_id and self.product_type.requires_compliance)
            or (self.category_id and self.category.is_food)
        )

    @property
    def has_compliance_number(self) -> bool:
        return bool(self.halal_cert_no or self.pirt_number or self.bpom_number)

    def get_url_path(self) -> str:
        return f"/{self.store.slug}/p/{self.slug}/"

    def get_preview_template(self, request, mode_name):
        return "catalog/product_preview.html"


class ProductImage(Orderable):
    product = ParentalKey(Product, related_name="images", on_delete=models.CASCADE)
    image = models.ForeignKey(settings.WAGTAILIMAGES_IMAGE_MODEL, on_delete=models.CASCADE, related_name="+")
    alt_text = models.CharField(
        _("alt text"), max_length=200,
        help_text=_("Describe the photo for blind buyers, for example 'Canned coffee 250 ml, green "
                    "packaging'."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("product photo")
        verbose_name_plural = _("product photo")


class Variant(TranslatedTexts, Orderable, ClusterableModel):
    """A buyable version of a product (250 g, Arabika, Merah). SKU is unique within the store."""

    product = ParentalKey(Product, related_name="variants", on_delete=models.CASCADE)
    sku = models.CharField(_("SKU"), max_length=64, help_text=_("A code unique within your store, for "
                                                                "example KOPI-250."))
    name = models.CharField(_("variant name"), max_length=120, blank=True, help_text=_("For example '250 g' or 'Red, L'."))
    name_en = models.CharField(_("variant name in English"), max_length=120, blank=True, help_text=ENGLISH_HELP)
    option_values = ParentalManyToManyField(AttributeValue, blank=True, verbose_name=_("options"))
    weight_grams = models.PositiveIntegerField(_("weight (grams)"), default=0, help_text=_("Used to calculate shipping costs."))
    is_active = models.BooleanField(_("for sale"), default=True)
    # Product identifiers for shopping feeds (Google Merchant Center): only for goods that carry them.
    gtin = models.CharField(
        _("GTIN (barcode)"), max_length=14, blank=True, validators=[validate_gtin],
        help_text=_("The number under the barcode (EAN-13, UPC, GTIN-8 or GTIN-14), if the product has one."),
    )
    mpn = models.CharField(
        _("MPN"), max_length=70, blank=True,
        help_text=_("The maker's part number, if the product has one and no barcode."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("variant")
        verbose_name_plural = _("variant")

    translated_fields = ("name",)

    def __str__(self):
        return f"{self.product} – {self.name or self.sku}"


class VariantPrice(models.Model):
    """Price of a variant in one channel. The channel fixes the currency."""

    variant = ParentalKey(Variant, related_name="prices", on_delete=models.CASCADE)
    channel = models.ForeignKey("catalog.Channel", on_delete=models.CASCADE, related_name="+")
    amount = models.DecimalField(_("price"), max_digits=14, decimal_places=2, validators=[NotNegative()])
    compare_at_amount = models.DecimalField(
        _("compare-at price"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[NotNegative()]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["variant", "channel"], name="variant_price_unique_channel"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="variant_price_not_negative"),
            models.CheckConstraint(
                condition=Q(compare_at_amount__isnull=True) | Q(compare_at_amount__gte=0),
                name="variant_price_compare_at_not_negative",
            ),
        ]
        verbose_name = _("price")
        verbose_name_plural = _("price")

    def __str__(self):
        return f"{self.variant_id}@{self.channel_id}: {self.amount}"

    @property
    def currency(self) -> str:
        return self.channel.currency

    def clean(self):
        if self.channel_id and self.amount is not None:
            validate_amount(self.amount, self.channel.currency)
            if self.compare_at_amount is not None:
                validate_amount(self.compare_at_amount, self.channel.currency)
