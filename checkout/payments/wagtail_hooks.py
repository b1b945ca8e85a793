"""Admin wiring of the payments app: the refund and manual-confirmation views.

The order admin (engineer C) shows the payment panel with ``{% load payments_admin %}{% payment_panel order %}``
(attempts, refunds, and the Refund / Confirm transfer buttons the current user may use).
"""

from django.urls import include, path
from wagtail import hooks

from . import admin_views

admin_urlpatterns = (
    [
        path("orders/<int:order_id>/refund/", admin_views.refund_view, name="refund"),
        path("attempts/<int:attempt_id>/confirm/", admin_views.confirm_manual_view, name="confirm_manual"),
        path("reversals/<int:reversal_id>/resolve/", admin_views.resolve_reversal_view, name="resolve_reversal"),
    ],
    "payments_admin",
)


@hooks.register("register_admin_urls")
def register_payment_admin_urls():
    return [path("payments/", include(admin_urlpatterns))]


@hooks.register("construct_homepage_panels")
def add_open_reversals_panel(request, panels):
    from .admin_panels import panels_for

    panels.extend(panels_for(request))
