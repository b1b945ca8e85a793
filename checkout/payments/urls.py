"""Mounted at the site root. The notification paths are exact (no trailing slash) so nothing ever redirects them."""

from django.urls import path

from . import simulators, views

app_name = "payments"

urlpatterns = [
    path("payments/midtrans/notification", views.midtrans_notification, name="midtrans_notification"),
    path("payments/stripe/webhook", views.stripe_webhook, name="stripe_webhook"),
    path("payments/return/<str:provider_id>", views.payment_return, name="return"),
    path("payments/manual/<str:token>/<int:number>", views.manual_instructions, name="manual_instructions"),
    *simulators.urlpatterns,
]
