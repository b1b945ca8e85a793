"""Admin menu "Pesanan": the store's orders, shipping rates ("Ongkos kirim") and vouchers, each scoped to the
editor's stores through ``catalog.scoping.StoreScopedSnippetViewSet``. Administrators see everything."""

from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSetGroup

from catalog.admin_columns import MoneyColumn, PercentOrMoneyColumn, YesNoColumn
from catalog.admin_money import MoneyExportMixin
from catalog.home_selectors import home_stores
from catalog.scoping import StoreScopedSnippetViewSet
from catalog.setup_checklist import SETUP_CHECKLIST_HOOK, ChecklistItem

from . import admin_views, review_admin_views
from .home_panels import checkout_home_panels
from .models import Order, Review, ShippingRate, Voucher


class OrderEditView(EditView):
    """Orders change only through the state machine: "edit" opens the order page with its actions."""

    def dispatch(self, request, *args, **kwargs):
        return redirect("checkout_admin:order", pk=kwargs["pk"])


ORDER_AMOUNTS = ("subtotal", "shipping_cost", "discount", "tax", "total")


class OrderIndexView(MoneyExportMixin, IndexView):
    money_export_fields = dict.fromkeys(ORDER_AMOUNTS, "currency")


class ChannelPricedIndexView(MoneyExportMixin, IndexView):
    """Shipping rates and vouchers: amounts in their channel's currency (one join, not a query per row)."""

    money_export_fields = {"price": "channel.currency", "free_above": "channel.currency",
                           "min_spend": "channel.currency"}

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("channel")


def _label(model, field):
    return capfirst(model._meta.get_field(field).verbose_name)


class OrderViewSet(StoreScopedSnippetViewSet):
    model = Order
    icon = "list-ul"
    menu_label = _("Orders")
    menu_name = "pesanan-list"
    add_view_enabled = False
    copy_view_enabled = False
    edit_view_class = OrderEditView
    index_view_class = OrderIndexView
    list_display = [
        "number",
        "store",
        Column("get_status_display", label=_("Status"), sort_key="status"),
        MoneyColumn("total", label=_label(Order, "total")),
        "created_at",
    ]
    list_filter = ["status", "store"]
    search_fields = ["number", "tracking_number"]
    list_export = ["number", "store", "status", "currency", *ORDER_AMOUNTS, "created_at"]
    panels = [FieldPanel("status", read_only=True)]


class ShippingRateViewSet(StoreScopedSnippetViewSet):
    model = ShippingRate
    icon = "site"
    menu_label = pgettext_lazy("cost", "Shipping")
    menu_name = "ongkos-kirim"
    index_view_class = ChannelPricedIndexView
    list_display = ["name", "store", "channel", "destination_province_code", "destination_regency_code",
                    "max_weight_grams", MoneyColumn("price", currency="channel.currency",
                                                    label=_label(ShippingRate, "price")),
                    YesNoColumn("is_active", label=_label(ShippingRate, "is_active"), sort_key="is_active")]
    list_filter = ["store", "is_pickup", "is_active"]
    panels = [
        FieldPanel("store"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en"), FieldPanel("channel")]),
        FieldPanel("is_pickup"),
        MultiFieldPanel(
            [
                FieldPanel("destination_country"),
                FieldRowPanel([FieldPanel("destination_province_code"), FieldPanel("destination_regency_code")]),
            ],
            heading=_("Destination (empty = all)"),
        ),
        FieldRowPanel([FieldPanel("max_weight_grams"), FieldPanel("price"), FieldPanel("free_above")]),
        FieldRowPanel([FieldPanel("estimated_days"), FieldPanel("estimated_days_en"), FieldPanel("is_active")]),
    ]


class VoucherViewSet(StoreScopedSnippetViewSet):
    model = Voucher
    icon = "tag"
    menu_label = _("Voucher")
    menu_name = "voucher"
    index_view_class = ChannelPricedIndexView
    list_display = ["code", "store", "kind",
                    PercentOrMoneyColumn("value", label=_label(Voucher, "value"), currency="channel.currency",
                                         is_percent="is_percent"),
                    MoneyColumn("min_spend", currency="channel.currency", label=_label(Voucher, "min_spend")),
                    "used_count", "usage_limit", "ends_at",
                    YesNoColumn("is_active", label=_label(Voucher, "is_active"), sort_key="is_active")]
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
    menu_label = _("Orders")
    menu_name = "pesanan"
    menu_order = 150


register_snippet(OrdersGroup)


class ReviewEditView(EditView):
    """A review is never edited: "edit" opens its page, with the store's reply and the curators' hiding."""

    def dispatch(self, request, *args, **kwargs):
        return redirect("checkout_reviews:review", pk=kwargs["pk"])


class ReviewViewSet(StoreScopedSnippetViewSet):
    """Menu "Ulasan": store editors see their stores' reviews, curators and administrators all of them."""

    model = Review
    icon = "comment"
    menu_label = _("Reviews")
    menu_name = "ulasan"
    menu_order = 160
    add_to_admin_menu = True
    add_view_enabled = False
    copy_view_enabled = False
    edit_view_class = ReviewEditView
    list_display = [
        "product", "store", "rating", "author_name", "created_at",
        YesNoColumn("has_reply", label=_("Replied")),
        YesNoColumn("is_hidden", label=_label(Review, "is_hidden"), sort_key="is_hidden"),
    ]
    list_filter = ["store", "rating", "is_hidden"]
    search_fields = ["body", "author_name"]
    panels = [FieldPanel("rating", read_only=True)]


register_snippet(ReviewViewSet)


@hooks.register("register_admin_urls")
def register_order_admin_urls():
    urls = [
        path("<int:pk>/", admin_views.order_detail, name="order"),
        path("<int:pk>/slip/", admin_views.packing_slip, name="packing_slip"),
        path("kampanye/", admin_views.campaign_report_view, name="campaign_report"),
    ]
    review_urls = [path("<int:pk>/", review_admin_views.review_detail, name="review")]
    return [
        path("pesanan/", include((urls, "checkout_admin"), namespace="checkout_admin")),
        path("ulasan/", include((review_urls, "checkout_reviews"), namespace="checkout_reviews")),
    ]


class CampaignReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("catalog.view_campaign")


@hooks.register("register_admin_menu_item")
def register_campaign_report_menu_item():
    return CampaignReportMenuItem(
        _("Campaign report"), reverse("checkout_admin:campaign_report"), name="laporan-kampanye", icon_name="link",
        order=145,
    )


def order_admin_url(order) -> str:
    return reverse("checkout_admin:order", args=[order.pk])


@hooks.register("construct_homepage_panels")
def add_order_home_panels(request, panels):
    """Seller home: orders to ship and the week's sales; marketplace home: stores whose buyers wait, sales."""
    panels.extend(checkout_home_panels(request))


@hooks.register("construct_homepage_summary_items", order=1000)
def drop_site_summary_for_store_editors(request, summary_items):
    """"1 Page, 15 Images, 0 Documents" tells a store editor nothing they need: their home shows their to-dos."""
    if home_stores(request.user):
        summary_items.clear()


@hooks.register(SETUP_CHECKLIST_HOOK)
def shipping_rates_checklist_item(store):
    """The setup checklist's "shipping rates": the store has at least one active rate."""
    done = ShippingRate.objects.filter(store=store, is_active=True).exists()
    url = reverse("wagtailsnippets_checkout_shippingrate:list")
    return [ChecklistItem("shipping", gettext("Set the shipping rates"), done, url, order=40)]
