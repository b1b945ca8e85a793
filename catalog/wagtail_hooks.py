"""Catalog admin: menus named for what editors do, every store-owned model through ``catalog.scoping``."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
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
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from catalog.admin_core_scoping import (
    limit_page_chooser,
    refuse_move_without_permission,
    replace_admin_api_endpoints,
)
from catalog.admin_forms import ProductAdminForm, StoreAdminForm, VariantInlinePanel
from catalog.models import Attribute, Category, FeaturedCollection, Product, ProductType, Stock, Store
from catalog.scoping import StoreScopedSnippetViewSet, deny_out_of_scope_bulk
from catalog.views import StoreCreateView


class ProductViewSet(StoreScopedSnippetViewSet):
    model = Product
    icon = "tag"
    menu_label = _("Produk")
    menu_name = "produk"
    menu_order = 100
    add_to_admin_menu = True
    list_display = ["title", "store", "category", LiveStatusTagColumn()]
    list_filter = ["live", "category"]
    search_fields = ["title", "summary"]
    copy_view_enabled = True
    inspect_view_enabled = True

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
                    InlinePanel("images", label=_("Foto"), heading=_("Foto produk"), panels=[
                        FieldPanel("image"), FieldPanel("alt_text"),
                    ]),
                    VariantInlinePanel("variants", label=_("Varian"), heading=_("Varian, harga dan stok"), min_num=1),
                ],
                heading=_("Produk"),
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
                        heading=_("Izin pangan dan sertifikat"),
                        help_text=_(
                            "Produk pangan wajib punya salah satu nomor: halal, P-IRT atau BPOM, sebelum diterbitkan."
                        ),
                    ),
                ],
                heading=_("Halal dan izin"),
            ),
        ],
        base_form_class=ProductAdminForm,
    )


class StockViewSet(StoreScopedSnippetViewSet):
    model = Stock
    icon = "list-ul"
    menu_label = _("Stok")
    menu_name = "stok"
    menu_order = 110
    add_to_admin_menu = True
    list_display = ["sku", "store", "quantity", "quantity_allocated", "updated_at"]
    search_fields = ["sku"]
    panels = [FieldPanel("store", widget=forms.Select), FieldPanel("sku"), FieldPanel("quantity")]


class StoreViewSet(StoreScopedSnippetViewSet):
    model = Store
    icon = "home"
    menu_label = _("Toko")
    menu_name = "toko"
    menu_order = 90
    add_to_admin_menu = True
    list_display = ["name", "slug", "legal_seller", "is_active"]
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
                    FieldPanel("is_active"),
                ],
                heading=_("Toko"),
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
                heading=_("Pengiriman dan pajak"),
            ),
            ObjectList(
                [FieldPanel("payout_bank_name"), FieldPanel("payout_account_name"), FieldPanel("payout_account_number")],
                heading=_("Rekening pencairan"),
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
    menu_label = _("Kategori")
    list_display = ["__str__", "slug", "is_food"]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("parent"), FieldPanel("description"),
              FieldPanel("is_food"), FieldPanel("sort_order")]


class ProductTypeViewSet(AdminOnlyViewSet):
    model = ProductType
    icon = "form"
    menu_label = _("Jenis produk")
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("variant_attributes"),
              FieldPanel("requires_compliance")]


class AttributeViewSet(AdminOnlyViewSet):
    model = Attribute
    icon = "list-ol"
    menu_label = _("Atribut")
    panels = [FieldPanel("name"), FieldPanel("slug"), InlinePanel("values", label=_("Nilai"))]


class FeaturedCollectionViewSet(SnippetViewSet):
    model = FeaturedCollection
    icon = "pick"
    menu_label = _("Koleksi pilihan")
    menu_name = "koleksi-pilihan"
    menu_order = 120
    add_to_admin_menu = True
    list_display = ["title", "go_live_at", "expire_at"]
    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("go_live_at"), FieldPanel("expire_at")]),
        InlinePanel("items", label=_("Produk"), panels=[FieldPanel("product")]),
    ]


class MarketplaceCatalogGroup(SnippetViewSetGroup):
    menu_label = _("Katalog marketplace")
    menu_icon = "folder-open-1"
    menu_name = "katalog-marketplace"
    menu_order = 130
    items = (CategoryViewSet, ProductTypeViewSet, AttributeViewSet)


for viewset in (ProductViewSet, StockViewSet, StoreViewSet, FeaturedCollectionViewSet, MarketplaceCatalogGroup):
    register_snippet(viewset)

hooks.register("before_bulk_action", deny_out_of_scope_bulk)

# Images, documents and pages: Wagtail's collection and page permissions, plus the gaps the matrix found.
hooks.register("construct_admin_api", replace_admin_api_endpoints, order=100)
hooks.register("before_move_page", refuse_move_without_permission)
hooks.register("construct_page_chooser_queryset", limit_page_chooser)
