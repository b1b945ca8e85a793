from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "checkout.payments"
    label = "payments"
    verbose_name = _("Payment")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import port

        port.register()
