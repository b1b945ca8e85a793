from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.images.models import Image as _WagtailImage
from wagtail.models import Page


class ShopImage(AbstractImage):
    """Custom image model from the first migration: every image has alt text; its store follows its collection."""

    alt_text = models.CharField(
        _("teks alternatif"), max_length=255, blank=True,
        help_text=_("Jelaskan isi foto untuk pembeli tunanetra."),
    )

    admin_form_fields = _WagtailImage.admin_form_fields + ("alt_text",)

    class Meta(AbstractImage.Meta):
        verbose_name = _("gambar")
        verbose_name_plural = _("gambar")

    @property
    def default_alt_text(self):
        return self.alt_text or self.title


class ShopRendition(AbstractRendition):
    image = models.ForeignKey(ShopImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class HomePage(Page):
    """Marketplace home at /: curated collections, store directory, categories, search."""

    intro = models.TextField(_("pengantar"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.StorefrontPage", "cms.ContentPage"]
    max_count = 1

    class Meta:
        verbose_name = _("beranda marketplace")


class StorefrontPage(Page):
    """One store's storefront at /<store-slug>/. Product pages are routes below it."""

    store = models.OneToOneField("catalog.Store", on_delete=models.PROTECT, related_name="storefront")
    tagline = models.CharField(_("slogan"), max_length=160, blank=True)

    content_panels = Page.content_panels + [FieldPanel("tagline")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ContentPage"]

    class Meta:
        verbose_name = _("etalase toko")

    def serve(self, request, *args, **kwargs):
        if not self.store.is_active:
            raise Http404
        return super().serve(request, *args, **kwargs)


class ContentPage(Page):
    """About, FAQ, programme news, or a store's own page."""

    body = RichTextField(_("isi"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["cms.HomePage", "cms.StorefrontPage", "cms.ContentPage"]
    subpage_types = ["cms.ContentPage"]

    class Meta:
        verbose_name = _("halaman konten")
