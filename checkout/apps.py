from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckoutConfig(AppConfig):
    name = "checkout"
    verbose_name = _("Checkout dan pesanan")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .services.cart import on_user_logged_in

        user_logged_in.connect(on_user_logged_in, dispatch_uid="checkout.merge_cart_on_login")
