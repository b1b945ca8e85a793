"""The ledger through the payments app: a provider's settlement posts the sale, a chargeback reported by the
provider posts a chargeback (once, however often it is reported), a dashboard refund a refund."""

from decimal import Decimal

import pytest

from checkout.payments.models import AttemptStatus, ExternalReversal
from checkout.payments.services import apply_status
from checkout.payments.services.reversals import apply_external_reversal
from checkout.payments.tests.conftest import make_checkout, open_attempt
from tests.factories import make_product

from ..models import AccountKind, EntryKind, LedgerEntry, LedgerTransaction
from ..services import ledger

pytestmark = pytest.mark.django_db


def test_settlement_chargeback_and_dashboard_refund_reach_the_ledger(chans, store):
    kopi = make_product(store, "Kopi Dampit", price_idr=75000, stock=5)
    checkout = make_checkout(chans["indonesia"], [(kopi, 2)], shipping=Decimal(15000))
    attempt = open_attempt(checkout, gateway="midtrans")
    apply_status(attempt, AttemptStatus.PAID)
    order = checkout.orders.get()
    assert LedgerTransaction.objects.filter(key=f"sale:{order.pk}").exists()
    owed = ledger.store_balance(store.pk, "IDR")
    attempt.refresh_from_db()
    for _ in range(2):  # reported twice: posted once
        apply_external_reversal(attempt, kind=ExternalReversal.Kind.CHARGEBACK, amount=Decimal(50000),
                                cumulative=False, reference="cb-1")
    apply_external_reversal(attempt, kind=ExternalReversal.Kind.REFUND, amount=Decimal(20000), cumulative=False,
                            reference="dash-1")
    store_entries = LedgerEntry.objects.filter(account__kind=AccountKind.STORE, transaction__order=order)
    assert [e.amount for e in store_entries.filter(kind=EntryKind.CHARGEBACK)] == [Decimal(-50000)]
    assert [e.amount for e in store_entries.filter(kind=EntryKind.REFUND)] == [Decimal(-20000)]
    returned = sum(e.amount for e in store_entries.filter(kind=EntryKind.COMMISSION_RETURNED))
    assert ledger.store_balance(store.pk, "IDR") == owed - 70000 + returned
    order.refresh_from_db()
    totals = ledger.account_totals("IDR")
    assert -totals[AccountKind.CASH] == order.total - order.refunded_amount
