"""Orders built straight from models (no lines: the ledger reads totals only), moved through the real order
services, so the ledger is driven by the same signals as in the shop."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.utils import timezone

from checkout.models import Checkout, Order, OrderStatus
from checkout.services import orders as order_services

from ..models import StorePayoutAccount


def make_order(store, channel, total, *, shipping=Decimal(0)) -> Order:
    checkout = Checkout.objects.create(
        idempotency_key=uuid.uuid4().hex, channel=channel, currency=channel.currency, email="b@example.id",
        phone="+6281234567890", recipient_name="Pembeli", street_address="Jl. Pesantren 1", terms_version="t",
        consented_at=timezone.now(), total=total,
    )
    return Order.objects.create(
        store=store, checkout=checkout, number=f"OP-{uuid.uuid4().hex[:10].upper()}", currency=channel.currency,
        subtotal=Decimal(total) - shipping, shipping_cost=shipping, total=total,
    )


def paid_order(store, channel, total, **kw) -> Order:
    order = make_order(store, channel, total, **kw)
    order_services.transition(order, OrderStatus.PAID)
    order.refresh_from_db()
    return order


def deliver(order: Order) -> Order:
    order_services.mark_shipped(order, courier="JNE", tracking_number="JNE123")
    order_services.mark_delivered(order)
    order.refresh_from_db()
    return order


def approve_account(store, number="1234567890") -> StorePayoutAccount:
    return StorePayoutAccount.objects.update_or_create(
        store=store,
        defaults={"bank_code": "bca", "bank_name": "BCA", "account_number": number,
                  "holder_name": f"Koperasi {store.name}", "approved_at": timezone.now()},
    )[0]
