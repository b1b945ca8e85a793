import os

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import RegexValidator
from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.images.models import Image as _WagtailImage
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from themes.registry import DEFAULT_THEME, font_choices, get_theme, theme_choices

from .blocks import CONTENT_BLOCKS, STOREFRONT_BLOCKS
from .cache import (
    MARKETPLACE_DEPENDENCIES,
    CachedPageMixin,
    category_dependency,
    depends_on,
    expires_with_collections,
    store_dependency,
)
from .image_privacy import without_personal_metadata


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

    def save(self, *args, **kwargs):
        self._drop_personal_metadata()
        super().save(*args, **kwargs)

    def _drop_personal_metadata(self):
        """A new upload is stored without GPS position, owner and serial numbers (``cms/image_privacy.py``)."""
        if not self.file or getattr(self.file, "_committed", True):
            return
        cleaned = without_personal_metadata(self.file)
        if cleaned is None:
            return
        self.file = ContentFile(cleaned, name=os.path.basename(self.file.name))
        self._set_image_file_metadata()


class ShopRendition(AbstractRendition):
    image = models.ForeignKey(ShopImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)



hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Gunakan warna heks 6 digit, misalnya #1f5f3f."))
# A plain text field, not <input type="color">: a colour input cannot be empty (it submits #000000), which would
# silently replace "use the theme's colour" with black on every save.
colour_widget = forms.TextInput(attrs={"placeholder": "#1f5f3f", "pattern": "#[0-9a-fA-F]{6}", "maxlength": 7, "size": 8})


class HomePage(CachedPageMixin, Page):
    """Marketplace home at /: curated collections, store directory, categories, search."""

    intro = models.TextField(_("pengantar"), blank=True)
    body = StreamField(CONTENT_BLOCKS, blank=True, verbose_name=_("isi tambahan"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.StorefrontPage", "cms.ContentPage"]
    max_count = 1
    template = "cms/home_page.html"

    class Meta:
        verbose_name = _("beranda marketplace")

    def get_context(self, request, *args, **kwargs):
        from catalog import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.home_sections(request))
        expires_with_collections(request)
        return context


class StorefrontPage(CachedPageMixin, RoutablePageMixin, Page):
    """One store's storefront at /<store-slug>/. Product pages and the product listing are routes below it.

    The theme and brand live here (not on the Store) so they go through drafts, revisions and preview:
    an editor sees a new palette in the admin preview before publishing it.
    """

    store = models.OneToOneField("catalog.Store", on_delete=models.PROTECT, related_name="storefront")
    tagline = models.CharField(_("slogan"), max_length=160, blank=True)
    theme = models.CharField(_("tema"), max_length=20, choices=theme_choices(), default=DEFAULT_THEME)
    primary_colour = models.CharField(
        _("warna utama"), max_length=7, blank=True, validators=[hex_colour],
        help_text=_("Latar tombol dan kepala halaman, dengan teks putih di atasnya. Kosongkan untuk warna tema."),
    )
    accent_colour = models.CharField(
        _("warna aksen"), max_length=7, blank=True, validators=[hex_colour],
        help_text=_("Warna harga dan tautan di atas latar tema. Kosongkan untuk warna tema."),
    )
    font = models.CharField(_("huruf"), max_length=20, choices=font_choices(), blank=True)
    logo = models.ForeignKey(
        "cms.ShopImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("logo")
    )
    banner = models.ForeignKey(
        "cms.ShopImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("banner")
    )
    body = StreamField(STOREFRONT_BLOCKS, blank=True, verbose_name=_("isi etalase"))

    content_panels = Page.content_panels + [
        FieldPanel("tagline"),
        FieldPanel("body"),
    ]
    brand_panels = [
        FieldPanel("theme", widget=forms.RadioSelect),
        FieldRowPanel([
            FieldPanel("primary_colour", widget=colour_widget),
            FieldPanel("accent_colour", widget=colour_widget),
        ], heading=_("warna")),
        FieldPanel("font"),
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("banner")], heading=_("gambar merek")),
    ]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=_("Isi")),
        ObjectList(brand_panels, heading=_("Tema & merek")),
        ObjectList(Page.promote_panels, heading=_("SEO & promosi")),
        ObjectList(Page.settings_panels, heading=_("Pengaturan")),
    ])
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ContentPage"]
    template = "cms/storefront_page.html"

    class Meta:
        verbose_name = _("etalase toko")

    # -- brand ----------------------------------------------------------------------------------------------
    @cached_property
    def theme_obj(self):
        return get_theme(self.theme)

    @property
    def brand(self):
        from themes.brand import Brand

        return Brand.for_storefront(self)

    def clean(self):
        super().clean()
        from themes.brand import palette_errors

        errors = palette_errors(self.theme, self.primary_colour, self.accent_colour)
        if errors:
            raise ValidationError(errors)

    # -- serving --------------------------------------------------------------------------------------------
    def get_template(self, request, *args, **kwargs):
        return self.theme_obj.template_names(self.template)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["storefront"] = self
        context["store"] = self.store
        context["crumbs"] = [("OPOP", "/"), (self.store.name, self.get_url(request))]
        return context

    def cache_dependencies(self, request):
        return (store_dependency(self.store_id),)

    def serve(self, request, view=None, args=None, kwargs=None):
        from .views import render_themed_404

        if not self.store.is_active:
            return render_themed_404(request, storefront=self)
        return super().serve(request, view=view, args=args, kwargs=kwargs)

    def serve_preview(self, request, mode_name):
        request.is_preview = True
        return self.storefront(request)

    def route(self, request, path_components):
        # Unknown paths below a live storefront get the store's themed 404, not the marketplace's.
        try:
            return super().route(request, path_components)
        except Http404:
            if not self.live:
                raise
            return RouteResult(self, args=(self.not_found, [], {}))

    def not_found(self, request):
        from .views import render_themed_404

        return render_themed_404(request, storefront=self)

    @path("")
    def storefront(self, request):
        from catalog import selectors

        listing = selectors.product_listing(request, store=self.store, per_page=12, paginate=False)
        return self.render(request, context_overrides={"listing": listing})

    @path("produk/")
    def product_list(self, request):
        from catalog import selectors

        listing = selectors.product_listing(request, store=self.store, per_page=24)
        if listing is None:
            from .views import render_themed_404

            return render_themed_404(request, storefront=self)
        return self.render(
            request,
            template=self.theme_obj.template_names("cms/product_list.html"),
            context_overrides={"listing": listing, "listing_title": _("Semua produk")},
        )

    @path("p/<slug:product_slug>/")
    def product_detail(self, request, product_slug):
        from catalog import selectors

        from .views import render_themed_404

        # The related-products cards come from the product's category in every store: read that category's
        # counter before the cards are (one small query, on a cache miss only).
        category_id = selectors.product_category_id(store=self.store, slug=product_slug)
        depends_on(request, category_dependency(category_id) if category_id else "")
        detail = selectors.product_detail(request, store=self.store, slug=product_slug)
        if detail is None:
            return render_themed_404(request, storefront=self)
        return self.render(
            request,
            template=self.theme_obj.template_names("cms/product_page.html"),
            context_overrides={
                "detail": detail,
                "product": detail.product,
                "crumbs": [
                    ("OPOP", "/"),
                    (self.store.name, self.get_url(request)),
                    (detail.product.title, self.get_url(request) + self.reverse_subpage("product_detail", args=[product_slug])),
                ],
            },
        )


class ContentPage(CachedPageMixin, Page):
    """About, FAQ, programme news, or a store's own page."""

    body = RichTextField(_("isi"), blank=True)
    sections = StreamField(CONTENT_BLOCKS, blank=True, verbose_name=_("bagian"))

    content_panels = Page.content_panels + [FieldPanel("body"), FieldPanel("sections")]
    parent_page_types = ["cms.HomePage", "cms.StorefrontPage", "cms.ContentPage"]
    subpage_types = ["cms.ContentPage"]
    template = "cms/content_page.html"

    class Meta:
        verbose_name = _("halaman konten")

    @cached_property
    def storefront(self):
        return StorefrontPage.objects.ancestor_of(self).select_related("store").first()

    @property
    def store(self):
        return self.storefront.store if self.storefront else None

    def get_template(self, request, *args, **kwargs):
        if self.storefront:
            return self.storefront.theme_obj.template_names(self.template)
        return self.template

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["storefront"] = self.storefront
        context["store"] = self.store
        return context

    def cache_dependencies(self, request):
        if self.storefront:
            return (store_dependency(self.storefront.store_id),)
        return MARKETPLACE_DEPENDENCIES

    def serve(self, request, *args, **kwargs):
        from .views import render_themed_404

        if self.storefront and not self.storefront.store.is_active:
            return render_themed_404(request, storefront=self.storefront)
        return super().serve(request, *args, **kwargs)
