from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from catalog.reviews import register_review_source
from catalog.shipping_offers import register_shipping_offer_source

from .periodic import register_job


class CheckoutConfig(AppConfig):
    name = "checkout"
    verbose_name = _("Checkout and orders")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import feed_shipping, review_selectors
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
        # The product feeds (cms) read shipping rates through the catalog's port in the same way.
        register_shipping_offer_source(feed_shipping.feed_shipping_offers)
        rate = self.get_model("ShippingRate")
        post_save.connect(feed_shipping.rate_changed, sender=rate, dispatch_uid="checkout.shipping_rate_saved")
        post_delete.connect(feed_shipping.rate_changed, sender=rate, dispatch_uid="checkout.shipping_rate_deleted")
