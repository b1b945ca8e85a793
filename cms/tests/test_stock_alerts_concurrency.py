"""Two restocks at the same moment send a back-in-stock e-mail once, on PostgreSQL with real row locks."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection

from catalog.models import Stock, StockAlert
from catalog.services import stock_alerts
from checkout.tests.test_concurrency_checkout import run_at_once
from tests.factories import channels, make_product, make_store

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]

RESTOCKERS = 6


def test_concurrent_restocks_send_one_email_per_subscription():
    channels()
    store = make_store("Madu Sidogiri", slug="madu-sidogiri")
    honey = make_product(store, "Madu Hutan", stock=0)
    sku = honey.variants.get().sku
    for email in ("siti@example.com", "ahmad@example.com"):
        StockAlert.objects.create(variant=honey.variants.get(), email=email, token=f"t-{email}")
    Stock.objects.filter(store=store, sku=sku).update(quantity=4)  # back, without the signal

    results = run_at_once(RESTOCKERS, lambda _i: stock_alerts.notify_restocked([(store.pk, sku)]))

    assert all(kind == "ok" for kind, _ in results), results
    assert sum(count for _, count in results) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["ahmad@example.com", "siti@example.com"]
    assert not StockAlert.objects.filter(notified_at__isnull=True).exists()
