"""Admin menu "Pesanan": the store's orders, shipping rates ("Ongkos kirim") and vouchers, each scoped to the
editor's stores through ``catalog.scoping.StoreScopedSnippetViewSet``. Administrators see everything."""

from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSetGroup

from catalog.scoping import StoreScopedSnippetViewSet

from . import admin_views
from .models import Order, ShippingRate, Voucher


class OrderEditView(EditView):
    """Orders change only through the state machine: "edit" opens the order page with its actions."""

    def dispatch(self, request, *args, **kwargs):
        return redirect("checkout_admin:order", pk=kwargs["pk"])


class OrderViewSet(StoreScopedSnippetViewSet):
    model = Order
    icon = "list-ul"
    menu_label = pgettext_lazy("menu", "Pesanan")
    menu_name = "pesanan-list"
    add_view_enabled = False
    copy_view_enabled = False
    edit_view_class = OrderEditView
    list_display = [
        "number",
        "store",
        Column("get_status_display", label=_("Status"), sort_key="status"),
        "total",
        "created_at",
    ]
    list_filter = ["status", "store"]
    search_fields = ["number", "tracking_number"]
    list_export = ["number", "store", "status", "subtotal", "shipping_cost", "discount", "tax", "total", "created_at"]
    panels = [FieldPanel("status", read_only=True)]


class ShippingRateViewSet(StoreScopedSnippetViewSet):
    model = ShippingRate
    icon = "site"
    menu_label = _("Ongkos kirim")
    menu_name = "ongkos-kirim"
    list_display = ["name", "store", "channel", "destination_province_code", "destination_regency_code",
                    "max_weight_grams", "price", "is_active"]
    list_filter = ["store", "is_pickup", "is_active"]
    panels = [
        FieldPanel("store"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("channel")]),
        FieldPanel("is_pickup"),
        MultiFieldPanel(
            [
                FieldPanel("destination_country"),
                FieldRowPanel([FieldPanel("destination_province_code"), FieldPanel("destination_regency_code")]),
            ],
            heading=_("Tujuan (kosongkan = semua)"),
        ),
        FieldRowPanel([FieldPanel("max_weight_grams"), FieldPanel("price"), FieldPanel("free_above")]),
        FieldRowPanel([FieldPanel("estimated_days"), FieldPanel("is_active")]),
    ]


class VoucherViewSet(StoreScopedSnippetViewSet):
    model = Voucher
    icon = "tag"
    menu_label = _("Voucher")
    menu_name = "voucher"
    list_display = ["code", "store", "kind", "value", "used_count", "usage_limit", "ends_at", "is_active"]
    list_filter = ["store", "is_active"]
    panels = [
        FieldPanel("store"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("channel")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("value"), FieldPanel("min_spend")]),
        FieldRowPanel([FieldPanel("usage_limit"), FieldPanel("used_count", read_only=True)]),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("is_active"),
    ]


class OrdersGroup(SnippetViewSetGroup):
    items = (OrderViewSet, ShippingRateViewSet, VoucherViewSet)
    menu_icon = "list-ul"
    menu_label = pgettext_lazy("menu", "Pesanan")
    menu_name = "pesanan"
    menu_order = 150


register_snippet(OrdersGroup)


@hooks.register("register_admin_urls")
def register_order_admin_urls():
    urls = [
        path("<int:pk>/", admin_views.order_detail, name="order"),
        path("<int:pk>/slip/", admin_views.packing_slip, name="packing_slip"),
    ]
    return [path("pesanan/", include((urls, "checkout_admin"), namespace="checkout_admin"))]


def order_admin_url(order) -> str:
    return reverse("checkout_admin:order", args=[order.pk])
