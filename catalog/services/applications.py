"""Onboarding (issue 13.6): a pesantren applies on the public form, a curator approves or rejects.

Approval is one transaction: the store (``create_store``: editors' group, image collection, permissions and, through
``store_provisioned``, the storefront page), the editor's account in that group, and the application marked
approved. Any refusal (already reviewed, e-mail already has an account, slug or page address taken) raises before
anything is kept. E-mails leave through the task queue after the commit (``catalog.tasks``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from catalog import tasks
from catalog.models import ApplicationStatus, Store, StoreApplication
from catalog.signals import store_application_approved
from catalog.throttle import FailureCounter

from .stores import StoreSpec, create_store

# Applications from one address: a few a day is a pesantren correcting itself, more is a flood.
SUBMISSIONS = FailureCounter("store-application", limit=5, window_seconds=60 * 60)


class ApplicationError(Exception):
    """A review that cannot be done; the message is for the curator."""


@dataclass(frozen=True)
class BankDetails:
    bank: str
    account_number: str
    holder: str


def _queue(task, application_id: int) -> None:
    transaction.on_commit(lambda: task.enqueue(application_id))


def suggested_slug(application: StoreApplication) -> str:
    return slugify(application.pesantren_name)[:60]


@transaction.atomic
def submit_application(application: StoreApplication) -> StoreApplication:
    """Save a validated application and queue the applicant's confirmation e-mail (after the commit)."""
    application.status = ApplicationStatus.PENDING
    application.save()
    _queue(tasks.send_application_received, application.pk)
    return application


def _account_exists(email: str) -> bool:
    return get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists()


def _locked_pending(application_id: int) -> StoreApplication:
    application = StoreApplication.objects.select_for_update().filter(pk=application_id).first()
    if application is None:
        raise ApplicationError(_("This application does not exist."))
    if not application.is_pending:
        raise ApplicationError(
            _("This application was already reviewed (%(status)s); nothing was changed.")
            % {"status": application.get_status_display()}
        )
    return application


def _mark_reviewed(application: StoreApplication, reviewer, status: str, **fields) -> None:
    application.status = status
    application.reviewed_by = reviewer
    application.reviewed_at = timezone.now()
    for name, value in fields.items():
        setattr(application, name, value)
    application.save()


def _create_editor(application: StoreApplication, store: Store):
    """The store's first editor: signs in with the application's e-mail, and has no password until they set one
    through the e-mailed link."""
    user = get_user_model()(
        username=application.email.lower(),
        email=application.email.lower(),
        first_name=application.contact_name[:150],
    )
    user.set_unusable_password()
    user.save()
    user.groups.add(store.editors_group)
    return user


@transaction.atomic
def approve_application(application_id: int, reviewer, slug: str = "") -> Store:
    """Approve a pending application: store, editors' group, collection, storefront page and the editor's account,
    all in one transaction (the application row is locked, so two curators approving at once make one store).

    Raises ``ApplicationError`` (already reviewed, the e-mail already has an account) or ``ValidationError`` (slug
    or page address taken, a field the store refuses); nothing is kept then. The editor's set-password e-mail is
    queued after the commit."""
    application = _locked_pending(application_id)
    if _account_exists(application.email):
        raise ApplicationError(
            _("An account with the e-mail %(email)s already exists; nothing was changed.") % {"email": application.email}
        )
    slug = slug or suggested_slug(application)
    if Store.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("The address /%(slug)s/ is already used by another store.") % {"slug": slug}})
    store = create_store(
        StoreSpec(
            name=application.pesantren_name,
            slug=slug,
            legal_seller=application.legal_seller,
            contact_email=application.email,
            whatsapp=application.whatsapp,
        )
    )
    _create_editor(application, store)
    _mark_reviewed(application, reviewer, ApplicationStatus.APPROVED, store=store)
    store_application_approved.send(StoreApplication, application=application, store=store, reviewer=reviewer)
    _queue(tasks.send_editor_invitation, application.pk)
    return store


@transaction.atomic
def reject_application(application_id: int, reviewer, reason: str) -> StoreApplication:
    """Reject a pending application with a reason, which is e-mailed to the applicant (after the commit)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write the reason: the applicant receives it by e-mail.")})
    application = _locked_pending(application_id)
    _mark_reviewed(application, reviewer, ApplicationStatus.REJECTED, rejection_reason=reason)
    _queue(tasks.send_application_rejected, application.pk)
    return application


def application_bank_details(application: StoreApplication) -> BankDetails | None:
    """The bank account given on the application, or ``None`` when a field is empty. Read once, at approval, by the
    receivers of ``catalog.signals.store_application_approved`` (the payout app makes it a payout account change
    for an administrator to approve)."""
    details = BankDetails(
        application.bank_name.strip(), application.bank_account_number.strip(), application.bank_account_holder.strip()
    )
    return details if all((details.bank, details.account_number, details.holder)) else None
