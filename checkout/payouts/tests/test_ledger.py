"""Postings of the ledger, driven by the order services' signals: figures to the rupiah and the sen, posted once,
payable after delivery and the holding days, chargebacks after a payout carried as a negative balance."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from checkout.models import OrderStatus
from checkout.services import orders as order_services

from ..models import AccountKind, EntryKind, LedgerEntry, LedgerTransaction, StorePayoutTerms
from ..receivers import on_refunded, on_status_changed
from ..services import batches, ledger
from .helpers import approve_account, deliver, paid_order

pytestmark = pytest.mark.django_db


def entries(order):
    return {
        (e.account.kind, e.kind): e.amount
        for e in LedgerEntry.objects.filter(transaction__order=order).select_related("account")
    }


def test_a_paid_order_owes_the_store_its_total_less_commission_and_fee(chans, store, settings):
    settings.OPOP_PAYOUT_COMMISSION_PERCENT = "5"
    settings.OPOP_PAYOUT_PAYMENT_FEE_PERCENT = "2"
    settings.OPOP_PAYOUT_STORE_FEE_SHARE_PERCENT = "100"
    order = paid_order(store, chans["indonesia"], Decimal(160000), shipping=Decimal(15000))
    got = entries(order)
    assert got[(AccountKind.COMMISSION, EntryKind.COMMISSION)] == Decimal(7250)  # 5% of 145 000 (shipping excluded)
    assert got[(AccountKind.FEES, EntryKind.FEE)] == Decimal(3200)  # 2% of 160 000
    assert ledger.store_balance(store.pk, "IDR") == Decimal(160000 - 7250 - 3200)


def test_a_store_commission_overrides_the_default_and_sen_are_exact(chans, store, settings):
    settings.OPOP_PAYOUT_PAYMENT_FEE_PERCENT = "2.9"
    settings.OPOP_PAYOUT_STORE_FEE_SHARE_PERCENT = "50"
    StorePayoutTerms.objects.create(store=store, commission_percent=Decimal("3.5"))
    order = paid_order(store, chans["international"], Decimal("146.10"))
    got = entries(order)
    assert got[(AccountKind.COMMISSION, EntryKind.COMMISSION)] == Decimal("5.11")  # 3.5% of 146.10 = 5.1135
    assert got[(AccountKind.FEES, EntryKind.FEE)] == Decimal("2.12")  # 1.45% of 146.10 = 2.11845
    assert ledger.store_balance(store.pk, "MYR") == Decimal("138.87")


def test_an_event_applied_twice_posts_once(chans, store):
    order = paid_order(store, chans["indonesia"], Decimal(100000))
    on_status_changed(None, order=order, from_status="awaiting_payment", to_status=OrderStatus.PAID)
    refunded = order_services.apply_refund(order, Decimal(30000))
    event = refunded.events.filter(type="refund").get()
    on_refunded(None, order=refunded, amount=Decimal(30000), event=event)
    assert LedgerTransaction.objects.filter(order=order).count() == 2  # one sale, one refund
    assert LedgerTransaction.objects.filter(key=f"sale:{order.pk}").count() == 1


def test_a_full_refund_returns_exactly_the_commission_charged(chans, store, settings):
    settings.OPOP_PAYOUT_COMMISSION_PERCENT = "7"
    order = paid_order(store, chans["international"], Decimal("99.99"))
    for part in (Decimal("33.33"), Decimal("33.33"), Decimal("33.33")):
        order_services.apply_refund(order, part)
    commission = ledger.account_totals("MYR")[AccountKind.COMMISSION]
    assert commission == 0
    fee = ledger.account_totals("MYR")[AccountKind.FEES]
    assert ledger.store_balance(store.pk, "MYR") == -fee  # the store bears the provider's fee it cannot get back


def test_money_is_payable_only_after_delivery_and_the_holding_days(chans, store, settings):
    settings.OPOP_PAYOUT_HOLD_DAYS = 7
    order = paid_order(store, chans["indonesia"], Decimal(100000))
    owed = ledger.store_balance(store.pk, "IDR")
    assert batches.payable_balance(store.pk, "IDR", timezone.now()) == 0
    deliver(order)
    assert batches.payable_balance(store.pk, "IDR", timezone.now()) == 0
    later = timezone.now() + timedelta(days=7, minutes=1)
    assert batches.payable_balance(store.pk, "IDR", later) == owed


def test_a_chargeback_after_a_payout_is_carried_as_a_negative_balance(chans, store, settings):
    settings.OPOP_PAYOUT_HOLD_DAYS = 0
    approve_account(store)
    order = deliver(paid_order(store, chans["indonesia"], Decimal(200000)))
    today = timezone.localdate()
    with time_machine.travel(timezone.now() + timedelta(seconds=1)):
        batch = batches.create_batch(today - timedelta(days=6), today)
    paid = batch.payouts.get()
    assert ledger.store_balance(store.pk, "IDR") == 0
    order_services.apply_refund(order, Decimal(200000), chargeback=True)
    balance = ledger.store_balance(store.pk, "IDR")
    _total, commission, _fee = ledger.sale_amounts(order)
    assert paid.amount == Decimal(200000) - commission - _fee
    assert balance == -(Decimal(200000) - commission)  # the commission comes back, the fee does not
    assert LedgerEntry.objects.filter(kind=EntryKind.CHARGEBACK, account__kind=AccountKind.STORE).exists()
    # The next batch pays nothing to the store; its next sales first cover what it owes.
    next_batch = batches.create_batch(date(2000, 1, 1), date(2000, 1, 2), cutoff=timezone.now())
    assert not next_batch.payouts.exists()
