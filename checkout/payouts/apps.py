from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from checkout.periodic import register_job


class PayoutsConfig(AppConfig):
    name = "checkout.payouts"
    label = "payouts"
    verbose_name = _("Payouts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers
        from .services import batches

        receivers.connect()
        register_job("refresh_queued_payouts", batches.refresh_queued_payouts, order=80)
