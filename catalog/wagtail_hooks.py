"""Catalog admin: menus named for what editors do, every store-owned model through ``catalog.scoping``."""

from django import forms
from django.db import models
from django.urls import include, path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet, SnippetViewSetGroup

from catalog import admin_imports, application_admin_views
from catalog.admin_columns import YesNoColumn
from catalog.admin_core_scoping import (
    limit_page_chooser,
    refuse_move_without_permission,
    replace_admin_api_endpoints,
)
from catalog.admin_forms import ProductAdminForm, StoreAdminForm, VariantInlinePanel
from catalog.admin_money import WholeAmountInput
from catalog.admin_panels import PhotoAdvicePanel
from catalog.campaign_admin import CampaignViewSet
from catalog.home_panels import catalog_home_panels
from catalog.models import Attribute, Category, FeaturedCollection, Product, ProductType, Stock, Store
from catalog.models.store import SOCIAL_LINK_FIELDS
from catalog.scoping import StoreScopedSnippetViewSet, deny_out_of_scope_bulk
from catalog.views import StoreCreateView


class ProductInspectView(InspectView):
    """Wagtail shows Python's ``True``, ``False`` and ``None`` for booleans and empty fields; editors read "Ya",
    "Tidak" and "–". An empty document field is checked before Wagtail wraps it in its document display, which
    renders ``None`` as "None"."""

    def get_field_display_value(self, field_name, field):
        if getattr(self.object, field_name, "") is None:
            return "–"
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        return "–" if value is None or value == "" else value


class ProductViewSet(StoreScopedSnippetViewSet):
    model = Product
    icon = "tag"
    menu_label = _("Products")
    menu_name = "produk"
    menu_order = 100
    add_to_admin_menu = True
    list_display = ["title", "store", "category", LiveStatusTagColumn()]
    list_filter = ["live", "category"]
    # No ``search_fields``: Wagtail then searches the model's own index (title, summary, description, store and
    # category names). Naming fields here breaks the SQLite search backend ("no such column: summary", a 500).
    copy_view_enabled = True
    inspect_view_enabled = True
    inspect_view_class = ProductInspectView
    inspect_view_fields = [
        "store", "title", "slug", "summary", "description", "category", "product_type", "halal_cert_no",
        "halal_valid_until", "halal_certificate", "pirt_number", "bpom_number", "live", "created_at", "updated_at",
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("store", widget=forms.Select),
                    FieldPanel("title"),
                    FieldPanel("slug"),
                    FieldPanel("summary"),
                    FieldPanel("description"),
                    FieldRowPanel([FieldPanel("category"), FieldPanel("product_type")]),
                    InlinePanel("images", label=_("Photos"), heading=_("Product photos"), panels=[
                        FieldPanel("image"), FieldPanel("alt_text"),
                    ]),
                    PhotoAdvicePanel(),
                    VariantInlinePanel("variants", label=_("Variants"), heading=_("Variants, prices and stock"), min_num=1),
                ],
                heading=_("Products"),
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldRowPanel([FieldPanel("halal_cert_no"), FieldPanel("halal_valid_until")]),
                            FieldPanel("halal_certificate"),
                            FieldPanel("pirt_number"),
                            FieldPanel("bpom_number"),
                        ],
                        heading=_("Food permits and certificates"),
                        help_text=pgettext_lazy(
                            "product form",
                            "Food products need a halal, P-IRT or BPOM number before they are published.",
                        ),
                    ),
                ],
                heading=_("Halal and permits"),
            ),
            ObjectList(
                [FieldPanel("title_en"), FieldPanel("summary_en"), FieldPanel("description_en")],
                heading=pgettext_lazy("product form tab", "English"),
                help_text=_(
                    "Buyers of the International channel read these texts; where one is empty they read the "
                    "Indonesian text. Variant names in English are on the first tab."
                ),
            ),
        ],
        base_form_class=ProductAdminForm,
    )


class StockViewSet(StoreScopedSnippetViewSet):
    model = Stock
    icon = "list-ul"
    menu_label = _("Stock")
    menu_name = "stok"
    menu_order = 110
    add_to_admin_menu = True
    list_display = ["sku", "store", "quantity", "quantity_allocated", "updated_at"]
    search_fields = ["sku"]
    panels = [FieldPanel("store", widget=forms.Select), FieldPanel("sku"), FieldPanel("quantity")]


class StoreViewSet(StoreScopedSnippetViewSet):
    model = Store
    icon = "home"
    menu_label = _("Stores")
    menu_name = "toko"
    menu_order = 90
    add_to_admin_menu = True
    list_display = [
        "name",
        "slug",
        "legal_seller",
        YesNoColumn("is_active", label=capfirst(Store._meta.get_field("is_active").verbose_name), sort_key="is_active"),
    ]
    search_fields = ["name", "slug"]
    add_view_class = StoreCreateView
    copy_view_enabled = False  # a copy would skip provisioning; stores are created, not copied
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("name"),
                    FieldPanel("slug"),
                    FieldPanel("legal_seller"),
                    FieldPanel("story"),
                    FieldPanel("logo"),
                    FieldRowPanel([FieldPanel("contact_email"), FieldPanel("whatsapp")]),
                    FieldPanel("order_notifications", widget=forms.RadioSelect),
                    FieldRowPanel([FieldPanel("is_active"), FieldPanel("low_stock_threshold")]),
                ],
                heading=_("Stores"),
            ),
            ObjectList(
                [
                    FieldPanel("origin_address"),
                    FieldRowPanel(
                        [FieldPanel("origin_province_code"), FieldPanel("origin_regency_code"),
                         FieldPanel("origin_postcode")]
                    ),
                    FieldPanel("is_pkp"),
                ],
                heading=_("Shipping and tax"),
            ),
            ObjectList(
                [FieldPanel(name) for name, _label in SOCIAL_LINK_FIELDS],
                heading=_("Links"),
            ),
        ],
        base_form_class=StoreAdminForm,
    )


class AdminOnlyViewSet(SnippetViewSet):
    """Marketplace-wide data (categories, product types, attributes): administrators only (no group has these
    permissions, so Wagtail hides the menus and refuses the views for everyone but superusers)."""


class CategoryViewSet(AdminOnlyViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["__str__", "slug", "is_food"]
    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]), FieldPanel("slug"), FieldPanel("parent"),
              FieldPanel("description"), FieldPanel("description_en"),
              FieldPanel("is_food"), FieldPanel("sort_order")]


class ProductTypeViewSet(AdminOnlyViewSet):
    model = ProductType
    icon = "form"
    menu_label = _("Product types")
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("variant_attributes"),
              FieldPanel("requires_compliance")]


class AttributeViewSet(AdminOnlyViewSet):
    model = Attribute
    icon = "list-ol"
    menu_label = _("Attributes")
    panels = [FieldPanel("name"), FieldPanel("slug"), InlinePanel("values", label=_("Values"))]


class FeaturedCollectionViewSet(SnippetViewSet):
    model = FeaturedCollection
    icon = "pick"
    menu_label = _("Featured collections")
    menu_name = "koleksi-pilihan"
    menu_order = 120
    add_to_admin_menu = True
    list_display = ["title", "go_live_at", "expire_at"]
    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("title_en")]),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("description_en"),
        FieldRowPanel([FieldPanel("go_live_at"), FieldPanel("expire_at")]),
        InlinePanel("items", label=_("Products"), panels=[FieldPanel("product")]),
    ]


class MarketplaceCatalogGroup(SnippetViewSetGroup):
    menu_label = _("Marketplace catalogue")
    menu_icon = "folder-open-1"
    menu_name = "katalog-marketplace"
    menu_order = 130
    items = (CategoryViewSet, ProductTypeViewSet, AttributeViewSet)


for viewset in (ProductViewSet, StockViewSet, StoreViewSet, FeaturedCollectionViewSet, MarketplaceCatalogGroup,
                CampaignViewSet):
    register_snippet(viewset)

hooks.register("before_bulk_action", deny_out_of_scope_bulk)

# Amounts in admin forms (shipping rates, vouchers, refunds): "15000", not "15000.00".
register_form_field_override(models.DecimalField, override={"widget": WholeAmountInput})

# Images, documents and pages: Wagtail's collection and page permissions, plus the gaps the matrix found.
hooks.register("construct_admin_api", replace_admin_api_endpoints, order=100)
hooks.register("before_move_page", refuse_move_without_permission)
hooks.register("construct_page_chooser_queryset", limit_page_chooser)


@hooks.register("construct_homepage_panels")
def add_store_home_panels(request, panels):
    """The seller home: low stock, products without photos, halal certificates ending (store editors only)."""
    panels.extend(catalog_home_panels(request))


# --- store applications (issue 13.6): the curators' review queue -------------------------------------------------


class ReviewersMenuItem(MenuItem):
    def is_shown(self, request):
        return application_admin_views.can_review(request.user)


@hooks.register("register_admin_urls")
def register_application_admin_urls():
    views = application_admin_views
    urls = [
        path("", views.application_list, name="list"),
        path("<int:pk>/", views.application_detail, name="detail"),
        path("<int:pk>/approve/", views.application_approve, name="approve"),
        path("<int:pk>/reject/", views.application_reject, name="reject"),
    ]
    return [path("pendaftaran-toko/", include((urls, views.URL_NAMESPACE), namespace=views.URL_NAMESPACE))]


@hooks.register("register_admin_menu_item")
def register_application_menu_item():
    return ReviewersMenuItem(
        _("Store applications"), reverse("catalog_applications:list"), icon_name="form", name="pendaftaran-toko",
        order=95,
    )
@hooks.register("register_admin_urls")
def register_product_import_urls():
    return [path("impor-produk/", include((admin_imports.urlpatterns(), "opop_imports"), namespace="opop_imports"))]


@hooks.register("register_admin_menu_item")
def register_product_import_menu_item():
    return admin_imports.menu_item()
