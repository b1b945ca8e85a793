"""The ledger's invariant, checked to the rupiah and the sen after every operation of seeded random sequences of
sales, deliveries, partial refunds, chargebacks and payouts across three stores and both channels:

    store balances + commission + fees + paid out = captured − refunded   (per currency)

``captured`` and ``refunded`` are read from the orders themselves (what buyers paid, what went back), not from the
ledger. Payouts larger than the payable balance are tried too and must be refused with nothing changed.
"""

import random
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.money import quantize
from checkout.models import Order, OrderStatus
from checkout.services import orders as order_services
from tests.factories import make_store

from ..errors import PayoutError
from ..models import AccountKind, LedgerEntry, LedgerTransaction, PayoutBatch
from ..services import batches, ledger
from .helpers import approve_account, deliver, paid_order

pytestmark = pytest.mark.django_db

SEEDS = (1, 2, 3, 4, 5, 6)
OPERATIONS = 60


def check_invariant(currency: str) -> None:
    totals = ledger.account_totals(currency)
    orders = list(Order.objects.filter(currency=currency, paid_at__isnull=False))
    captured = sum((o.total for o in orders), Decimal(0))  # summed in Python: exact on SQLite too
    refunded = sum((o.refunded_amount for o in orders), Decimal(0))
    left = totals[AccountKind.STORE] + totals[AccountKind.COMMISSION] + totals[AccountKind.FEES] + totals[
        AccountKind.PAID_OUT]
    assert left == captured - refunded, (currency, totals, captured, refunded)
    assert -totals[AccountKind.CASH] == captured - refunded
    for tx in LedgerTransaction.objects.filter(currency=currency):
        assert sum(e.amount for e in tx.entries.all()) == 0, tx.key


def _amount(rng, currency):
    if currency == "IDR":
        return Decimal(rng.randrange(10, 500) * 1000 + rng.choice([0, 1, 499]))
    return Decimal(rng.randrange(500, 90000)) / 100


def _refund(rng, orders, chargeback):
    candidates = [o for o in orders if o.total - o.refunded_amount > 0 and o.paid_at]
    if not candidates:
        return
    order = rng.choice(candidates)
    order.refresh_from_db()
    left = order.total - order.refunded_amount
    amount = left if rng.random() < 0.3 else quantize(left * Decimal(rng.randrange(1, 100)) / 100, order.currency)
    if amount > 0 and order.status != OrderStatus.REFUNDED:
        order_services.apply_refund(order, amount, chargeback=chargeback)


def _payout(rng, stores, period):
    """A batch for the next period, then (sometimes) a payout larger than the balance, which must be refused."""
    batch = batches.create_batch(period, period, cutoff=_now())
    store, currency = rng.choice(stores), rng.choice(("IDR", "MYR"))
    balance = batches.payable_balance(store.pk, currency, _now())
    before = (LedgerEntry.objects.count(), batch.payouts.count())
    with pytest.raises(PayoutError):
        batches.add_payout(batch, store, currency, max(balance, Decimal(0)) + 1)
    assert (LedgerEntry.objects.count(), batch.payouts.count()) == before


def _now():
    return timezone.now()


def run_sequence(seed, chans, stores) -> Counter:
    rng = random.Random(seed)
    channel_of = {"IDR": chans["indonesia"], "MYR": chans["international"]}
    orders: list[Order] = []
    day = PayoutBatch.objects.count()
    tally: Counter = Counter()
    for _ in range(OPERATIONS):
        op = rng.choices(("sale", "deliver", "refund", "chargeback", "payout"), weights=(5, 3, 2, 1, 1))[0]
        tally[op] += 1
        if op == "sale":
            currency = rng.choice(("IDR", "MYR"))
            total = _amount(rng, currency)
            shipping = quantize(total * Decimal(rng.randrange(0, 30)) / 100, currency)
            orders.append(paid_order(rng.choice(stores), channel_of[currency], total, shipping=shipping))
        elif op == "deliver":
            todo = [o for o in orders if o.status == OrderStatus.PAID]
            if todo:
                deliver(rng.choice(todo))
        elif op in ("refund", "chargeback"):
            _refund(rng, orders, op == "chargeback")
        else:
            day += 1
            _payout(rng, stores, date(2020, 1, 1) + timedelta(days=day))
        check_invariant("IDR")
        check_invariant("MYR")
        tally["negative balance seen"] += any(
            ledger.store_balance(s.pk, c) < 0 for s in stores for c in ("IDR", "MYR"))
    return tally


@pytest.mark.parametrize("seed", SEEDS)
def test_store_balances_commission_fees_and_payouts_add_up_to_captured_minus_refunded(seed, chans, settings):
    settings.OPOP_PAYOUT_HOLD_DAYS = 0
    settings.OPOP_PAYOUT_COMMISSION_PERCENT = "7.5"
    settings.OPOP_PAYOUT_STORE_FEE_SHARE_PERCENT = "50"
    stores = [make_store(f"Toko {i}", slug=f"toko-{seed}-{i}") for i in range(3)]
    for store in stores[:2]:
        approve_account(store)  # the third has no approved account: its money waits
    tally = run_sequence(seed, chans, stores)
    assert tally["sale"] and tally["refund"] + tally["chargeback"] and tally["payout"]
    assert LedgerTransaction.objects.filter(kind="payout").exists()  # the sequence did pay stores
    payouts = LedgerTransaction.objects.filter(kind="payout").count()
    print(f"\nledger invariant: seed {seed}, {OPERATIONS} operations ({dict(tally)}), {payouts} payouts, "
          f"3 stores, IDR and MYR")
