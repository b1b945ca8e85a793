"""Seller home: bank transfers waiting for the store to confirm, only its own (issue 13.1)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from checkout.models import OrderStatus
from checkout.payments.models import PaymentAttempt
from checkout.tests.test_admin_home import make_order, section
from tests.factories import make_editor

pytestmark = pytest.mark.django_db


def _transfer(order, provider_id, status="pending"):
    return PaymentAttempt.objects.create(
        checkout=order.checkout,
        gateway="manual",
        provider_id=provider_id,
        amount=order.total,
        currency=order.currency,
        status=status,
    )


def test_the_home_lists_open_transfers_of_the_editors_store_only(client, store, other_store, chans):
    mine = make_order(store, chans, "OP-TRFA-0001", status=OrderStatus.AWAITING_PAYMENT, total="76500")
    theirs = make_order(other_store, chans, "OP-TRFB-0001", status=OrderStatus.AWAITING_PAYMENT)
    done = make_order(store, chans, "OP-TRFA-0002", paid_ago=timedelta(hours=1))
    _transfer(mine, "OPOP-MINE-1")
    _transfer(theirs, "OPOP-THEIRS-1")
    _transfer(done, "OPOP-DONE-1", status="paid")
    client.force_login(make_editor(store))
    transfers = section(client.get(reverse("wagtailadmin_home")).content.decode(), "transfers-to-confirm")
    assert "OP-TRFA-0001" in transfers and "Rp76.500" in transfers
    assert reverse("checkout_admin:order", args=[mine.pk]) in transfers
    assert "OPOP-THEIRS-1" not in transfers and "OPOP-DONE-1" not in transfers
