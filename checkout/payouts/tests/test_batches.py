"""Payout batches and bad input: one batch per period, a payout never larger than the payable balance, stores
without an approved account wait, failed transfers go back to the balance; the command's one-line errors."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from ..disbursement.base import DisbursementGateway, DisbursementResult, DisbursementState
from ..disbursement.registry import register
from ..disbursement.simulator import SimulatedDisbursement
from ..errors import PayoutError
from ..models import Payout, PayoutBatch, PayoutStatus
from ..services import batches, ledger
from .helpers import approve_account, deliver, paid_order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _payable_at_once(settings):
    settings.OPOP_PAYOUT_HOLD_DAYS = 0
    SimulatedDisbursement.created.clear()


def test_a_batch_pays_every_payable_store_and_lists_the_ones_without_an_account(chans, store, other_store):
    approve_account(store)
    deliver(paid_order(store, chans["indonesia"], Decimal(100000)))
    deliver(paid_order(store, chans["international"], Decimal("50.00")))
    deliver(paid_order(other_store, chans["indonesia"], Decimal(80000)))
    batch = batches.create_batch(date(2026, 1, 1), date(2026, 1, 31), cutoff=timezone.now())
    assert {(p.store_id, p.currency) for p in batch.payouts.all()} == {(store.pk, "IDR"), (store.pk, "MYR")}
    assert batch.skipped == [{"store": other_store.name, "currency": "IDR",
                              "amount": str(ledger.store_balance(other_store.pk, "IDR"))}]
    counts = batches.send_batch(batch)
    assert counts == {PayoutStatus.PAID: 2}
    assert ledger.store_balance(store.pk, "IDR") == 0


def test_a_second_batch_for_the_same_or_an_overlapping_period_is_refused(chans, store):
    batches.create_batch(date(2026, 1, 1), date(2026, 1, 31))
    for start, end in ((date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 1, 15), date(2026, 2, 10))):
        with pytest.raises(PayoutError, match="Sudah ada batch pembayaran"):
            batches.create_batch(start, end)
    assert PayoutBatch.objects.count() == 1


def test_a_period_that_has_not_ended_or_runs_backwards_is_refused(db):
    today = timezone.localdate()
    with pytest.raises(PayoutError, match="belum berakhir"):
        batches.create_batch(today, today + timedelta(days=1))
    with pytest.raises(PayoutError, match="awal periode"):
        batches.create_batch(date(2026, 2, 1), date(2026, 1, 1))
    assert not PayoutBatch.objects.exists()


def test_a_payout_larger_than_the_balance_is_refused_with_nothing_changed(chans, store):
    approve_account(store)
    deliver(paid_order(store, chans["indonesia"], Decimal(100000)))
    batch = batches.new_batch(date(2026, 1, 1), date(2026, 1, 1))
    balance = batches.payable_balance(store.pk, "IDR", timezone.now())
    with pytest.raises(PayoutError, match="lebih besar dari saldo"):
        batches.add_payout(batch, store, "IDR", balance + 1)
    with pytest.raises(PayoutError):
        batches.add_payout(batch, store, "IDR", Decimal("10.5"))  # no fractional rupiah
    assert not Payout.objects.exists() and ledger.store_balance(store.pk, "IDR") == balance
    batches.add_payout(batch, store, "IDR", balance)
    assert ledger.store_balance(store.pk, "IDR") == 0


def test_a_failed_transfer_goes_back_to_the_balance_once(chans, store):
    approve_account(store, number="9876540000")  # the simulator fails accounts ending in 0000
    deliver(paid_order(store, chans["indonesia"], Decimal(100000)))
    owed = ledger.store_balance(store.pk, "IDR")
    batch = batches.create_batch(date(2026, 1, 1), date(2026, 1, 31), cutoff=timezone.now())
    batches.send_batch(batch)
    payout = batch.payouts.get()
    assert payout.status == PayoutStatus.FAILED
    batches.record_result(payout, "failed")  # a repeated notification changes nothing
    assert ledger.store_balance(store.pk, "IDR") == owed


def test_the_command_creates_a_batch_and_refuses_bad_input_in_one_line(chans, store, capsys):
    approve_account(store)
    deliver(paid_order(store, chans["indonesia"], Decimal(100000)))
    today = timezone.localdate()
    call_command("create_payouts", "--from", str(today - timedelta(days=6)), "--to", str(today), "--send")
    assert "1 payout(s)" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Sudah ada batch pembayaran"):
        call_command("create_payouts", "--from", str(today - timedelta(days=2)), "--to", str(today))
    with pytest.raises(CommandError, match="Tanggal tidak valid"):
        call_command("create_payouts", "--from", "1-2-2026", "--to", "2026-01-20")
    with pytest.raises(CommandError, match="lebih besar dari saldo"):
        call_command("create_payouts", "--from", "2026-02-01", "--to", "2026-02-02", "--store", store.slug,
                     "--amount", "1000")
    assert PayoutBatch.objects.count() == 1


class _SlowBank(DisbursementGateway):
    """Queues every payout; the status answers what the test sets (a gateway added through the registry)."""

    name = "slow-bank"
    currencies = frozenset({"IDR"})
    answer = DisbursementResult(DisbursementState.QUEUED)

    def create(self, order):
        return DisbursementResult(DisbursementState.QUEUED, f"sb-{order.idempotency_key[-6:]}")

    def status(self, reference):
        return DisbursementResult(self.answer.state, reference, self.answer.error)


def test_queued_payouts_are_settled_by_the_periodic_job(chans, store, other_store):
    register("slow-bank", _SlowBank)
    approve_account(store)
    approve_account(other_store)
    deliver(paid_order(store, chans["indonesia"], Decimal(100000)))
    deliver(paid_order(other_store, chans["international"], Decimal("20.00")))
    batch = batches.create_batch(date(2026, 1, 1), date(2026, 1, 31), gateway="slow-bank", cutoff=timezone.now())
    assert batches.send_batch(batch) == {PayoutStatus.QUEUED: 1, PayoutStatus.MANUAL: 1}  # MYR: bank file
    assert batches.refresh_queued_payouts() == "0 payout(s) settled"
    _SlowBank.answer = DisbursementResult(DisbursementState.FAILED, error="rekening ditutup")
    assert batches.refresh_queued_payouts() == "1 payout(s) settled"
    payout = batch.payouts.get(currency="IDR")
    assert payout.status == PayoutStatus.FAILED and payout.error == "rekening ditutup"
    assert ledger.store_balance(store.pk, "IDR") > 0  # the money is owed to the store again
    batches.mark_manual_paid(batch.payouts.get(currency="MYR"))
    assert batch.payouts.get(currency="MYR").status == PayoutStatus.PAID
