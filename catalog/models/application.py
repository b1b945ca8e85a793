"""A pesantren's application to sell in the marketplace (issue 13.6): filled in on the public form, reviewed by a
curator, and on approval turned into a store with its editor (``catalog.services.applications``).

The bank account given here is read once, at approval (``catalog.services.applications.
application_bank_details``): the payout app makes it a change waiting for an administrator's approval
(``checkout.payouts.receivers``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.validators import validate_halal_numbers, validate_nib


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class StoreApplicationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ApplicationStatus.PENDING)


class StoreApplication(models.Model):
    pesantren_name = models.CharField(_("pesantren name"), max_length=120)
    cooperative_name = models.CharField(_("cooperative name"), max_length=120)
    legal_seller = models.CharField(
        _("legal seller"), max_length=200, help_text=_("The legal entity that sells, usually the cooperative.")
    )
    contact_name = models.CharField(_("contact person"), max_length=120)
    # 150: the editor's username is this address, and Django's usernames are at most 150 characters.
    email = models.EmailField(_("e-mail"), max_length=150, help_text=_("The store's editor signs in with this address."))
    whatsapp = models.CharField(_("WhatsApp number"), max_length=20)
    products = models.TextField(_("what you sell"), max_length=1000)
    nib = models.CharField(_("NIB"), max_length=13, validators=[validate_nib])
    halal_numbers = models.TextField(
        _("halal certificate numbers"), blank=True, max_length=500, validators=[validate_halal_numbers]
    )
    bank_name = models.CharField(_("bank"), max_length=80)
    bank_account_number = models.CharField(_("account number"), max_length=40)
    bank_account_holder = models.CharField(_("account holder name"), max_length=120)

    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    store = models.OneToOneField(
        "catalog.Store", null=True, blank=True, on_delete=models.SET_NULL, related_name="application",
        verbose_name=_("store"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    objects = StoreApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("store application")
        verbose_name_plural = _("store applications")
        indexes = [models.Index(fields=["status", "submitted_at"], name="catalog_application_queue")]

    def __str__(self):
        return self.pesantren_name

    @property
    def is_pending(self) -> bool:
        return self.status == ApplicationStatus.PENDING
