"""Refunds and chargebacks made outside the shop (provider dashboard), reported by correctly signed notifications:
applied to the one store order they belong to, or recorded and flagged for a person when that is not certain.

Midtrans signs only order id, status code and gross amount, so a reversal counts only as far as its status API
confirms it (``provider_knows`` makes the mocked status API agree with the notification, in the documented
shapes); Stripe signs the whole body."""

from decimal import Decimal

import pytest
import responses

from checkout.models import OrderStatus
from checkout.payments.models import AttemptStatus, ExternalReversal, PaymentEvent, Refund
from checkout.payments.services import apply_status
from checkout.services.orders import ATTENTION_EVENT
from tests.factories import make_editor, make_product

from .conftest import (
    CORE,
    STRIPE,
    gross_of,
    make_checkout,
    mt_notification,
    mt_refund_entry,
    mt_signed,
    mt_tx,
    open_attempt,
    post_midtrans,
    post_stripe,
    provider_knows,
    st_event,
)

pytestmark = pytest.mark.usefixtures("provider_api")


def paid(checkout, **kw):
    attempt = open_attempt(checkout, **kw)
    apply_status(attempt, AttemptStatus.PAID)
    attempt.refresh_from_db()
    return attempt


@pytest.fixture
def paid_idr(idr_checkout):
    return paid(idr_checkout)  # one store order, total 160 000


@pytest.fixture
def paid_two_stores(db, chans, store, other_store, keys):
    kopi = make_product(store, "Kopi Dampit", price_idr=75000, stock=5)
    batik = make_product(other_store, "Batik Tulis", price_idr=250000, stock=5)
    return paid(make_checkout(chans["indonesia"], [(kopi, 1), (batik, 1)]))


def dashboard_refund(attempt, amount, *, status="partial_refund", key="dash-1", earlier=(), shape="card"):
    """A refund made in Midtrans' dashboard, confirmed by the bank: the status API lists it in ``refunds[]`` (after
    the ``earlier`` entries), and the signed notification Midtrans sends for it (card sample by default)."""
    entries = [*earlier, mt_refund_entry(len(earlier) + 1, amount, key)]
    tx = mt_tx(attempt, status, refunds=entries)
    provider_knows(tx)
    return mt_signed(tx, shape=shape)


def orders_of(attempt):
    return {o.store.slug: o for o in attempt.checkout.orders.select_related("store")}


# ------------------------------------------------------------------------------------------------ one store order


def test_dashboard_partial_refund_is_applied_to_the_only_store_order_once(client, paid_idr):
    body = dashboard_refund(paid_idr, 50000)
    assert post_midtrans(client, body).status_code == 200
    assert post_midtrans(client, body).status_code == 200  # Midtrans retries: a duplicate
    order = paid_idr.checkout.orders.get()
    assert order.refunded_amount == Decimal(50000) and order.status == OrderStatus.PAID
    reversal = ExternalReversal.objects.get()
    assert reversal.outcome == "applied" and reversal.order == order and reversal.amount == 50000
    assert Refund.objects.get().refund_key == f"ext-{reversal.pk}"
    paid_idr.refresh_from_db()
    assert paid_idr.status == AttemptStatus.PARTIALLY_REFUNDED
    assert sorted(PaymentEvent.objects.values_list("outcome", flat=True)) == ["applied"]


def test_dashboard_full_refund_refunds_the_order_and_releases_its_stock(client, paid_idr):
    from catalog.models import Stock

    assert post_midtrans(client, dashboard_refund(paid_idr, 160000, status="refund")).status_code == 200
    order = paid_idr.checkout.orders.get()
    assert order.status == OrderStatus.REFUNDED and order.refunded_amount == order.total
    assert Stock.objects.get(sku=order.lines.get().sku).quantity_allocated == 0


def test_only_the_part_the_shop_did_not_start_is_applied(client, paid_idr):
    from checkout.payments.services import refund_order

    responses.add(responses.POST, f"{CORE}/v2/{paid_idr.provider_id}/refund", json={"status_code": "200"})
    order = paid_idr.checkout.orders.get()
    refund_order(order, Decimal(50000), reason="Kemasan rusak", refund_key="rf-shop")
    # Later a staff member refunds 30 000 more in the dashboard: Midtrans lists both, 80 000 in total.
    ours = mt_refund_entry(1, 50000, "rf-shop")
    post_midtrans(client, dashboard_refund(paid_idr, 30000, key="dash-2", earlier=[ours]))
    order.refresh_from_db()
    assert order.refunded_amount == Decimal(80000)
    assert ExternalReversal.objects.get().amount == Decimal(30000)


def test_refund_larger_than_what_is_left_is_flagged_not_applied(client, paid_idr):
    post_midtrans(client, dashboard_refund(paid_idr, 50000))
    first = mt_refund_entry(1, 50000, "dash-1")
    post_midtrans(client, dashboard_refund(paid_idr, 999999, key="dash-x", earlier=[first]))  # inconsistent
    order = paid_idr.checkout.orders.get()
    assert order.refunded_amount == Decimal(50000)
    assert ExternalReversal.objects.filter(outcome="needs_attention").count() == 1
    assert order.events.filter(type=ATTENTION_EVENT).count() == 1


def test_midtrans_chargeback_is_applied_as_a_chargeback(client, paid_idr):
    tx = mt_tx(paid_idr, "chargeback")  # no refunds[]: the whole payment went back
    provider_knows(tx)
    post_midtrans(client, mt_signed(tx))
    order = paid_idr.checkout.orders.get()
    assert order.status == OrderStatus.REFUNDED
    assert ExternalReversal.objects.get().kind == "chargeback"
    assert order.events.filter(type="refund", message__icontains="chargeback").exists()


def test_forged_dashboard_refund_changes_nothing(client, paid_idr):
    body = mt_notification(
        paid_idr.provider_id,
        status="refund",
        gross=gross_of(paid_idr),
        key="wrong-key",
        refund_amount="160000.00",
    )
    assert post_midtrans(client, body).status_code == 400
    assert paid_idr.checkout.orders.get().refunded_amount == 0
    assert not ExternalReversal.objects.exists()


@pytest.mark.parametrize("forged_status", ["chargeback", "refund", "partial_refund", "partial_chargeback"])
def test_captured_settlement_rewritten_to_a_reversal_changes_nothing(client, paid_idr, forged_status):
    """Issue 10.7: the signature covers order id, status code and gross amount only, so a real settlement's
    signature also validates a chargeback body with the same three fields. The status API says "settlement"."""
    import json

    settled = mt_tx(paid_idr, "settlement")
    provider_knows(settled)
    captured = json.loads(mt_signed(settled))
    forged = {**captured, "transaction_status": forged_status, "refund_amount": "160000.00"}
    forged["refunds"] = [{"refund_key": "evil", "refund_amount": "160000.00", "bank_confirmed_at": "2026-11-28"}]
    response = post_midtrans(client, json.dumps(forged))
    assert response.status_code == 200 and response.content == b"not_confirmed"
    order = paid_idr.checkout.orders.get()
    assert order.status == OrderStatus.PAID and order.refunded_amount == 0
    paid_idr.refresh_from_db()
    assert paid_idr.status == AttemptStatus.PAID
    assert not ExternalReversal.objects.exists() and not Refund.objects.exists()
    assert PaymentEvent.objects.get().outcome == "not_confirmed"


def test_direct_refund_sample_without_a_top_level_amount_is_applied(client, paid_idr):
    """The direct-refund notification carries ``refunds[]`` only (no ``refund_amount`` at the top level)."""
    import json

    body = dashboard_refund(paid_idr, 60000, shape="direct")
    assert "refund_amount" not in json.loads(body) and json.loads(body)["refunds"][0]["refund_key"] == "dash-1"
    assert post_midtrans(client, body).status_code == 200
    assert paid_idr.checkout.orders.get().refunded_amount == Decimal(60000)


# ------------------------------------------------------------------------------------------------ several store orders


def test_amount_matching_exactly_one_store_order_is_applied_to_that_order_only(client, paid_two_stores):
    post_midtrans(client, dashboard_refund(paid_two_stores, 250000))
    orders = orders_of(paid_two_stores)
    assert orders["batik-al-hikam"].refunded_amount == Decimal(250000)
    assert orders["batik-al-hikam"].status == OrderStatus.REFUNDED
    assert orders["kopi-an-nur"].refunded_amount == 0 and orders["kopi-an-nur"].status == OrderStatus.PAID


def test_amount_matching_no_store_order_is_recorded_and_flagged_on_every_order(
    client, paid_two_stores, store
):
    report = dashboard_refund(paid_two_stores, 100000)
    post_midtrans(client, report)
    reversal = ExternalReversal.objects.get()
    assert reversal.outcome == "needs_attention" and reversal.order is None
    assert PaymentEvent.objects.get().outcome == "needs_attention"
    for order in orders_of(paid_two_stores).values():
        assert order.refunded_amount == 0 and order.status == OrderStatus.PAID
        assert order.events.filter(type=ATTENTION_EVENT, message__contains="Rp100.000").exists()
    assert not Refund.objects.exists()
    # The store's editor sees the warning on the order page.
    client.force_login(make_editor(store))
    own = orders_of(paid_two_stores)["kopi-an-nur"]
    html = client.get(f"/admin/pesanan/{own.pk}/").content.decode()
    assert "data-attention" in html and "Perlu diperiksa" in html
    # A repeat of the same report flags nothing twice.
    post_midtrans(client, report)
    assert own.events.filter(type=ATTENTION_EVENT).count() == 1


def test_two_store_orders_with_the_same_amount_are_never_guessed(client, db, chans, store, other_store, keys):
    kopi = make_product(store, "Kopi", price_idr=100000, stock=5)
    batik = make_product(other_store, "Batik", price_idr=100000, stock=5)
    attempt = paid(make_checkout(chans["indonesia"], [(kopi, 1), (batik, 1)]))
    post_midtrans(client, dashboard_refund(attempt, 100000))
    assert ExternalReversal.objects.get().outcome == "needs_attention"
    assert all(o.refunded_amount == 0 for o in orders_of(attempt).values())


def test_order_page_without_outside_refunds_shows_no_warning(client, paid_idr, store):
    client.force_login(make_editor(store))
    order = paid_idr.checkout.orders.get()
    assert "data-attention" not in client.get(f"/admin/pesanan/{order.pk}/").content.decode()


# ------------------------------------------------------------------------------------------------ Stripe


@pytest.fixture
def paid_myr(myr_checkout):
    return paid(myr_checkout, reference="cs_test_1")  # kopi-an-nur 25.00 + batik-al-hikam 80.00


def stripe_charge(amount_refunded, metadata=None):
    return {
        "id": "ch_1",
        "object": "charge",
        "amount": 10500,
        "amount_refunded": amount_refunded,
        "currency": "myr",
        "payment_intent": "pi_test_1",
        "metadata": metadata or {},
        "refunded": amount_refunded >= 10500,
    }


def test_stripe_dashboard_refund_finds_the_attempt_through_the_payment_intent(client, paid_myr):
    responses.add(
        responses.GET,
        f"{STRIPE}/v1/payment_intents/pi_test_1",
        json={"id": "pi_test_1", "object": "payment_intent", "metadata": {"attempt": paid_myr.provider_id}},
    )
    assert post_stripe(client, st_event("charge.refunded", stripe_charge(8000))).status_code == 200
    orders = orders_of(paid_myr)
    assert orders["batik-al-hikam"].status == OrderStatus.REFUNDED
    assert orders["kopi-an-nur"].refunded_amount == 0


def test_stripe_lookup_failure_asks_stripe_to_retry(client, paid_myr):
    responses.add(responses.GET, f"{STRIPE}/v1/payment_intents/pi_test_1", status=500, json={})
    assert post_stripe(client, st_event("charge.refunded", stripe_charge(8000))).status_code == 503
    assert not ExternalReversal.objects.exists()


def test_charge_refunded_for_a_refund_the_shop_made_adds_nothing(client, paid_myr):
    responses.add(
        responses.GET,
        f"{STRIPE}/v1/checkout/sessions/cs_test_1",
        json={"id": "cs_test_1", "object": "checkout.session", "payment_intent": "pi_test_1"},
    )
    responses.add(
        responses.POST, f"{STRIPE}/v1/refunds", json={"id": "re_1", "object": "refund", "status": "succeeded"}
    )
    from checkout.payments.services import refund_order

    batik = orders_of(paid_myr)["batik-al-hikam"]
    refund_order(batik, batik.total, reason="Stok rusak", refund_key="rf-batik")
    event = st_event("charge.refunded", stripe_charge(8000, metadata={"attempt": paid_myr.provider_id}))
    assert post_stripe(client, event).status_code == 200
    batik.refresh_from_db()
    assert batik.refunded_amount == Decimal("80.00")  # not 160
    assert not ExternalReversal.objects.exists()
    assert PaymentEvent.objects.get().detail == "reversal already known"


def test_stripe_dispute_of_the_whole_payment_over_two_stores_is_flagged_once(client, paid_myr):
    dispute = {
        "id": "dp_1",
        "object": "dispute",
        "amount": 10500,
        "currency": "myr",
        "charge": "ch_1",
        "payment_intent": "pi_test_1",
        "metadata": {"attempt": paid_myr.provider_id},
        "reason": "fraudulent",
    }
    post_stripe(client, st_event("charge.dispute.created", dispute))
    post_stripe(client, st_event("charge.dispute.created", dispute))  # another event id, same dispute
    reversal = ExternalReversal.objects.get()
    assert reversal.kind == "chargeback" and reversal.outcome == "needs_attention"
    for order in orders_of(paid_myr).values():
        assert order.status == OrderStatus.PAID and order.refunded_amount == 0
        assert order.events.filter(type=ATTENTION_EVENT).count() == 1


def test_dashboard_refund_of_a_duplicate_payment_is_not_applied_to_the_orders(client, paid_idr):
    """The orders were paid by attempt 1; attempt 2 was a second payment (auto-refunded by the shop)."""
    from checkout.payments.models import PaymentAttempt

    second = open_attempt(paid_idr.checkout, number=2)
    PaymentAttempt.objects.filter(pk=second.pk).update(status=AttemptStatus.PAID)
    post_midtrans(client, dashboard_refund(second, 160000, status="refund"))
    order = paid_idr.checkout.orders.get()
    assert order.refunded_amount == 0 and order.status == OrderStatus.PAID
    assert ExternalReversal.objects.get().outcome == "needs_attention"
