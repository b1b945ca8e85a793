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
