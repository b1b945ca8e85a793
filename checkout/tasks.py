"""Background work (django-tasks). Tasks take primary keys and re-fetch the rows (Wagtail's habit)."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from catalog.models import Store

from .models import Order
from .models.digest import paid_orders
from .review_links import review_path

logger = logging.getLogger(__name__)


@task()
def release_expired_reservations_task() -> int:
    # Imported here, not above: the services enqueue this module's tasks (``services.notifications``), so the
    # module-level import runs services -> tasks and this one, at run time, tasks -> services.
    from .services.expiry import release_expired_reservations

    return release_expired_reservations()


@task()
def send_order_email(kind: str, order_id: int) -> None:
    """``kind``: placed, paid, shipped, delivered (with the review link), cancelled (to the buyer) or store_paid
    (to the store)."""
    order = Order.objects.select_related("checkout", "store").filter(pk=order_id).first()
    if order is None:
        return
    checkout = order.checkout
    if kind == "store_paid":
        language, recipient = "id", order.store.contact_email
    else:
        language, recipient = checkout.language or "id", checkout.email
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "order": order, "checkout": checkout, "store": order.store, "lines": list(order.lines.all()),
        "order_url": base + order.get_absolute_url(), "base_url": base,
        # The checkout's payment page (one payment for all its store orders), while the order is unpaid.
        "pay_url": base + reverse("checkout:done", args=[checkout.token]) if order.is_awaiting_payment else "",
        "review_url": base + review_path(order) if kind == "delivered" else "",
    }
    with translation.override(language):
        subject = render_to_string(f"checkout/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"checkout/email/{kind}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [recipient])


@task()
def send_store_digest(store_id: int, day: str) -> None:
    """A store's summary of the orders paid on ``day`` (ISO date), in Indonesian, to its contact e-mail."""
    store = Store.objects.filter(pk=store_id).first()
    if store is None:
        return
    the_day = date.fromisoformat(day)
    orders = list(paid_orders(store, the_day).select_related("checkout"))
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {"store": store, "day": the_day, "orders": orders, "base_url": base}
    with translation.override("id"):
        subject = render_to_string("checkout/email/store_digest_subject.txt", context).strip()
        body = render_to_string("checkout/email/store_digest.txt", context)
    send_mail(" ".join(subject.split()), body, None, [store.contact_email])
