"""Payout batches: what each store is paid for a period, and sending the payouts through the disbursement gateway.

A batch is created in one transaction (its payouts and their ledger postings together, or nothing); the provider is
called afterwards with no row lock held, one payout at a time, each with its idempotency key.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Store
from catalog.money import format_money, is_exact

from .. import conf
from ..disbursement.base import DisbursementState, PayoutOrder
from ..disbursement.registry import get_disbursement_gateway
from ..errors import DisbursementError, PayoutError
from ..models import (
    AccountKind,
    LedgerAccount,
    LedgerEntry,
    Payout,
    PayoutBatch,
    PayoutStatus,
    StorePayoutAccount,
    TransactionKind,
)
from . import ledger

logger = logging.getLogger(__name__)

CURRENCIES = ("IDR", "MYR")


def period_cutoff(period_end: date) -> datetime:
    """The end of the period's last day in the shop's time zone, or now if that is later than now."""
    end = timezone.make_aware(datetime.combine(period_end, time.max))
    return min(end, timezone.now())


def payable_q(cutoff: datetime) -> Q:
    """Entries payable by ``cutoff``, and every payout already made or returned (whenever it happened), so money
    is never paid twice."""
    return Q(transaction__available_at__lte=cutoff) | Q(
        transaction__kind__in=[TransactionKind.PAYOUT, TransactionKind.PAYOUT_RETURNED]
    )


def payable_balance(store_id: int, currency: str, cutoff: datetime) -> Decimal:
    """What can be paid to the store in ``currency`` (``payable_q``)."""
    entries = LedgerEntry.objects.filter(
        account__kind=AccountKind.STORE, account__store_id=store_id, account__currency=currency
    ).filter(payable_q(cutoff))
    return ledger.total(entries)


def _check_period(period_start: date, period_end: date) -> None:
    if period_start > period_end:
        raise PayoutError(_("The start of the period must be on or before its end."))
    if period_end > timezone.localdate():
        raise PayoutError(_("The period has not ended yet: choose an end date of today or earlier."))
    overlapping = PayoutBatch.objects.filter(period_start__lte=period_end, period_end__gte=period_start).first()
    if overlapping is not None:
        raise PayoutError(
            _("A payout batch already exists for this period (%(period)s). Each period is paid once.")
            % {"period": overlapping}
        )


def _lock_store_account(store_id: int, currency: str) -> None:
    """Serialises payouts of one store and currency (ledger rows come after orders in the lock order)."""
    ledger.account(AccountKind.STORE, currency, store_id)
    LedgerAccount.objects.select_for_update().filter(kind=AccountKind.STORE, store_id=store_id, currency=currency).get()


def add_payout(batch: PayoutBatch, store: Store, currency: str, amount, *, cutoff: datetime | None = None) -> Payout:
    """Pay ``amount`` to ``store`` in this batch, to its approved account. Refused (``PayoutError``, nothing
    changes) for an amount that is not positive or exact, larger than the payable balance, a store without an
    approved account, or a second payout of the store in the batch. Posts the payout to the ledger at once."""
    try:
        amount = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        raise PayoutError(_("Enter a valid amount.")) from None
    if not amount.is_finite() or amount <= 0 or not is_exact(amount, currency):
        raise PayoutError(_("The payout amount must be more than 0, in whole units of its currency."))
    with transaction.atomic():
        _lock_store_account(store.pk, currency)
        balance = payable_balance(store.pk, currency, cutoff or timezone.now())
        if amount > balance:
            raise PayoutError(
                _("The payout of %(amount)s to %(store)s is more than its payable balance (%(balance)s).")
                % {"amount": format_money(amount, currency), "store": store.name,
                   "balance": format_money(balance, currency)}
            )
        account = StorePayoutAccount.objects.filter(store=store).first()
        if account is None:
            raise PayoutError(_("%(store)s has no approved bank account.") % {"store": store.name})
        if Payout.objects.filter(batch=batch, store=store, currency=currency).exists():
            raise PayoutError(_("%(store)s is already paid in this batch.") % {"store": store.name})
        payout = Payout.objects.create(
            batch=batch, store=store, currency=currency, amount=amount, bank_code=account.bank_code,
            bank_name=account.bank_name, account_number=account.account_number, holder_name=account.holder_name,
            idempotency_key=f"opop-payout-{uuid.uuid4().hex}",
        )
        ledger.post_payout(payout)
    return payout


def new_batch(period_start: date, period_end: date, *, user=None, gateway: str | None = None) -> PayoutBatch:
    """An empty batch for the period (refused with ``PayoutError`` for a bad or already paid period)."""
    with transaction.atomic():
        _check_period(period_start, period_end)
        try:
            with transaction.atomic():
                return PayoutBatch.objects.create(
                    period_start=period_start, period_end=period_end,
                    created_by=user if getattr(user, "is_authenticated", False) else None,
                    gateway=gateway or conf.disbursement_gateway_name(),
                )
        except IntegrityError:
            raise PayoutError(_("A payout batch already exists for this period.")) from None


def create_batch(
    period_start: date, period_end: date, *, user=None, gateway: str | None = None, cutoff: datetime | None = None
) -> PayoutBatch:
    """Create the batch of a period: every store with a positive payable balance at the period's end (``cutoff``:
    the end of its last day, or now) is paid all of it, to its approved account. Stores owed money without an
    approved account are listed in ``batch.skipped``; negative balances are carried to the next period. One
    transaction: the batch, its payouts and their ledger postings, or nothing."""
    cutoff = cutoff or period_cutoff(period_end)
    with transaction.atomic():
        batch = new_batch(period_start, period_end, user=user, gateway=gateway)
        approved = set(StorePayoutAccount.objects.values_list("store_id", flat=True))
        skipped = []
        for store in Store.objects.filter(ledger_accounts__kind=AccountKind.STORE).distinct().order_by("name"):
            for currency in CURRENCIES:
                balance = payable_balance(store.pk, currency, cutoff)
                if balance <= 0:
                    continue
                if store.pk not in approved:
                    skipped.append({"store": store.name, "currency": currency, "amount": str(balance)})
                    continue
                add_payout(batch, store, currency, balance, cutoff=cutoff)
        batch.skipped = skipped
        batch.save(update_fields=["skipped"])
    return batch


def _order_of(payout: Payout) -> PayoutOrder:
    return PayoutOrder(
        idempotency_key=payout.idempotency_key, amount=payout.amount, currency=payout.currency,
        bank_code=payout.bank_code, account_number=payout.account_number, holder_name=payout.holder_name,
        notes=f"OPOP {payout.batch} {payout.store.slug}"[:100],
    )


def record_result(payout: Payout, state: str, *, reference: str = "", error: str = "") -> Payout:
    """Apply what the provider says about a payout, once: paid, still queued, or failed (the amount goes back to
    the store's balance with a ``payout_returned`` posting). A paid or failed payout never changes again."""
    with transaction.atomic():
        locked = Payout.objects.select_for_update().get(pk=payout.pk)
        if locked.status in (PayoutStatus.PAID, PayoutStatus.FAILED):
            return locked
        locked.provider_reference = reference or locked.provider_reference
        if state == DisbursementState.PAID:
            locked.status = PayoutStatus.PAID
        elif state == DisbursementState.FAILED:
            locked.status, locked.error = PayoutStatus.FAILED, error[:255]
        else:
            locked.status = PayoutStatus.QUEUED
        locked.save(update_fields=["status", "provider_reference", "error", "updated_at"])
        if locked.status == PayoutStatus.FAILED:
            ledger.post_payout_returned(locked)
    return locked


def send_batch(batch: PayoutBatch) -> dict[str, int]:
    """Send the batch's waiting payouts through its gateway (no lock held during a call). A currency the gateway
    cannot pay is left for the bank transfer file (``manual``). A provider error leaves the payout waiting (sent
    again next time with the same idempotency key). Returns counts per resulting status."""
    gateway = get_disbursement_gateway(batch.gateway)
    counts: dict[str, int] = {}
    for payout in batch.payouts.filter(status=PayoutStatus.PENDING).select_related("store", "batch"):
        if not gateway.supports(payout.currency):
            Payout.objects.filter(pk=payout.pk, status=PayoutStatus.PENDING).update(status=PayoutStatus.MANUAL)
            counts[PayoutStatus.MANUAL] = counts.get(PayoutStatus.MANUAL, 0) + 1
            continue
        try:
            result = gateway.create(_order_of(payout))
        except DisbursementError as exc:
            logger.warning("payout %s not sent: %s", payout.idempotency_key, exc.code)
            counts["error"] = counts.get("error", 0) + 1
            continue
        status = record_result(payout, result.state, reference=result.reference, error=result.error).status
        counts[status] = counts.get(status, 0) + 1
    return counts


def mark_manual_paid(payout: Payout) -> Payout:
    """An administrator transferred a ``manual`` payout with the bank file: it is paid."""
    return record_result(payout, DisbursementState.PAID)


def refresh_queued_payouts() -> str:
    """Ask each gateway about the payouts it has queued (a periodic job): paid ones are marked paid, failed ones go
    back to the store's balance. A provider that does not answer is asked again next time."""
    done = 0
    for payout in Payout.objects.filter(status=PayoutStatus.QUEUED).exclude(provider_reference="").select_related(
        "batch"
    ):
        try:
            result = get_disbursement_gateway(payout.batch.gateway).status(payout.provider_reference)
        except DisbursementError as exc:
            logger.warning("payout %s status unknown: %s", payout.idempotency_key, exc.code)
            continue
        if result.state != DisbursementState.QUEUED:
            record_result(payout, result.state, error=result.error)
            done += 1
    return f"{done} payout(s) settled"
