"""Mounted at the site root. The notification paths are exact (no trailing slash) so nothing ever redirects them."""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.utils.urlpatterns import decorate_urlpatterns

from . import simulators, views

app_name = "payments"

urlpatterns = [
    path("payments/midtrans/notification", views.midtrans_notification, name="midtrans_notification"),
    path("payments/stripe/webhook", views.stripe_webhook, name="stripe_webhook"),
    path("payments/return/<str:provider_id>", views.payment_return, name="return"),
    path("payments/cancel/<str:provider_id>", views.cancel_payment, name="cancel"),
    path("payments/manual/<str:token>/<int:number>", views.manual_instructions, name="manual_instructions"),
    *simulators.urlpatterns,
]
# Payment pages show one buyer's order and payment: never stored by a browser or a proxy (as ``checkout.urls``).
urlpatterns = decorate_urlpatterns(urlpatterns, never_cache)
