"""Background work (django-tasks). Tasks take primary keys and re-fetch the rows (Wagtail's habit)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def release_expired_reservations_task() -> int:
    from .services.expiry import release_expired_reservations

    return release_expired_reservations()


@task()
def send_order_email(kind: str, order_id: int) -> None:
    """``kind``: placed, paid, shipped, cancelled (to the buyer) or store_paid (to the store)."""
    from .models import Order

    order = Order.objects.select_related("checkout", "store").filter(pk=order_id).first()
    if order is None:
        return
    checkout = order.checkout
    if kind == "store_paid":
        language, recipient = "id", order.store.contact_email
    else:
        language, recipient = checkout.language or "id", checkout.email
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {"order": order, "checkout": checkout, "store": order.store, "lines": list(order.lines.all()),
               "order_url": base + order.get_absolute_url(), "base_url": base}
    with translation.override(language):
        subject = render_to_string(f"checkout/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"checkout/email/{kind}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [recipient])
