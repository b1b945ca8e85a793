"""A known order history for the sales report tests (and the browser journey): November 2026, WIB = UTC+7.

Store "mine" (the store under test), all times UTC, with what WIB day each falls on:

=====  ========  ======================  ==========================================================================
order  channel   paid (UTC → WIB day)    what happens
=====  ========  ======================  ==========================================================================
A1     IDR       Nov 1 16:59 → Nov 1     100.000 (2 × Kopi Robusta 40.000 + 20.000 shipping); a duplicate payment
                                         refunded (not counted) and a failed refund (not counted)
A2     IDR       Nov 1 17:00 → Nov 2     55.000 (1 × Kopi Arabika 50.000 + 5.000); partial refund 15.000 succeeded
                                         Nov 3 03:00 → Nov 3
A3     MYR       Nov 2 02:00 → Nov 2     RM146,10 (3 × Kopi Robusta RM40,70 + RM24,00)
A4     IDR       never (placed Nov 2)    cancelled before payment (70.000): no revenue, 1 cancelled on Nov 2
A5     IDR       never (placed Nov 3)    expired (30.000): no revenue, 1 cancelled on Nov 3
A6     IDR       Oct 31 16:30 → Oct 31   40.000 (1 × Kopi Robusta), outside the range; refunded in full Nov 1
                                         03:00 → Nov 1 (a refund counts on its own day)
A7     IDR       Nov 3 17:30 → Nov 4     20.000, after the range
A8     IDR       Nov 3 02:00 → Nov 3     25.000 (1 × Kopi Arabika), then cancelled and refunded in full Nov 3
=====  ========  ======================  ==========================================================================

Store "theirs": one IDR order of 999.000 paid Nov 2 (1 × Batik Tulis), in the marketplace report only.

Expected, store "mine", Nov 1–3 2026 by day (IDR): Nov 1: 1 order, 2 units, gross 100.000, refunds 40.000,
net 60.000; Nov 2: 1 order, 1 unit, 55.000, 0, 55.000, 1 cancelled; Nov 3: 1 order, 1 unit, 25.000, refunds 40.000,
net −15.000, 1 cancelled. MYR: Nov 2: 1 order, 3 units, RM146,10.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from django.utils import timezone

from checkout.models import Checkout, Order, OrderLine, OrderStatus
from checkout.payments.models import PaymentAttempt, Refund, RefundKind, RefundStatus


def utc(month, day, hour, minute=0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def _order(store, channel, number, *, status, total, lines, shipping=Decimal(0), placed, paid=None):
    checkout = Checkout.objects.create(
        idempotency_key=f"report-{number}", channel=channel, currency=channel.currency, email="b@example.id",
        phone="+6281234567890", recipient_name="Pembeli", street_address="Jl. Pesantren 1", terms_version="t",
        consented_at=timezone.now(), total=total,
    )
    order = Order.objects.create(
        store=store, checkout=checkout, number=number, currency=channel.currency, status=status,
        subtotal=total - shipping, shipping_cost=shipping, total=total,
    )
    for title, quantity, unit in lines:
        OrderLine.objects.create(order=order, product_title=title, sku=title[:10], quantity=quantity,
                                 unit_price=unit, total=unit * quantity)
    Order.objects.filter(pk=order.pk).update(created_at=placed, paid_at=paid)
    order.refresh_from_db()
    return order


def _refund(order, amount, *, at, kind=RefundKind.SHOP, status=RefundStatus.SUCCEEDED):
    attempt = PaymentAttempt.objects.filter(checkout=order.checkout).first() or PaymentAttempt.objects.create(
        checkout=order.checkout, gateway="manual", provider_id=f"pay-{order.number}", amount=order.total,
        currency=order.currency, status="paid",
    )
    refund = Refund.objects.create(
        order=order, attempt=attempt, amount=Decimal(amount), reason="uji", kind=kind, status=status,
        refund_key=f"rf-{order.number}-{Refund.objects.count()}",
        completed_at=at if status == RefundStatus.SUCCEEDED else None,
    )
    if kind != RefundKind.DUPLICATE_PAYMENT and status == RefundStatus.SUCCEEDED:
        Order.objects.filter(pk=order.pk).update(refunded_amount=order.refunded_amount + Decimal(amount))
        order.refresh_from_db()
    return refund


def build_history(mine, theirs, chans) -> dict[str, Order]:
    idr, myr = chans["indonesia"], chans["international"]
    robusta, arabika = "Kopi Robusta", "Kopi Arabika"
    o = {}
    o["A1"] = _order(mine, idr, "A1", status=OrderStatus.PAID, total=Decimal(100000), shipping=Decimal(20000),
                     lines=[(robusta, 2, Decimal(40000))], placed=utc(11, 1, 16), paid=utc(11, 1, 16, 59))
    o["A2"] = _order(mine, idr, "A2", status=OrderStatus.SHIPPED, total=Decimal(55000), shipping=Decimal(5000),
                     lines=[(arabika, 1, Decimal(50000))], placed=utc(11, 1, 16, 50), paid=utc(11, 1, 17, 0))
    o["A3"] = _order(mine, myr, "A3", status=OrderStatus.PAID, total=Decimal("146.10"), shipping=Decimal("24.00"),
                     lines=[(robusta, 3, Decimal("40.70"))], placed=utc(11, 2, 1), paid=utc(11, 2, 2))
    o["A4"] = _order(mine, idr, "A4", status=OrderStatus.CANCELLED, total=Decimal(70000),
                     lines=[(robusta, 1, Decimal(70000))], placed=utc(11, 2, 5))
    o["A5"] = _order(mine, idr, "A5", status=OrderStatus.EXPIRED, total=Decimal(30000),
                     lines=[(arabika, 1, Decimal(30000))], placed=utc(11, 2, 20))
    o["A6"] = _order(mine, idr, "A6", status=OrderStatus.REFUNDED, total=Decimal(40000),
                     lines=[(robusta, 1, Decimal(40000))], placed=utc(10, 31, 16), paid=utc(10, 31, 16, 30))
    o["A7"] = _order(mine, idr, "A7", status=OrderStatus.PAID, total=Decimal(20000),
                     lines=[(arabika, 1, Decimal(20000))], placed=utc(11, 3, 17), paid=utc(11, 3, 17, 30))
    o["A8"] = _order(mine, idr, "A8", status=OrderStatus.REFUNDED, total=Decimal(25000),
                     lines=[(arabika, 1, Decimal(25000))], placed=utc(11, 3, 1), paid=utc(11, 3, 2))
    o["B1"] = _order(theirs, idr, "B1", status=OrderStatus.PAID, total=Decimal(999000),
                     lines=[("Batik Tulis", 1, Decimal(999000))], placed=utc(11, 2, 3), paid=utc(11, 2, 4))
    _refund(o["A1"], 100000, at=utc(11, 2, 3), kind=RefundKind.DUPLICATE_PAYMENT)
    _refund(o["A1"], 10000, at=None, status=RefundStatus.FAILED)
    _refund(o["A2"], 15000, at=utc(11, 3, 3))
    _refund(o["A6"], 40000, at=utc(11, 1, 3))
    _refund(o["A8"], 25000, at=utc(11, 3, 5))
    return o
