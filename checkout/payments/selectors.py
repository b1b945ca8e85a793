"""Read queries shared by the admin views, templates and commands of the payments app."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Sum
from django.urls import reverse

from checkout.models import Order, OrderStatus
from checkout.services.orders import PAID_STATES

from .models import ExternalReversal, PaymentAttempt, Refund, RefundStatus
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


@dataclass
class UnmatchedMoney:
    """A payment whose money is not (all) held by a paid order nor on its way back."""

    attempt: PaymentAttempt
    received: Decimal
    returned: Decimal
    returning: Decimal
    held_by_orders: Decimal

    @property
    def unaccounted(self) -> Decimal:
        return self.received - self.returned - self.returning - self.held_by_orders


def money_without_paid_order(limit: int = 500) -> list[UnmatchedMoney]:
    """Money the providers took that no paid order holds and that is not (being) given back: a duplicate payment
    whose automatic refund failed, a settlement after expiry or cancellation whose refund failed, a refund the
    provider rejected. Oldest first. For marketplace admins (``can_view_money_report``): it spans every store.

    Candidates (in SQL): payments with money received that are not the first paid attempt of their checkout, or
    whose checkout has an order that is not paid (cancelled, expired, awaiting). Each is then accounted for."""
    earlier_paid = PaymentAttempt.objects.filter(
        checkout_id=OuterRef("checkout_id"), status__in=MONEY_RECEIVED, number__lt=OuterRef("number")
    )
    unpaid_order = Order.objects.filter(
        checkout_id=OuterRef("checkout_id"),
        status__in=(OrderStatus.CANCELLED, OrderStatus.EXPIRED, OrderStatus.AWAITING_PAYMENT),
    )
    candidates = (
        PaymentAttempt.objects.filter(status__in=MONEY_RECEIVED)
        .filter(Q(Exists(earlier_paid)) | Q(Exists(unpaid_order)))
        .select_related("checkout")
        .order_by("updated_at", "pk")[:limit]
    )
    rows = [_account_for(attempt) for attempt in candidates]
    return [row for row in rows if row.unaccounted > 0]


def _account_for(attempt: PaymentAttempt) -> UnmatchedMoney:
    refunds = Refund.objects.filter(attempt=attempt)
    returned = refunds.filter(status=RefundStatus.SUCCEEDED).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    returning = refunds.filter(status=RefundStatus.PENDING).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    held = Decimal(0)
    counted = paid_attempt_for(Order(checkout_id=attempt.checkout_id))
    if counted is not None and counted.pk == attempt.pk:
        # What the paid orders keep: their totals minus their refunds (done or under way, already counted above).
        paid_orders = Order.objects.filter(checkout_id=attempt.checkout_id, status__in=PAID_STATES)
        totals = paid_orders.aggregate(s=Sum("total"))["s"] or Decimal(0)
        their_refunds = refunds.filter(order__in=paid_orders).committed().aggregate(s=Sum("amount"))["s"]
        held = totals - (their_refunds or Decimal(0))
    return UnmatchedMoney(attempt, attempt.amount, returned, returning, held)


def can_view_money_report(user) -> bool:
    """The report spans every store's payments: marketplace administrators only."""
    return can_resolve_reversals(user)
