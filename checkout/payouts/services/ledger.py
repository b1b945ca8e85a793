"""Posting to the payout ledger. Every posting is one balanced ``LedgerTransaction`` (its entries sum to zero) with a
unique key, so an event applied twice posts once. The receivers (``receivers.py``) call these inside the
transaction of the order change, with the order row locked (``checkout.locks``); ledger rows come after the order
in the lock order.
"""

from __future__ import annotations

import logging
from datetime import datetime
from decimal import ROUND_DOWN, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from catalog.money import exact_sum, quantize
from checkout.models import Order

from .. import conf
from ..models import (
    AccountKind,
    EntryKind,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    Payout,
    StorePayoutTerms,
    TransactionKind,
)

logger = logging.getLogger(__name__)

def total(entries) -> Decimal:
    """The sum of ``amount`` over a queryset of entries (of one currency), exact: ``catalog.money.exact_sum`` undoes
    SQLite's floating-point addition at the column's two places, whatever the currency. It is not the currency's
    rounding on purpose: every posting is already exact in its currency (``post`` refuses one that is not), so the
    sum of whole rupiah is whole rupiah, and a sum that were not would show the bug instead of hiding it."""
    return exact_sum(entries.aggregate(s=Sum("amount"))["s"])


Line = tuple[str, str, Decimal]  # (AccountKind, EntryKind, amount credited to the account; negative = debit)


def account(kind: str, currency: str, store_id: int | None = None) -> LedgerAccount:
    store_id = store_id if kind == AccountKind.STORE else None
    found = LedgerAccount.objects.filter(kind=kind, currency=currency, store_id=store_id).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return LedgerAccount.objects.create(kind=kind, currency=currency, store_id=store_id)
    except IntegrityError:  # created meanwhile by a concurrent posting
        return LedgerAccount.objects.get(kind=kind, currency=currency, store_id=store_id)


def post(
    key: str,
    kind: str,
    *,
    store_id: int,
    currency: str,
    lines: list[Line],
    order: Order | None = None,
    payout: Payout | None = None,
    available_at: datetime | None = None,
    memo: str = "",
) -> tuple[LedgerTransaction, bool]:
    """Post one balanced transaction once. Returns (the transaction, whether this call created it).

    Raises ``ValueError`` if the lines do not sum to zero or an amount is not exact in the currency (a bug, never
    a person's input). Zero lines are left out."""
    if sum((amount for _a, _k, amount in lines), Decimal(0)) != 0:
        raise ValueError(f"unbalanced ledger transaction {key}")
    for _a, _k, amount in lines:
        if quantize(amount, currency) != amount:
            raise ValueError(f"inexact amount {amount} {currency} in {key}")
    existing = LedgerTransaction.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            tx = LedgerTransaction.objects.create(
                key=key, kind=kind, store_id=store_id, currency=currency, order=order, payout=payout,
                available_at=available_at, memo=memo[:255], created_at=timezone.now(),
            )
            LedgerEntry.objects.bulk_create(
                LedgerEntry(transaction=tx, account=account(acc, currency, store_id), kind=entry_kind, amount=amount)
                for acc, entry_kind, amount in lines
                if amount != 0
            )
    except IntegrityError:
        return LedgerTransaction.objects.get(key=key), False
    return tx, True


def commission_percent(store_id: int) -> Decimal:
    terms = StorePayoutTerms.objects.filter(store_id=store_id).first()
    return terms.commission_percent if terms is not None else conf.default_commission_percent()


def sale_amounts(order: Order) -> tuple[Decimal, Decimal, Decimal]:
    """(captured, commission, store's share of the payment fee) of an order, each exact in its currency.
    Commission is on the goods (total − shipping); the fee on the whole amount the buyer paid."""
    currency = order.currency
    base = order.total - order.shipping_cost
    commission = quantize(base * commission_percent(order.store_id) / 100, currency)
    fee = quantize(order.total * conf.payment_fee_percent() * conf.store_fee_share_percent() / 10000, currency)
    return order.total, commission, fee


def order_available_at(order: Order) -> datetime | None:
    """When the order's money is payable to the store (None: not delivered yet)."""
    return (
        LedgerTransaction.objects.filter(order=order, available_at__isnull=False)
        .order_by("available_at")
        .values_list("available_at", flat=True)
        .first()
    )


def post_sale(order: Order) -> tuple[LedgerTransaction, bool]:
    """The order was paid: the store is owed its total, less commission and its share of the fee. Once per order."""
    total, commission, fee = sale_amounts(order)
    lines = [
        (AccountKind.CASH, EntryKind.SALE, -total),
        (AccountKind.STORE, EntryKind.SALE, total),
        (AccountKind.STORE, EntryKind.COMMISSION, -commission),
        (AccountKind.COMMISSION, EntryKind.COMMISSION, commission),
        (AccountKind.STORE, EntryKind.FEE, -fee),
        (AccountKind.FEES, EntryKind.FEE, fee),
    ]
    return post(
        f"sale:{order.pk}", TransactionKind.SALE, store_id=order.store_id, currency=order.currency, lines=lines,
        order=order, available_at=order_available_at(order), memo=order.number,
    )


def _commission_returned(order: Order, sale: LedgerTransaction, amount: Decimal, fully_refunded: bool) -> Decimal:
    """The commission given back with a refund: in proportion (rounded down), and everything left on the last one,
    so a full refund returns exactly the commission charged."""
    charged = total(sale.entries.filter(kind=EntryKind.COMMISSION, account__kind=AccountKind.COMMISSION))
    returned = -total(
        LedgerEntry.objects.filter(
            transaction__order=order, kind=EntryKind.COMMISSION_RETURNED, account__kind=AccountKind.COMMISSION
        )
    )
    if fully_refunded:
        return charged - returned
    share = quantize(charged * amount / order.total, order.currency, rounding=ROUND_DOWN) if order.total else 0
    return min(share, charged - returned)


def post_refund(order: Order, amount: Decimal, *, event_id: int, chargeback: bool) -> LedgerTransaction | None:
    """Money went back to the buyer (a refund, or a chargeback): the store's balance goes down by it, and the
    commission on it comes back to the store; the payment fee does not (the provider keeps it). Posted even after
    a payout (the balance goes negative and is carried). Nothing for an order whose sale was never posted (paid
    before the ledger existed, or paid without stock and never sold)."""
    sale = LedgerTransaction.objects.filter(key=f"sale:{order.pk}").first()
    if sale is None:
        logger.info("refund of order %s not posted: no sale in the ledger", order.number)
        return None
    back = _commission_returned(order, sale, amount, order.refunded_amount >= order.total)
    kind = EntryKind.CHARGEBACK if chargeback else EntryKind.REFUND
    lines = [
        (AccountKind.STORE, kind, -amount),
        (AccountKind.CASH, kind, amount),
        (AccountKind.COMMISSION, EntryKind.COMMISSION_RETURNED, -back),
        (AccountKind.STORE, EntryKind.COMMISSION_RETURNED, back),
    ]
    tx, _created = post(
        f"refund:{event_id}", TransactionKind.CHARGEBACK if chargeback else TransactionKind.REFUND,
        store_id=order.store_id, currency=order.currency, lines=lines, order=order,
        available_at=order_available_at(order), memo=order.number,
    )
    return tx


def make_payable(order: Order, when: datetime) -> int:
    """The order's money becomes payable at ``when`` (delivery + the holding period, or at once for an order that
    ends refunded or cancelled). Only the first call counts. Returns the number of transactions changed."""
    if order_available_at(order) is not None:
        return 0
    return LedgerTransaction.objects.filter(order=order, available_at__isnull=True).update(available_at=when)


def post_payout(payout: Payout) -> LedgerTransaction:
    lines = [(AccountKind.STORE, EntryKind.PAYOUT, -payout.amount), (AccountKind.PAID_OUT, EntryKind.PAYOUT, payout.amount)]
    tx, _created = post(
        f"payout:{payout.pk}", TransactionKind.PAYOUT, store_id=payout.store_id, currency=payout.currency,
        lines=lines, payout=payout, available_at=timezone.now(), memo=str(payout.batch),
    )
    return tx


def post_payout_returned(payout: Payout) -> LedgerTransaction:
    """The transfer failed: the money is owed to the store again."""
    lines = [
        (AccountKind.STORE, EntryKind.PAYOUT_RETURNED, payout.amount),
        (AccountKind.PAID_OUT, EntryKind.PAYOUT_RETURNED, -payout.amount),
    ]
    tx, _created = post(
        f"payout-returned:{payout.pk}", TransactionKind.PAYOUT_RETURNED, store_id=payout.store_id,
        currency=payout.currency, lines=lines, payout=payout, available_at=timezone.now(), memo=payout.error,
    )
    return tx


# ------------------------------------------------------------------------------------------------------ reading


def store_balance(store_id: int, currency: str, *, payable_at: datetime | None = None) -> Decimal:
    """What the marketplace owes the store in ``currency``: everything (``payable_at`` None), or only what is
    payable at that moment. Negative when refunds or chargebacks came after a payout."""
    entries = LedgerEntry.objects.filter(account__kind=AccountKind.STORE, account__store_id=store_id,
                                         account__currency=currency)
    if payable_at is not None:
        entries = entries.filter(Q(transaction__available_at__lte=payable_at))
    return total(entries)


def account_totals(currency: str) -> dict[str, Decimal]:
    """Every account kind's balance in ``currency`` (stores added together)."""
    rows = (
        LedgerEntry.objects.filter(account__currency=currency)
        .values("account__kind")
        .annotate(s=Sum("amount"))
    )
    totals = {kind: Decimal(0) for kind in AccountKind.values}
    for row in rows:
        totals[row["account__kind"]] = exact_sum(row["s"])
    return totals
