from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Catalogue")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import admin_links, checks, db_statistics, signal_handlers, spreadsheet  # noqa: F401

        db_statistics.connect(self)
        admin_links.guard_admin_url_fields()
        spreadsheet.install()
