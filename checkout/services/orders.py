"""The order state machine and everything that moves an order (and its stock) from one state to another.

What ``checkout.payments`` relies on: ``transition``, ``mark_checkout_paid``, ``expire_checkout``,
``cancel_order`` and ``apply_refund`` keep these names and guarantees.

Row locks come from ``checkout.locks``, in its documented order (Checkout → Orders → Stock, each in pk order).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Stock
from catalog.signals import stock_changed

from ..errors import IllegalTransition, InsufficientStock
from ..locks import lock_checkout_orders_and_stock, lock_order, lock_stocks
from ..models import (
    Checkout,
    Order,
    OrderEvent,
    OrderEventType,
    OrderStatus,
    Reservation,
    ReservationStatus,
    Voucher,
    VoucherRedemption,
)
from ..signals import order_refunded, order_status_changed
from .notifications import notify_buyer, notify_store_paid
from .stock import available_for, needed_per_stock, shortfall

logger = logging.getLogger(__name__)

#: The whole state machine. Anything not listed is refused with IllegalTransition.
TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.AWAITING_PAYMENT: frozenset({OrderStatus.PAID, OrderStatus.CANCELLED, OrderStatus.EXPIRED}),
    # A settlement that arrives after the payment window re-allocates if stock allows (expired → paid).
    OrderStatus.EXPIRED: frozenset({OrderStatus.PAID, OrderStatus.REFUNDED}),
    OrderStatus.PAID: frozenset({OrderStatus.PROCESSING, OrderStatus.SHIPPED, OrderStatus.CANCELLED, OrderStatus.REFUNDED}),
    OrderStatus.PROCESSING: frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED, OrderStatus.REFUNDED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED, OrderStatus.REFUNDED}),
    OrderStatus.DELIVERED: frozenset({OrderStatus.COMPLETED, OrderStatus.REFUNDED}),
    OrderStatus.COMPLETED: frozenset({OrderStatus.REFUNDED}),
    # A cancelled order that had been paid is then refunded by the payments app.
    OrderStatus.CANCELLED: frozenset({OrderStatus.REFUNDED}),
    OrderStatus.REFUNDED: frozenset(),
}

#: States in which the order holds stock as an allocation (paid, not yet shipped).
ALLOCATED_STATES = frozenset({OrderStatus.PAID, OrderStatus.PROCESSING})
#: States in which the buyer's money has been received.
PAID_STATES = frozenset({OrderStatus.PAID, OrderStatus.PROCESSING, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED})


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
    demand = [(ln, s, ln.quantity) for ln, s in pairs]
    short = shortfall(demand, available)
    if short:
        raise InsufficientStock(_("Some items in this order are out of stock."), items=short)
    for stock_pk, n in needed_per_stock(demand).items():
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
    releases = from_status == OrderStatus.AWAITING_PAYMENT and to_status in (OrderStatus.CANCELLED, OrderStatus.EXPIRED)
    deallocates = from_status in ALLOCATED_STATES and to_status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED)
    consumes = from_status in ALLOCATED_STATES and to_status == OrderStatus.SHIPPED
    if not (to_status == OrderStatus.PAID or releases or deallocates or consumes):
        return
    pairs = _order_stock_lines(order)  # (line, stock) pairs, read once for the move and for the listeners
    if to_status == OrderStatus.PAID:
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
        locked = lock_order(order.pk)
        from_status = locked.status
        if not can_transition(from_status, to_status):
            raise IllegalTransition(
                _("Order %(number)s cannot change from “%(from)s” to “%(to)s”.")
                % {"number": locked.number, "from": OrderStatus(from_status).label, "to": to_status.label}
            )
        now = timezone.now()
        _stock_effects(locked, from_status, to_status, now)
        locked.status = to_status
        update = ["status", "updated_at"]
        if to_status == OrderStatus.PAID and not locked.paid_at:
            locked.paid_at = now
            update.append("paid_at")
        if to_status == OrderStatus.SHIPPED:
            locked.shipped_at = now
            update.append("shipped_at")
        locked.save(update_fields=update)
        event = _record(
            locked, OrderEventType.STATUS, from_status=from_status, to_status=to_status, user=user, message=message
        )
        order_status_changed.send(Order, order=locked, from_status=from_status, to_status=to_status, event=event)
        if to_status in (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.CANCELLED):
            notify_buyer(locked, to_status)
        if to_status == OrderStatus.PAID:
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


def mark_checkout_paid(checkout: Checkout, *, message: str = "") -> PaidResult:
    """The checkout's payment succeeded: allocate stock and move its unpaid orders to paid.

    Idempotent (orders already paid or further are left alone). Locks Checkout → Orders → Stocks in pk order,
    in one transaction. Active reservations become allocations; an order whose reservation lapsed or was
    released (expired order, late settlement) is re-allocated if stock still allows, otherwise it is cancelled
    and returned in ``orders_without_stock`` for the payments app to refund. E-mails go out after commit.
    """
    result = PaidResult()
    with transaction.atomic():
        for order in lock_checkout_orders_and_stock(checkout.pk):
            if order.status not in (OrderStatus.AWAITING_PAYMENT, OrderStatus.EXPIRED):
                if order.status == OrderStatus.CANCELLED and not order.events.filter(type=OrderEventType.PAID_WITHOUT_STOCK).exists():
                    # Money arrived for an order the buyer or store already cancelled: refund, once.
                    _record(order, OrderEventType.PAID_WITHOUT_STOCK, message=message or _("Payment received after the order was "
                                                                              "cancelled."))
                    result.orders_without_stock.append(order)
                continue
            try:
                with transaction.atomic():
                    result.paid_orders.append(transition(order, OrderStatus.PAID, message=message))
            except InsufficientStock:
                if order.status == OrderStatus.AWAITING_PAYMENT:
                    order = transition(
                        order, OrderStatus.CANCELLED, message=_("Payment received, but the stock had run out. The "
                                                      "money was refunded.")
                    )
                    Order.objects.filter(pk=order.pk).update(
                        cancel_reason=_("Stock ran out when the payment arrived.")
                    )
                _record(order, OrderEventType.PAID_WITHOUT_STOCK, message=message)
                result.orders_without_stock.append(order)
    return result


def expire_checkout(checkout: Checkout, *, reason: str = "") -> None:
    """The checkout's payment window closed unpaid: its awaiting-payment orders become expired.

    Idempotent; never touches paid (or later) orders. Releases the reservations and voucher uses of the orders
    it expires, in one transaction with Checkout → Orders → Stocks locked.
    """
    with transaction.atomic():
        for order in lock_checkout_orders_and_stock(checkout.pk):
            if order.status == OrderStatus.AWAITING_PAYMENT:
                transition(order, OrderStatus.EXPIRED, message=reason or _("The payment deadline has passed."))


def hold_reservations_until(checkout: Checkout, until) -> None:
    """The payment's window decides how long the checkout's unpaid items stay reserved: every active reservation
    of its awaiting-payment orders now ends at ``until`` (shorter or longer than the placement's guess).

    A reservation that already lapsed is renewed only if its units are still free (nobody else reserved or
    bought them meanwhile); otherwise ``InsufficientStock`` is raised and nothing changes. One transaction,
    Checkout → Orders → Stock locked (``checkout.locks``).
    """
    now = timezone.now()
    with transaction.atomic():
        orders = [o for o in lock_checkout_orders_and_stock(checkout.pk) if o.status == OrderStatus.AWAITING_PAYMENT]
        held = Reservation.objects.filter(order_line__order__in=orders, status=ReservationStatus.ACTIVE)
        renewed = _check_lapsed_units_still_free(held, now)
        stock_ids = list(held.values_list("stock_id", flat=True)) if renewed else []
        held.update(reserved_until=until)
    if stock_ids:  # moving the end of a live reservation changes nothing available now; renewing a lapsed one does
        stock_changed.send(sender=Reservation, stock_ids=stock_ids)


def reservations_end(checkout: Checkout):
    """The one moment every active reservation of the checkout's awaiting-payment orders ends, or None when they
    end at different moments or there are none. One query, no lock (callers hold the Checkout lock when they act
    on it: every writer of these reservations takes it first)."""
    ends = Reservation.objects.filter(
        order_line__order__checkout=checkout,
        order_line__order__status=OrderStatus.AWAITING_PAYMENT,
        status=ReservationStatus.ACTIVE,
    ).aggregate(first=Min("reserved_until"), last=Max("reserved_until"))
    return ends["first"] if ends["first"] is not None and ends["first"] == ends["last"] else None


def _check_lapsed_units_still_free(held, now) -> bool:
    """True when some of ``held`` had lapsed (and their units are still free); ``InsufficientStock`` otherwise."""
    lapsed = list(held.filter(reserved_until__lte=now).select_related("stock"))
    if not lapsed:
        return False
    needed: dict[int, int] = {}
    for reservation in held:
        needed[reservation.stock_id] = needed.get(reservation.stock_id, 0) + reservation.quantity
    own_lines = list(held.values_list("order_line_id", flat=True))
    available = available_for({r.stock for r in lapsed}, now=now, exclude_line_ids=own_lines)
    short = [r for r in lapsed if needed[r.stock_id] > available[r.stock_id]]
    if short:
        raise InsufficientStock(
            _("Some items of this order are no longer reserved and have been sold meanwhile."),
            items=[(r.order_line, r.quantity, available[r.stock_id]) for r in short],
        )
    return True


def cancel_unpaid_orders(checkout: Checkout, *, reason: str, user=None) -> list[Order]:
    """The buyer gave up paying: every awaiting-payment order of the checkout is cancelled at once (reservations
    and voucher uses released). Paid orders are never touched. Idempotent; returns the orders it cancelled."""
    cancelled = []
    with transaction.atomic():
        for order in lock_checkout_orders_and_stock(checkout.pk):
            if order.status == OrderStatus.AWAITING_PAYMENT:
                cancelled.append(cancel_order(order, user=user, reason=reason))
    return cancelled


def cancel_order(order: Order, *, user=None, reason: str) -> Order:
    """Cancel one order with a reason (shown to the buyer).

    Idempotent: an already cancelled order is returned unchanged. Awaiting payment → reservations released;
    paid/processing → allocation released (the refund is the payments app's business). Shipped or later orders
    cannot be cancelled (``IllegalTransition``).
    """
    with transaction.atomic():
        locked = lock_order(order.pk)
        if locked.status == OrderStatus.CANCELLED:
            return locked
        locked.cancel_reason = reason
        locked.save(update_fields=["cancel_reason", "updated_at"])
        locked = transition(locked, OrderStatus.CANCELLED, user=user, message=reason)
    order.refresh_from_db()
    return locked


def apply_refund(order: Order, amount: Decimal, *, user=None, reason: str = "", chargeback: bool = False) -> Order:
    """Record money returned to the buyer: ``refunded_amount += amount``; once it reaches the total the order
    moves to refunded (releasing any allocation). Amount must be positive and not exceed what is left.
    Sends ``signals.order_refunded`` in the same transaction (``chargeback``: a card dispute took it back)."""
    amount = Decimal(amount)
    with transaction.atomic():
        locked = lock_order(order.pk)
        left = locked.total - locked.refunded_amount
        if amount <= 0 or amount > left:
            raise IllegalTransition(
                _("Invalid refund amount (left to refund: %(left)s).") % {"left": left}
            )
        locked.refunded_amount = locked.refunded_amount + amount
        locked.save(update_fields=["refunded_amount", "updated_at"])
        event = _record(locked, OrderEventType.REFUND, user=user, message=f"{amount} {locked.currency} {reason}".strip())
        order_refunded.send(Order, order=locked, amount=amount, chargeback=chargeback, event=event)
        if locked.refunded_amount >= locked.total and locked.status != OrderStatus.REFUNDED:
            locked = transition(locked, OrderStatus.REFUNDED, user=user, message=reason)
    order.refresh_from_db()
    return locked


def mark_processing(order: Order, *, user=None) -> Order:
    return transition(order, OrderStatus.PROCESSING, user=user)


def flag_for_attention(order: Order, message: str) -> OrderEvent:
    """Record, on the order's history, something a person must look at (shown as a warning on the admin page).
    Changes no status and no money."""
    return _record(order, ATTENTION_EVENT, message=message)


ATTENTION_EVENT = OrderEventType.PAYMENT_ATTENTION
ATTENTION_RESOLVED_EVENT = OrderEventType.PAYMENT_ATTENTION_RESOLVED


def record_attention_resolved(order: Order, message: str, *, user=None) -> OrderEvent:
    """Record on the order's history that a person settled something flagged with ``flag_for_attention``."""
    return _record(order, ATTENTION_RESOLVED_EVENT, user=user, message=message)


def mark_delivered(order: Order, *, user=None) -> Order:
    """The parcel reached the buyer (shipped → delivered). ``IllegalTransition`` from any other state."""
    return transition(order, OrderStatus.DELIVERED, user=user)


def mark_completed(order: Order, *, user=None) -> Order:
    """The order is done (delivered → completed). ``IllegalTransition`` from any other state."""
    return transition(order, OrderStatus.COMPLETED, user=user)


def mark_shipped(order: Order, *, courier: str, tracking_number: str, user=None) -> Order:
    """Enter courier and tracking number and move the order to shipped (units leave the shelf)."""
    courier, tracking_number = courier.strip(), tracking_number.strip()
    if not courier or not tracking_number:
        raise IllegalTransition(_("Enter the courier and tracking number."))
    with transaction.atomic():
        locked = lock_order(order.pk)
        if not can_transition(locked.status, OrderStatus.SHIPPED):
            raise IllegalTransition(_("This order is not paid yet or has already been shipped."))
        locked.courier, locked.tracking_number = courier, tracking_number
        locked.save(update_fields=["courier", "tracking_number", "updated_at"])
        locked = transition(
            locked, OrderStatus.SHIPPED, user=user, message=f"{courier} {tracking_number}"
        )
    order.refresh_from_db()
    return locked
