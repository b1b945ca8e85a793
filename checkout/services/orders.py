"""The order state machine and everything that moves an order (and its stock) from one state to another.

Contract with ``checkout.payments`` (engineer D): ``transition``, ``mark_checkout_paid``, ``expire_checkout``,
``cancel_order`` and ``apply_refund`` keep these names and guarantees.

Lock order, everywhere in this module: Checkout row → Order rows (pk order) → Stock rows (pk order).
Placement takes only Stock rows (pk order), so no two code paths wait on each other in opposite order.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Stock
from catalog.signals import stock_changed

from ..errors import IllegalTransition, InsufficientStock
from ..models import (
    Checkout,
    Order,
    OrderEvent,
    OrderStatus,
    Reservation,
    ReservationStatus,
    VoucherRedemption,
)
from .notifications import notify_buyer, notify_store_paid
from .stock import available_for, lock_stocks

logger = logging.getLogger(__name__)

S = OrderStatus

#: The whole state machine. Anything not listed is refused with IllegalTransition.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.AWAITING_PAYMENT: frozenset({S.PAID, S.CANCELLED, S.EXPIRED}),
    # A settlement that arrives after the payment window re-allocates if stock allows (expired → paid).
    S.EXPIRED: frozenset({S.PAID, S.REFUNDED}),
    S.PAID: frozenset({S.PROCESSING, S.SHIPPED, S.CANCELLED, S.REFUNDED}),
    S.PROCESSING: frozenset({S.SHIPPED, S.CANCELLED, S.REFUNDED}),
    S.SHIPPED: frozenset({S.DELIVERED, S.REFUNDED}),
    S.DELIVERED: frozenset({S.COMPLETED, S.REFUNDED}),
    S.COMPLETED: frozenset({S.REFUNDED}),
    # A cancelled order that had been paid is then refunded by the payments app.
    S.CANCELLED: frozenset({S.REFUNDED}),
    S.REFUNDED: frozenset(),
}

#: States in which the order holds stock as an allocation (paid, not yet shipped).
ALLOCATED_STATES = frozenset({S.PAID, S.PROCESSING})
#: States in which the buyer's money has been received.
PAID_STATES = frozenset({S.PAID, S.PROCESSING, S.SHIPPED, S.DELIVERED, S.COMPLETED})


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def _record(order: Order, type_: str, *, from_status="", to_status="", user=None, message="") -> OrderEvent:
    return OrderEvent.objects.create(
        order=order,
        type=type_,
        from_status=from_status,
        to_status=to_status,
        user=user if (user is not None and user.is_authenticated) else None,
        message=message or "",
    )


def _order_stock_lines(order: Order):
    """(line, stock) pairs of an order; stock is None when the SKU no longer has a Stock row."""
    lines = list(order.lines.all())
    skus = {ln.sku for ln in lines}
    stocks = {s.sku: s for s in Stock.objects.filter(store_id=order.store_id, sku__in=skus)}
    return [(ln, stocks.get(ln.sku)) for ln in lines]


def _release_reservations(order: Order) -> int:
    return Reservation.objects.filter(order_line__order=order, status=ReservationStatus.ACTIVE).update(
        status=ReservationStatus.RELEASED
    )


def _release_voucher(order: Order) -> None:
    """An order that never got paid gives its voucher use back. A marketplace voucher is one use per checkout
    (one redemption per order), so the use comes back when the checkout's last redemption goes."""
    from ..models import Voucher

    for redemption in VoucherRedemption.objects.filter(order=order):
        voucher_id = redemption.voucher_id
        redemption.delete()
        if not VoucherRedemption.objects.filter(voucher_id=voucher_id, order__checkout_id=order.checkout_id).exists():
            Voucher.objects.filter(pk=voucher_id, used_count__gt=0).update(used_count=F("used_count") - 1)


def _allocate(order: Order, pairs, now) -> None:
    """Turn the order's reservations into allocations. Raises InsufficientStock if a lapsed reservation's
    units have since been sold to someone else. Caller holds the Stock locks."""
    stocks = lock_stocks(s.pk for _ln, s in pairs if s is not None)
    line_ids = [ln.pk for ln, _s in pairs]
    # What others can still get, not counting this order's own (possibly lapsed) reservations.
    available = available_for(stocks.values(), now=now, exclude_line_ids=line_ids)
    needed: dict[int, int] = {}
    short = []
    for ln, s in pairs:
        if s is None:
            short.append((ln, ln.quantity, 0))
            continue
        needed[s.pk] = needed.get(s.pk, 0) + ln.quantity
    for ln, s in pairs:
        if s is not None and needed[s.pk] > available[s.pk]:
            short.append((ln, ln.quantity, available[s.pk]))
    if short:
        raise InsufficientStock(_("Stok sudah habis untuk sebagian barang pesanan ini."), items=short)
    for stock_pk, n in needed.items():
        Stock.objects.filter(pk=stock_pk).update(quantity_allocated=F("quantity_allocated") + n)
    for ln, s in pairs:
        reservation = ln.reservations.order_by("-pk").first()
        if reservation is None:
            Reservation.objects.create(
                order_line=ln, stock=s, quantity=ln.quantity, reserved_until=now, status=ReservationStatus.ALLOCATED
            )
        else:
            ln.reservations.exclude(pk=reservation.pk).update(status=ReservationStatus.RELEASED)
            reservation.status = ReservationStatus.ALLOCATED
            reservation.save(update_fields=["status"])


def _deallocate(order: Order, pairs) -> None:
    lock_stocks(s.pk for _ln, s in pairs if s is not None)
    for ln, s in pairs:
        if s is not None:
            Stock.objects.filter(pk=s.pk, quantity_allocated__gte=ln.quantity).update(
                quantity_allocated=F("quantity_allocated") - ln.quantity
            )
    Reservation.objects.filter(order_line__order=order, status=ReservationStatus.ALLOCATED).update(
        status=ReservationStatus.RELEASED
    )


def _consume(pairs) -> None:
    """Shipped: the units leave the shelf (quantity and allocation both go down)."""
    lock_stocks(s.pk for _ln, s in pairs if s is not None)
    for ln, s in pairs:
        if s is not None:
            Stock.objects.filter(pk=s.pk, quantity_allocated__gte=ln.quantity, quantity__gte=ln.quantity).update(
                quantity_allocated=F("quantity_allocated") - ln.quantity, quantity=F("quantity") - ln.quantity
            )


def _stock_effects(order: Order, from_status: str, to_status: str, now) -> None:
    releases = from_status == S.AWAITING_PAYMENT and to_status in (S.CANCELLED, S.EXPIRED)
    deallocates = from_status in ALLOCATED_STATES and to_status in (S.CANCELLED, S.REFUNDED)
    consumes = from_status in ALLOCATED_STATES and to_status == S.SHIPPED
    if not (to_status == S.PAID or releases or deallocates or consumes):
        return
    pairs = _order_stock_lines(order)  # (line, stock) pairs, read once for the move and for the listeners
    if to_status == S.PAID:
        _allocate(order, pairs, now)
    elif releases:
        _release_reservations(order)
        _release_voucher(order)
    elif deallocates:
        _deallocate(order, pairs)
    else:
        _consume(pairs)
    # The moves above are bulk updates, which send no post_save: tell the listeners (the page cache) directly.
    stock_changed.send(sender=Order, stock_ids=[s.pk for _ln, s in pairs if s is not None])


def transition(order: Order, to_status: str, *, user=None, message: str = "") -> Order:
    """Move ``order`` to ``to_status`` through the state machine (``TRANSITIONS``).

    Guarantees: runs in one transaction with the Order row locked; the status is re-read under the lock, so
    two concurrent transitions cannot both start from the same state; stock follows the status (→ paid
    allocates, awaiting payment → cancelled/expired releases reservations, paid/processing → cancelled
    releases the allocation, → shipped takes the units off the shelf); one OrderEvent records who and when.
    Raises ``IllegalTransition`` (nothing changes) for a move the machine does not allow, and
    ``InsufficientStock`` when → paid finds the units gone. Returns the updated order (also refreshed in place).
    """
    to_status = OrderStatus(to_status)
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        from_status = locked.status
        if not can_transition(from_status, to_status):
            raise IllegalTransition(
                _("Pesanan %(number)s tidak bisa diubah dari “%(from)s” ke “%(to)s”.")
                % {"number": locked.number, "from": S(from_status).label, "to": to_status.label}
            )
        now = timezone.now()
        _stock_effects(locked, from_status, to_status, now)
        locked.status = to_status
        update = ["status", "updated_at"]
        if to_status == S.PAID and not locked.paid_at:
            locked.paid_at = now
            update.append("paid_at")
        if to_status == S.SHIPPED:
            locked.shipped_at = now
            update.append("shipped_at")
        locked.save(update_fields=update)
        _record(locked, "status", from_status=from_status, to_status=to_status, user=user, message=message)
        if to_status in (S.PAID, S.SHIPPED, S.CANCELLED):
            notify_buyer(locked, to_status)
        if to_status == S.PAID:
            notify_store_paid(locked)
    order.refresh_from_db()
    return locked


@dataclass
class PaidResult:
    """What ``mark_checkout_paid`` did in this call.

    ``paid_orders``: orders moved to paid by this call. ``orders_without_stock``: orders that received money in
    this call but whose units are gone (they are cancelled; the payments app refunds them). A repeated call
    returns both empty: nothing is reported twice.
    """

    paid_orders: list[Order] = field(default_factory=list)
    orders_without_stock: list[Order] = field(default_factory=list)

    @property
    def all_paid(self) -> bool:
        return not self.orders_without_stock


def _lock_checkout_orders(checkout: Checkout) -> list[Order]:
    Checkout.objects.select_for_update().filter(pk=checkout.pk).first()
    orders = list(Order.objects.select_for_update().filter(checkout=checkout).order_by("pk"))
    # All stock rows of the whole checkout, in pk order, before any per-order work (deadlock-free).
    lock_stocks(s.pk for o in orders for _ln, s in _order_stock_lines(o) if s is not None)
    return orders


def mark_checkout_paid(checkout: Checkout, *, message: str = "") -> PaidResult:
    """The checkout's payment succeeded: allocate stock and move its unpaid orders to paid.

    Idempotent (orders already paid or further are left alone). Locks Checkout → Orders → Stocks in pk order,
    in one transaction. Active reservations become allocations; an order whose reservation lapsed or was
    released (expired order, late settlement) is re-allocated if stock still allows, otherwise it is cancelled
    and returned in ``orders_without_stock`` for the payments app to refund. E-mails go out after commit.
    """
    result = PaidResult()
    with transaction.atomic():
        for order in _lock_checkout_orders(checkout):
            if order.status not in (S.AWAITING_PAYMENT, S.EXPIRED):
                if order.status == S.CANCELLED and not order.events.filter(type="paid_without_stock").exists():
                    # Money arrived for an order the buyer or store already cancelled: refund, once.
                    _record(order, "paid_without_stock", message=message or _("Pembayaran diterima setelah dibatalkan."))
                    result.orders_without_stock.append(order)
                continue
            try:
                with transaction.atomic():
                    result.paid_orders.append(transition(order, S.PAID, message=message))
            except InsufficientStock:
                if order.status == S.AWAITING_PAYMENT:
                    order = transition(
                        order, S.CANCELLED, message=_("Pembayaran diterima, tetapi stok sudah habis. Dana dikembalikan.")
                    )
                    Order.objects.filter(pk=order.pk).update(
                        cancel_reason=_("Stok habis saat pembayaran diterima.")
                    )
                _record(order, "paid_without_stock", message=message)
                result.orders_without_stock.append(order)
    return result


def expire_checkout(checkout: Checkout, *, reason: str = "") -> None:
    """The checkout's payment window closed unpaid: its awaiting-payment orders become expired.

    Idempotent; never touches paid (or later) orders. Releases the reservations and voucher uses of the orders
    it expires, in one transaction with Checkout → Orders → Stocks locked.
    """
    with transaction.atomic():
        for order in _lock_checkout_orders(checkout):
            if order.status == S.AWAITING_PAYMENT:
                transition(order, S.EXPIRED, message=reason or _("Batas waktu pembayaran habis."))


def cancel_order(order: Order, *, user=None, reason: str) -> Order:
    """Cancel one order with a reason (shown to the buyer).

    Idempotent: an already cancelled order is returned unchanged. Awaiting payment → reservations released;
    paid/processing → allocation released (the refund is the payments app's business). Shipped or later orders
    cannot be cancelled (``IllegalTransition``).
    """
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status == S.CANCELLED:
            return locked
        locked.cancel_reason = reason
        locked.save(update_fields=["cancel_reason", "updated_at"])
        locked = transition(locked, S.CANCELLED, user=user, message=reason)
    order.refresh_from_db()
    return locked


def apply_refund(order: Order, amount: Decimal, *, user=None, reason: str = "") -> Order:
    """Record money returned to the buyer: ``refunded_amount += amount``; once it reaches the total the order
    moves to refunded (releasing any allocation). Amount must be positive and not exceed what is left."""
    amount = Decimal(amount)
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        left = locked.total - locked.refunded_amount
        if amount <= 0 or amount > left:
            raise IllegalTransition(
                _("Jumlah pengembalian tidak valid (sisa yang bisa dikembalikan: %(left)s).") % {"left": left}
            )
        locked.refunded_amount = locked.refunded_amount + amount
        locked.save(update_fields=["refunded_amount", "updated_at"])
        _record(locked, "refund", user=user, message=f"{amount} {locked.currency} {reason}".strip())
        if locked.refunded_amount >= locked.total and locked.status != S.REFUNDED:
            locked = transition(locked, S.REFUNDED, user=user, message=reason)
    order.refresh_from_db()
    return locked


def mark_processing(order: Order, *, user=None) -> Order:
    return transition(order, S.PROCESSING, user=user)


def flag_for_attention(order: Order, message: str) -> OrderEvent:
    """Record, on the order's history, something a person must look at (shown as a warning on the admin page).
    Changes no status and no money."""
    return _record(order, ATTENTION_EVENT, message=message)


ATTENTION_EVENT = "payment_attention"
ATTENTION_RESOLVED_EVENT = "payment_attention_resolved"


def record_attention_resolved(order: Order, message: str, *, user=None) -> OrderEvent:
    """Record on the order's history that a person settled something flagged with ``flag_for_attention``."""
    return _record(order, ATTENTION_RESOLVED_EVENT, user=user, message=message)


def mark_delivered(order: Order, *, user=None) -> Order:
    """The parcel reached the buyer (shipped → delivered). ``IllegalTransition`` from any other state."""
    return transition(order, S.DELIVERED, user=user)


def mark_completed(order: Order, *, user=None) -> Order:
    """The order is done (delivered → completed). ``IllegalTransition`` from any other state."""
    return transition(order, S.COMPLETED, user=user)


def mark_shipped(order: Order, *, courier: str, tracking_number: str, user=None) -> Order:
    """Enter courier and tracking number and move the order to shipped (units leave the shelf)."""
    courier, tracking_number = courier.strip(), tracking_number.strip()
    if not courier or not tracking_number:
        raise IllegalTransition(_("Isi kurir dan nomor resi."))
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if not can_transition(locked.status, S.SHIPPED):
            raise IllegalTransition(_("Pesanan ini belum dibayar atau sudah dikirim."))
        locked.courier, locked.tracking_number = courier, tracking_number
        locked.save(update_fields=["courier", "tracking_number", "updated_at"])
        locked = transition(
            locked, S.SHIPPED, user=user, message=f"{courier} {tracking_number}"
        )
    order.refresh_from_db()
    return locked
