import os
from contextlib import contextmanager

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import RegexValidator
from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, SourceImageIOError
from wagtail.images.models import Image as _WagtailImage
from wagtail.models import Page, PagePermissionTester
from wagtail.url_routing import RouteResult

from catalog import selectors
from catalog.reviews import product_reviews
from themes.brand import Brand, palette_errors
from themes.registry import DEFAULT_THEME, font_choices, get_theme, theme_choices

from .blocks import CONTENT_BLOCKS, STOREFRONT_BLOCKS
from .cache import (
    LISTING_PARAMS,
    MARKETPLACE_DEPENDENCIES,
    PRODUCT_PARAMS,
    CachedPageMixin,
    category_dependency,
    depends_on,
    expires_with_collections,
    store_dependency,
)
from .forms import StorePageForm
from .image_limits import TOO_LARGE_MESSAGE, placeholder_rendition, too_large_to_decode
from .image_privacy import without_personal_metadata
from .not_found import render_themed_404
from .photo_checks import Check, PhotoReport, assess
from .routing import RouteMapMixin


class ShopImage(AbstractImage):
    """Custom image model from the first migration: every image has alt text; its store follows its collection."""

    alt_text = models.CharField(
        _("alt text"), max_length=255, blank=True,
        help_text=_("Describe the photo for blind buyers."),
    )

    photo_score = models.PositiveSmallIntegerField(
        _("photo score"), null=True, blank=True, editable=False,
        help_text=_("0-100: how well the photo will sell, from size, light, sharpness and framing."),
    )
    photo_checks = models.JSONField(_("photo checks"), default=list, blank=True, editable=False)

    admin_form_fields = _WagtailImage.admin_form_fields + ("alt_text",)

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("image")

    @property
    def default_alt_text(self):
        return self.alt_text or self.title

    def save(self, *args, **kwargs):
        new_file = bool(self.file) and not getattr(self.file, "_committed", True)
        self._drop_personal_metadata()
        super().save(*args, **kwargs)
        if new_file:
            self._check_photo()

    @property
    def photo_report(self) -> PhotoReport | None:
        """The coaching report measured at upload (``cms/photo_checks.py``), or None for an image not checked."""
        if self.photo_score is None:
            return None
        return PhotoReport(self.photo_score, tuple(Check(**c) for c in self.photo_checks))

    def _check_photo(self):
        """Measure a new upload once (advice, never a refusal); a file that cannot be read gets no report."""
        if self.too_large_to_decode:
            return
        try:
            with self.open_file() as handle:
                report = assess(handle, self.width, self.height)
        except (OSError, ValueError, SourceImageIOError):
            return
        self.photo_score, self.photo_checks = report.score, report.as_json()
        type(self).objects.filter(pk=self.pk).update(photo_score=self.photo_score, photo_checks=self.photo_checks)

    # -- never decode an original above the pixel limit (cms/image_limits.py) --------------------------------
    @property
    def too_large_to_decode(self) -> bool:
        return too_large_to_decode(self.width, self.height)

    @contextmanager
    def get_willow_image(self):
        if self.too_large_to_decode:
            raise SourceImageIOError(str(TOO_LARGE_MESSAGE))
        with super().get_willow_image() as willow_image:
            yield willow_image

    def get_rendition(self, filter):
        if self.too_large_to_decode:
            return placeholder_rendition(self)
        return super().get_rendition(filter)

    def get_renditions(self, *filters):
        if self.too_large_to_decode:
            return {getattr(f, "spec", f): placeholder_rendition(self) for f in filters}
        return super().get_renditions(*filters)

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



hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a 6-digit hex colour, for example #1f5f3f."))
# A plain text field, not <input type="color">: a colour input cannot be empty (it submits #000000), which would
# silently replace "use the theme's colour" with black on every save.
colour_widget = forms.TextInput(attrs={"placeholder": "#1f5f3f", "pattern": "#[0-9a-fA-F]{6}", "maxlength": 7, "size": 8})


class HomePage(RouteMapMixin, CachedPageMixin, Page):
    """Marketplace home at /: curated collections, store directory, categories, search."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(CONTENT_BLOCKS, blank=True, verbose_name=_("more content"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.StorefrontPage", "cms.ContentPage", "cms.LegalPage"]
    max_count = 1
    template = "cms/home_page.html"

    class Meta:
        verbose_name = _("marketplace home")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.home_sections(request))
        expires_with_collections(request)
        return context


class StorefrontPage(RouteMapMixin, CachedPageMixin, RoutablePageMixin, Page):
    """One store's storefront at /<store-slug>/. Product pages and the product listing are routes below it.

    The theme and brand live here (not on the Store) so they go through drafts, revisions and preview:
    an editor sees a new palette in the admin preview before publishing it.
    """

    store = models.OneToOneField("catalog.Store", on_delete=models.PROTECT, related_name="storefront")
    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    theme = models.CharField(_("theme"), max_length=20, choices=theme_choices(), default=DEFAULT_THEME)
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, blank=True, validators=[hex_colour],
        help_text=_("Background of buttons and the page header, with white text on it. Leave empty for "
                    "the theme's colour."),
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, blank=True, validators=[hex_colour],
        help_text=_("Colour of prices and links on the theme's background. Leave empty for the theme's "
                    "colour."),
    )
    font = models.CharField(_("font"), max_length=20, choices=font_choices(), blank=True)
    logo = models.ForeignKey(
        "cms.ShopImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("logo")
    )
    banner = models.ForeignKey(
        "cms.ShopImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("banner")
    )
    body = StreamField(STOREFRONT_BLOCKS, blank=True, verbose_name=_("storefront content"))

    content_panels = Page.content_panels + [
        FieldPanel("tagline"),
        FieldPanel("body"),
    ]
    brand_panels = [
        FieldPanel("theme", widget=forms.RadioSelect),
        FieldRowPanel([
            FieldPanel("primary_colour", widget=colour_widget),
            FieldPanel("accent_colour", widget=colour_widget),
        ], heading=_("Colours")),
        FieldPanel("font"),
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("banner")], heading=_("Brand images")),
    ]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=pgettext_lazy("tab", "Content")),
        ObjectList(brand_panels, heading=_("Theme & brand")),
        ObjectList(Page.promote_panels, heading=_("SEO & promotion")),
        ObjectList(Page.settings_panels, heading=_("Settings")),
    ])
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ContentPage"]
    template = "cms/storefront_page.html"
    base_form_class = StorePageForm
    route_select_related = ("store",)  # serve() checks the store's activity: loaded with the page (cms.routing)

    class Meta:
        verbose_name = _("storefront")

    # -- brand ----------------------------------------------------------------------------------------------
    @cached_property
    def theme_obj(self):
        return get_theme(self.theme)

    @property
    def brand(self):
        return Brand.for_storefront(self)

    def clean(self):
        super().clean()
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

    def get_cached_paths(self):
        """What a frontend cache (CDN, Varnish) keeps of this page: the storefront and its listing."""
        return ["/", "/produk/"]

    def cache_params(self, request, view=None, args=None, kwargs=None):
        name = getattr(view, "__name__", "")
        if name == "product_detail":
            return PRODUCT_PARAMS
        return LISTING_PARAMS if name in ("storefront", "product_list", "") else ()

    def serve(self, request, view=None, args=None, kwargs=None):
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
        return render_themed_404(request, storefront=self)

    @path("")
    def storefront(self, request):
        listing = selectors.product_listing(request, store=self.store, per_page=12, paginate=False)
        return self.render(request, context_overrides={"listing": listing})

    @path("produk/")
    def product_list(self, request):
        listing = selectors.product_listing(request, store=self.store, per_page=24)
        if listing is None:
            return render_themed_404(request, storefront=self)
        return self.render(
            request,
            template=self.theme_obj.template_names("cms/product_list.html"),
            context_overrides={"listing": listing, "listing_title": _("All products")},
        )

    @path("p/<slug:product_slug>/")
    def product_detail(self, request, product_slug):
        def before_related(category_id):
            # The related-products cards come from the product's category in every store: read that category's
            # counter before the cards are.
            depends_on(request, category_dependency(category_id) if category_id else "")

        detail = selectors.product_detail(request, store=self.store, slug=product_slug, before_related=before_related)
        if detail is None:
            return render_themed_404(request, storefront=self)
        return self.render(
            request,
            template=self.theme_obj.template_names("cms/product_page.html"),
            context_overrides={
                "detail": detail,
                "product": detail.product,
                # Verified buyers' reviews, through the catalog's port (cms never imports checkout).
                "reviews": product_reviews(detail.product.pk),
                "crumbs": [
                    ("OPOP", "/"),
                    (self.store.name, self.get_url(request)),
                    (detail.product.title, self.get_url(request) + self.reverse_subpage("product_detail", args=[product_slug])),
                ],
            },
        )


class ContentPage(RouteMapMixin, CachedPageMixin, Page):
    """About, FAQ, programme news, or a store's own page."""

    body = RichTextField(_("body"), blank=True)
    sections = StreamField(CONTENT_BLOCKS, blank=True, verbose_name=_("sections"))

    content_panels = Page.content_panels + [FieldPanel("body"), FieldPanel("sections")]
    parent_page_types = ["cms.HomePage", "cms.StorefrontPage", "cms.ContentPage"]
    subpage_types = ["cms.ContentPage"]
    template = "cms/content_page.html"
    base_form_class = StorePageForm

    class Meta:
        verbose_name = _("content page")

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
        if self.storefront and not self.storefront.store.is_active:
            return render_themed_404(request, storefront=self.storefront)
        return super().serve(request, *args, **kwargs)


class LegalKind(models.TextChoices):
    TERMS = "terms", _("Terms & Conditions")
    PRIVACY = "privacy", _("Privacy Policy")


class LegalPage(RouteMapMixin, CachedPageMixin, Page):
    """The marketplace's terms or privacy policy, one page per kind, below the home page. Only admins edit them
    (``permissions_for_user``, ``wagtail_hooks.only_admins_create_legal_pages``); every publication is a revision,
    and the checkout records the live revision the buyer agreed to (``cms.legal``, ``checkout.legal_port``).
    English title and body are shown in the English interface (International channel) when filled in, else the
    Indonesian ones."""

    kind = models.CharField(_("kind"), max_length=16, choices=LegalKind.choices, unique=True)
    body = RichTextField(_("body"))
    title_en = models.CharField(_("English title"), max_length=255, blank=True)
    body_en = RichTextField(
        _("English body"), blank=True,
        help_text=_("Shown to buyers who use the shop in English. Empty: they read the Indonesian text."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("kind"), FieldPanel("body"), FieldPanel("title_en"), FieldPanel("body_en"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = len(LegalKind.values)  # one per kind: "add page" stops offering it once both exist
    template = "cms/legal_page.html"

    class Meta:
        verbose_name = _("legal page")
        verbose_name_plural = _("legal pages")

    def permissions_for_user(self, user):
        return AdminOnlyPermissionTester(user, self)

    def title_for(self, language: str | None) -> str:
        return self.title_en if (language or "").startswith("en") and self.title_en else self.title

    def body_for(self, language: str | None) -> str:
        return self.body_en if (language or "").startswith("en") and self.body_en else self.body

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        language = getattr(request, "LANGUAGE_CODE", "")
        context["legal_title"] = self.title_for(language)
        context["legal_body"] = self.body_for(language)
        return context

    def cache_dependencies(self, request):
        return MARKETPLACE_DEPENDENCIES


class AdminOnlyPermissionTester(PagePermissionTester):
    """Superusers get Wagtail's usual answers; anyone else (store editors, curators, even a group given
    permissions on the home page) may view a legal page in the admin but not edit, publish, move or delete it.
    Nobody copies one."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if not user.is_superuser:
            self.permissions = set()

    def can_copy(self):
        return False  # a copy would be a second page of the same kind (refused by the unique ``kind``)
