"""Background work of the catalog (django-tasks). Tasks take primary keys and re-fetch the rows."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from .models import StockAlert, StoreApplication
from .services import import_jobs

# The URL name of the unsubscribe page (GET: confirm, POST: unsubscribe), taking ``token``; cms provides it.
UNSUBSCRIBE_URL_NAME = "opop_stock_alert_unsubscribe"
# The URL name of the set-password page of a new store editor, taking ``uidb64`` and ``token``; cms provides it.
SET_PASSWORD_URL_NAME = "opop_set_password"


# The URL name of the public store application form; cms provides it.
APPLICATION_FORM_URL_NAME = "opop_store_application"


def _unsubscribe_url(base: str, token: str) -> str:
    try:
        return base + reverse(UNSUBSCRIBE_URL_NAME, kwargs={"token": token})
    except NoReverseMatch:
        return ""


def _application_form_url(base: str) -> str:
    try:
        return base + reverse(APPLICATION_FORM_URL_NAME)
    except NoReverseMatch:
        return base


@task()
def send_stock_alert(alert_id: int) -> None:
    """The one back-in-stock e-mail of an alert, in the subscriber's language."""
    alert = (
        StockAlert.objects.select_related("variant", "variant__product", "variant__product__store")
        .filter(pk=alert_id)
        .first()
    )
    if alert is None:
        return
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    unsubscribe_url = _unsubscribe_url(base, alert.token)
    context = {
        "alert": alert,
        "variant": alert.variant,
        "product": alert.variant.product,
        "store": alert.variant.product.store,
        "product_url": alert.product_url or base,
        "unsubscribe_url": unsubscribe_url,
    }
    with translation.override(alert.language or "id"):
        subject = render_to_string("catalog/email/stock_alert_subject.txt", context).strip()
        body = render_to_string("catalog/email/stock_alert.txt", context)
    headers = {}
    if unsubscribe_url:
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    EmailMessage(" ".join(subject.split()), body, None, [alert.email], headers=headers).send()


def _send_application_mail(application: StoreApplication, template: str, **context) -> None:
    """An e-mail to the applicant, in Indonesian (the form is for East Java's pesantren)."""
    context = {"application": application, "base": settings.WAGTAILADMIN_BASE_URL.rstrip("/"), **context}
    with translation.override("id"):
        subject = render_to_string(f"catalog/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"catalog/email/{template}.txt", context)
    EmailMessage(" ".join(subject.split()), body, None, [application.email]).send()


@task()
def send_application_received(application_id: int) -> None:
    application = StoreApplication.objects.filter(pk=application_id).first()
    if application is not None:
        _send_application_mail(application, "application_received")


@task()
def send_application_rejected(application_id: int) -> None:
    application = StoreApplication.objects.filter(pk=application_id).first()
    if application is not None:
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        _send_application_mail(application, "application_rejected", apply_url=_application_form_url(base))


def set_password_url(user) -> str:
    """A one-time link (Django's password-reset token: it stops working once the password is set)."""
    path = reverse(
        SET_PASSWORD_URL_NAME,
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)},
    )
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@task()
def send_editor_invitation(application_id: int) -> None:
    """The new editor's e-mail: their store is approved, and the link to set their password."""
    application = StoreApplication.objects.select_related("store").filter(pk=application_id).first()
    if application is None or application.store is None:
        return
    user = get_user_model().objects.filter(username=application.email.lower()).first()
    if user is None:
        return
    _send_application_mail(
        application, "editor_invitation", store=application.store, user=user, set_password_url=set_password_url(user)
    )


@task()
def check_product_import(job_id: int) -> None:
    """The dry run of a large product file (``catalog.services.import_jobs``)."""
    import_jobs.run_check(job_id)


@task()
def apply_product_import(job_id: int) -> None:
    """Apply a checked product file, all or nothing."""
    import_jobs.run_apply(job_id)
