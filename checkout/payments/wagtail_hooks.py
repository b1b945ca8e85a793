"""Admin wiring of the payments app: the refund and manual-confirmation views, the sales report.

The order admin's detail page (``checkout/admin/order_detail.html``) shows the payment panel with
``{% load payments_admin %}{% payment_panel order %}`` (attempts, refunds, and the Refund / Confirm transfer buttons
the current user may use).
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem, MenuItem

from catalog.scoping import readable_store_ids

from . import admin_views
from .admin_panels import panels_for, store_home_panels
from .reports.views import sales_report_view

admin_urlpatterns = (
    [
        path("orders/<int:order_id>/refund/", admin_views.refund_view, name="refund"),
        path("attempts/<int:attempt_id>/confirm/", admin_views.confirm_manual_view, name="confirm_manual"),
        path("transfers/find/", admin_views.find_transfer_view, name="find_transfer"),
        path("reversals/<int:reversal_id>/resolve/", admin_views.resolve_reversal_view, name="resolve_reversal"),
        path("reports/money-without-paid-order/", admin_views.money_report_view, name="money_report"),
        path("sales/", sales_report_view, name="sales_report"),
    ],
    "payments_admin",
)


@hooks.register("register_admin_urls")
def register_payment_admin_urls():
    return [path("payments/", include(admin_urlpatterns))]


@hooks.register("construct_homepage_panels")
def add_open_reversals_panel(request, panels):
    panels.extend(panels_for(request))
    panels.extend(store_home_panels(request))


@hooks.register("register_reports_menu_item")
def register_money_report_menu_item():
    return AdminOnlyMenuItem(
        _("Money without a paid order"),
        reverse("payments_admin:money_report"),
        icon_name="warning",
        order=900,
    )


@hooks.register("register_admin_menu_item")
def register_find_transfer_menu_item():
    return MenuItem(
        _("Bank transfers"), reverse("payments_admin:find_transfer"), icon_name="search", name="bank-transfers",
        order=160,
    )


class SalesReportMenuItem(MenuItem):
    """Shown to whoever has a store to report on (editors) or reads the marketplace (curators, administrators)."""

    def is_shown(self, request):
        readable = readable_store_ids(request.user)
        return readable is None or bool(readable)


@hooks.register("register_admin_menu_item")
def register_sales_report_menu_item():
    return SalesReportMenuItem(
        _("Sales reports"), reverse("payments_admin:sales_report"), icon_name="table", name="sales-reports", order=170
    )
