"""PostgreSQL only: the same settlement delivered many times at once is applied exactly once."""

import threading

import pytest
import responses
from django.db import connection, connections
from django.test import Client

from checkout.models import OrderEvent, OrderStatus
from checkout.payments.models import AttemptStatus, PaymentEvent

from .conftest import CORE, gross_of, mt_notification, mt_status_body, open_attempt

pytestmark = pytest.mark.django_db(transaction=True)


@responses.activate
def test_simultaneous_duplicate_settlements_pay_once(chans, store, keys):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    from decimal import Decimal

    from tests.factories import make_product

    from .conftest import make_checkout

    checkout = make_checkout(
        chans["indonesia"], [(make_product(store, "Kopi", price_idr=50000), 1)], shipping=Decimal(0)
    )
    attempt = open_attempt(checkout)
    responses.add(
        responses.GET,
        f"{CORE}/v2/{attempt.provider_id}/status",
        json=mt_status_body(attempt.provider_id, "settlement", gross_of(attempt)),
    )
    # 6 copies of one notification and 6 distinct ones (other transaction ids) at the same moment
    bodies = [mt_notification(attempt.provider_id, gross=gross_of(attempt))] * 6 + [
        mt_notification(attempt.provider_id, gross=gross_of(attempt), transaction_id=f"t-{i}")
        for i in range(6)
    ]
    barrier = threading.Barrier(len(bodies))
    codes = []

    def deliver(body):
        try:
            barrier.wait()
            codes.append(
                Client()
                .post("/payments/midtrans/notification", data=body, content_type="application/json")
                .status_code
            )
        finally:
            connections.close_all()  # the thread's own connections, or the test database cannot be dropped

    threads = [threading.Thread(target=deliver, args=(b,)) for b in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(codes) == {200}
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PAID
    order = checkout.orders.get()
    assert order.status == OrderStatus.PAID
    assert OrderEvent.objects.filter(order=order, to_status=OrderStatus.PAID).count() == 1
    assert PaymentEvent.objects.filter(outcome="applied").count() == 1
    assert PaymentEvent.objects.count() == 7


def _at_once(bodies) -> list[tuple[int, bytes]]:
    barrier = threading.Barrier(len(bodies))
    answers = []

    def deliver(body):
        try:
            barrier.wait()
            response = Client().post("/payments/midtrans/notification", data=body, content_type="application/json")
            answers.append((response.status_code, response.content))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver, args=(b,)) for b in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


@responses.activate
def test_simultaneous_copies_of_a_flagged_chargeback_keep_one_needs_attention_record(chans, store, other_store, keys):
    """Issue 11.3: copies of one reversal notification lock and re-check the event row as the status path does;
    the first applies (here: flags for a person), the others are answered and counted as duplicates."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    from checkout.payments.models import ExternalReversal
    from checkout.payments.services import apply_status
    from checkout.services.orders import ATTENTION_EVENT
    from tests.factories import make_product

    from .conftest import make_checkout, mt_refund_entry, mt_signed, mt_tx, provider_knows

    checkout = make_checkout(
        chans["indonesia"],
        [(make_product(store, "Kopi", price_idr=75000), 1), (make_product(other_store, "Batik", price_idr=250000), 1)],
    )
    attempt = open_attempt(checkout)
    apply_status(attempt, AttemptStatus.PAID)
    tx = mt_tx(attempt, "partial_chargeback", payment_type="credit_card",
               refunds=[mt_refund_entry(1, 100000, "cb-1")])  # matches neither store order
    provider_knows(tx)
    answers = _at_once([mt_signed(tx)] * 12)

    assert {code for code, _body in answers} == {200}
    assert sorted(body for _code, body in answers) == [b"duplicate"] * 11 + [b"needs_attention"]
    event = PaymentEvent.objects.get()
    assert event.outcome == "needs_attention" and event.repeats == 11
    assert ExternalReversal.objects.get().outcome == "needs_attention"
    for order in checkout.orders.all():
        assert order.events.filter(type=ATTENTION_EVENT).count() == 1
        assert order.status == OrderStatus.PAID and order.refunded_amount == 0


@responses.activate
def test_simultaneous_copies_of_a_refund_confirmation_complete_it_once(chans, store, keys):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    from decimal import Decimal

    from catalog.models import Stock
    from checkout.payments.models import Refund
    from checkout.payments.services import apply_status, refund_order
    from tests.factories import make_product

    from .conftest import make_checkout, mt_refund_entry, mt_signed, mt_tx, provider_knows

    checkout = make_checkout(chans["indonesia"], [(make_product(store, "Madu", price_idr=90000, stock=4), 2)])
    attempt = open_attempt(checkout)
    apply_status(attempt, AttemptStatus.PAID)
    responses.add(responses.POST, f"{CORE}/v2/{attempt.provider_id}/refund", json={"status_code": "201"})
    order = checkout.orders.get()
    refund = refund_order(order, order.total, reason="Dibatalkan", refund_key="rf-all")
    assert refund.status == Refund.Status.PENDING
    tx = mt_tx(attempt, "refund", payment_type="credit_card", refunds=[mt_refund_entry(1, order.total, "rf-all")])
    provider_knows(tx)
    answers = _at_once([mt_signed(tx)] * 8)

    assert sorted(body for _code, body in answers) == [b"applied"] + [b"duplicate"] * 7
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED and order.refunded_amount == order.total
    assert OrderEvent.objects.filter(order=order, type="refund").count() == 1
    assert Refund.objects.get().status == Refund.Status.SUCCEEDED
    assert Stock.objects.get(sku=order.lines.get().sku).quantity_allocated == 0
    assert PaymentEvent.objects.get().repeats == 7 and order.total == Decimal(180000)
