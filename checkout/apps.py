from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _

from catalog.reviews import register_review_source

from .periodic import register_job


class CheckoutConfig(AppConfig):
    name = "checkout"
    verbose_name = _("Checkout and orders")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import review_selectors
        from .services import (  # they import the models: not before the app registry is ready
            cart,
            digests,
            expiry,
        )

        user_logged_in.connect(cart.on_user_logged_in, dispatch_uid="checkout.merge_cart_on_login")
        register_job(
            "release_expired_reservations",
            lambda: f"{expiry.release_expired_reservations()} checkout(s) expired",
            order=50,
        )
        register_job("send_store_digests", digests.send_due_digests, order=60)
        # The product page (cms) reads reviews through the catalog's port, never importing checkout.
        register_review_source(review_selectors.product_reviews)
