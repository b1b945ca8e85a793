from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import image_limits, provisioning, signal_handlers

        image_limits.align_pillow_with_upload_limit()
        signal_handlers.connect()
        provisioning.connect()
