from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .store import StoreOwned


class ImportMode(models.TextChoices):
    FULL = "full", _("Products, variants, prices and stock")
    STOCK = "stock", _("Stock only")
    PRICES = "prices", _("Prices only")


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Checking the file")
    INVALID = "invalid", _("Has bad rows")
    READY = "ready", _("Checked, ready to apply")
    APPLYING = "applying", _("Applying")
    DONE = "done", _("Applied")
    FAILED = "failed", _("Failed, nothing changed")


class ImportJob(StoreOwned):
    """One uploaded product file of a store: checked first (a dry run), then applied, all or nothing.

    ``report`` holds the dry run's (and later the application's) outcome: counts, per-row changes and bad rows
    (``catalog.services.product_import.Report.as_dict``). Progress while a background task works on it is
    ``rows_done`` of ``rows_total``.
    """

    file = models.FileField(_("file"), upload_to="product-imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    mode = models.CharField(_("what to update"), max_length=8, choices=ImportMode.choices, default=ImportMode.FULL)
    publish = models.BooleanField(_("publish"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKING)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    language = models.CharField(_("language"), max_length=8, default="id")
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("product import")
        verbose_name_plural = _("product imports")

    def __str__(self):
        return self.original_name

    @property
    def is_working(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.APPLYING)

    @property
    def progress_percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))
