"""Payments through the real stack: gunicorn with production settings on PostgreSQL, the real client libraries
talking to the fake provider on 127.0.0.1, notifications POSTed back over HTTP."""

import json
from decimal import Decimal

import pytest

from catalog.models import Stock
from checkout.models import OrderStatus
from checkout.payments.models import AttemptStatus, ExternalReversal, PaymentEvent, Refund
from checkout.payments.services import refund_order
from checkout.payments.tests.conftest import make_checkout
from tests.factories import make_product

from .helpers import latest_attempt, start_payment_over_http


@pytest.fixture
def kopi(store):
    return make_product(store, "Kopi Robusta Dampit", price_idr=75000, stock=5)


def test_a_buyer_pays_with_midtrans_through_the_real_stack(live_shop, fake_provider, chans, kopi):
    checkout = make_checkout(chans["indonesia"], [(kopi, 2)], shipping=Decimal(15000))
    status, location = start_payment_over_http(live_shop, checkout)
    attempt = latest_attempt(checkout)
    assert status == 302 and location.startswith(f"{fake_provider.base_url}/snap/v4/redirection/")
    assert attempt.status == AttemptStatus.PENDING
    assert ("POST", "/snap/v1/transactions") in fake_provider.calls

    delivery = fake_provider.mt_pay(attempt.provider_id)
    assert (delivery.status, delivery.answer) == (200, "applied")
    attempt.refresh_from_db()
    order = checkout.orders.get()
    assert attempt.status == AttemptStatus.PAID and order.status == OrderStatus.PAID
    assert ("GET", f"/v2/{attempt.provider_id}/status") in fake_provider.calls  # re-checked before it counted
    assert Stock.objects.get(sku=order.lines.get().sku).quantity_allocated == 2


def test_a_captured_settlement_rewritten_to_a_chargeback_changes_nothing(live_shop, fake_provider, chans, kopi):
    checkout = make_checkout(chans["indonesia"], [(kopi, 1)])
    start_payment_over_http(live_shop, checkout)
    attempt = latest_attempt(checkout)
    captured = fake_provider.mt_pay(attempt.provider_id)
    for forged_status in ("chargeback", "refund", "partial_chargeback"):
        forged = {**json.loads(captured.body), "transaction_status": forged_status, "refund_amount": "75000.00"}
        delivery = fake_provider.send("midtrans", json.dumps(forged), label="forged")
        assert (delivery.status, delivery.answer) == (200, "not_confirmed")
    order = checkout.orders.get()
    assert order.status == OrderStatus.PAID and order.refunded_amount == 0
    assert not ExternalReversal.objects.exists() and not Refund.objects.exists()


def test_a_card_refund_pending_at_the_bank_completes_when_the_bank_confirms(live_shop, fake_provider, chans, kopi):
    checkout = make_checkout(chans["indonesia"], [(kopi, 2)])
    start_payment_over_http(live_shop, checkout)
    attempt = latest_attempt(checkout)
    fake_provider.mt_pay(attempt.provider_id, payment_type="credit_card")
    order = checkout.orders.get()
    refund = refund_order(order, order.total, reason="Pembeli membatalkan", refund_key="rf-live-1")
    fake_provider.drain()  # the acknowledgement (card sample, no bank_confirmed_at)
    refund.refresh_from_db()
    order.refresh_from_db()
    assert refund.status == Refund.Status.PENDING and order.status == OrderStatus.PAID
    assert fake_provider.deliveries[-1].answer == "ignored"

    confirmed = fake_provider.mt_confirm_refunds(attempt.provider_id)
    assert (confirmed.status, confirmed.answer) == (200, "applied")
    refund.refresh_from_db()
    order.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED
    assert order.status == OrderStatus.REFUNDED and order.refunded_amount == order.total
    assert Stock.objects.get(sku=order.lines.get().sku).quantity_allocated == 0
    assert PaymentEvent.objects.filter(outcome="applied").count() == 2  # the settlement and the confirmed refund


def test_stripe_payment_and_refund_through_the_real_stack(live_shop, fake_provider, chans, store, other_store):
    kopi = make_product(store, "Kopi", price_myr="12.50", stock=5)
    batik = make_product(other_store, "Batik", price_myr="80.00", stock=2)
    checkout = make_checkout(chans["international"], [(kopi, 2), (batik, 1)], gateway="stripe")
    status, location = start_payment_over_http(live_shop, checkout)
    attempt = latest_attempt(checkout)
    assert status == 302 and location.startswith(f"{fake_provider.base_url}/c/pay/cs_test_fake_")
    paid = fake_provider.st_pay(attempt.provider_reference)
    assert paid.answer == "applied", (paid, [(d.label, d.answer) for d in fake_provider.deliveries])
    batik_order = checkout.orders.get(store=other_store)
    refund_order(batik_order, batik_order.total, reason="Stok rusak", refund_key="rf-live-st")
    fake_provider.drain()  # refund.created and charge.refunded
    answers = {d.label: d.answer for d in fake_provider.deliveries[-2:]}
    # refund.created may beat the API answer to the shop (as with Stripe): whichever comes first completes it.
    assert answers["refund.created"] in ("applied", "ignored")
    assert answers["charge.refunded"] == "ignored"  # the running total adds nothing the shop did not know
    batik_order.refresh_from_db()
    assert batik_order.status == OrderStatus.REFUNDED and batik_order.refunded_amount == batik_order.total
    assert batik_order.events.filter(type="refund").count() == 1
    assert checkout.orders.get(store=store).status == OrderStatus.PAID
