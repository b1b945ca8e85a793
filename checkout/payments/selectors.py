"""Read queries shared by the admin views, templates and commands of the payments app."""

from __future__ import annotations

from checkout.models import Order

from .models import ExternalReversal, PaymentAttempt, Refund
from .services import MONEY_RECEIVED, OPEN_STATUSES, paid_attempt_for, refundable_amount


def orders_for(user):
    """Orders the user may act on: their stores' orders (all of them for superusers). The one scoping rule here."""
    return Order.objects.for_user_stores(user).select_related("store", "checkout")


def attempts_for(user):
    return PaymentAttempt.objects.filter(checkout__orders__in=orders_for(user)).distinct()


def can_confirm_manual(user, attempt: PaymentAttempt) -> bool:
    """A manual transfer is confirmed by an administrator, or by the store when the whole checkout is theirs."""
    if attempt.gateway != "manual" or attempt.status not in OPEN_STATUSES:
        return False
    if user.is_superuser:
        return True
    checkout_orders = Order.objects.filter(checkout_id=attempt.checkout_id)
    return not checkout_orders.exclude(pk__in=orders_for(user).values("pk")).exists()


def can_resolve_reversals(user) -> bool:
    """Settling a reversal may move money between several stores' orders: marketplace administrators only."""
    return bool(user.is_active and user.is_superuser)


def open_reversals(order: Order | None = None):
    """Reversals a person still has to settle, oldest first: on ``order``'s payment, or (None) in every store."""
    qs = ExternalReversal.objects.filter(outcome=ExternalReversal.Outcome.NEEDS_ATTENTION)
    if order is not None:
        qs = qs.filter(attempt__checkout_id=order.checkout_id)
    return qs.select_related("attempt").order_by("created_at", "pk")


def payment_attention(order: Order, user) -> dict:
    """The warning at the top of an order's admin page: reversals on its payment a person still has to settle."""
    return {"order": order, "open_reversals": list(open_reversals(order)), "can_resolve": can_resolve_reversals(user)}


def payment_panel(order: Order, user) -> dict:
    """What the order's admin page shows about its payment, and which buttons it offers."""
    from django.urls import reverse

    attempts = list(PaymentAttempt.objects.filter(checkout_id=order.checkout_id).order_by("number"))
    paid = paid_attempt_for(order)
    left = refundable_amount(order) if paid else 0
    actions = []
    if paid and left > 0 and orders_for(user).filter(pk=order.pk).exists():
        actions.append({"url": reverse("payments_admin:refund", args=[order.pk]), "label": "refund"})
    manual = next((a for a in attempts if can_confirm_manual(user, a)), None)
    return {
        "order": order,
        "attempts": attempts,
        "refunds": list(Refund.objects.filter(order=order)),
        "refundable": left,
        "refund_url": reverse("payments_admin:refund", args=[order.pk]) if paid and left > 0 else "",
        "confirm_attempt": manual,
        "money_received": bool(paid and paid.status in MONEY_RECEIVED),
        "actions": actions,
    }
