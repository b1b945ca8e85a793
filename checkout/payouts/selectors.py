"""Read queries of the payout pages: statements, balances, batches, the bank transfer file. Scoping: every function
that takes a user returns only the stores that user may read (``catalog.scoping.readable_store_ids``)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils import timezone

from catalog.models import Store
from catalog.money import exact_sum, quantize
from catalog.scoping import readable_store_ids

from .models import AccountKind, LedgerEntry, Payout, PayoutAccountChange, PayoutBatch
from .services.batches import CURRENCIES, payable_q
from .services.ledger import total


def can_manage_payouts(user) -> bool:
    """Batches, approvals and the marketplace's totals: administrators only (not curators, not editors)."""
    return bool(user.is_active and user.is_superuser)


def readable_stores(user) -> QuerySet[Store]:
    ids = readable_store_ids(user)
    stores = Store.objects.order_by("name")
    return stores if ids is None else stores.filter(pk__in=ids)


def batches_for(user) -> QuerySet[PayoutBatch]:
    """Administrators see every batch; an editor the batches with a payout of their store."""
    ids = readable_store_ids(user)
    qs = PayoutBatch.objects.all()
    return qs if ids is None else qs.filter(payouts__store_id__in=ids).distinct()


def account_changes_for(user) -> QuerySet[PayoutAccountChange]:
    ids = readable_store_ids(user)
    qs = PayoutAccountChange.objects.select_related("store", "submitted_by", "decided_by")
    return qs if ids is None else qs.filter(store_id__in=ids)


@dataclass
class StoreBalance:
    store_name: str
    currency: str
    owed: Decimal
    payable: Decimal




def balances_of(store_ids) -> dict[int, list[StoreBalance]]:
    """Per store and currency it has entries in: everything owed, and what is payable now. One query."""
    rows = (
        LedgerEntry.objects.filter(account__kind=AccountKind.STORE, account__store_id__in=store_ids)
        .values("account__store_id", "account__store__name", "account__currency")
        .annotate(owed=Sum("amount"), payable=Sum("amount", filter=payable_q(timezone.now())))
        .order_by("account__store__name", "account__currency")
    )
    found: dict[int, list[StoreBalance]] = {}
    for row in rows:
        found.setdefault(row["account__store_id"], []).append(
            StoreBalance(row["account__store__name"], row["account__currency"], exact_sum(row["owed"]),
                         exact_sum(row["payable"]))
        )
    return found


def marketplace_totals() -> list[dict]:
    """Per currency: owed to stores, commission and fees earned, paid out."""
    rows = LedgerEntry.objects.values("account__currency", "account__kind").annotate(s=Sum("amount"))
    totals: dict[str, dict] = {}
    for row in rows:
        totals.setdefault(row["account__currency"], {k: Decimal(0) for k in AccountKind.values})[
            row["account__kind"]] = exact_sum(row["s"])
    return [{"currency": c, **totals[c]} for c in CURRENCIES if c in totals]


@dataclass
class StatementLine:
    at: datetime
    kind: str
    label: str
    order_number: str
    amount: Decimal


@dataclass
class CurrencyStatement:
    currency: str
    opening: Decimal
    lines: list[StatementLine] = field(default_factory=list)

    @property
    def closing(self) -> Decimal:
        return self.opening + sum((ln.amount for ln in self.lines), Decimal(0))


def _bounds(batch: PayoutBatch) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(batch.period_start, time.min))
    end = timezone.make_aware(datetime.combine(batch.period_end, time.max))
    return start, end


def statement(store: Store, batch: PayoutBatch) -> list[CurrencyStatement]:
    """Every entry of the store's balance in the batch's period (each sale, commission, fee, refund, chargeback,
    payout), with the opening balance before it. The batch's own payouts are listed too (made after the period)."""
    start, end = _bounds(batch)
    store_entries = LedgerEntry.objects.filter(account__kind=AccountKind.STORE, account__store=store)
    result = []
    for currency in CURRENCIES:
        entries = store_entries.filter(account__currency=currency)
        in_period = entries.filter(transaction__created_at__range=(start, end)) | entries.filter(
            transaction__payout__batch=batch
        )
        in_period = in_period.select_related("transaction__order").order_by("transaction__created_at", "pk")
        opening = total(entries.filter(transaction__created_at__lt=start).exclude(transaction__payout__batch=batch))
        lines = [
            StatementLine(e.transaction.created_at, e.kind, e.get_kind_display(),
                          e.transaction.order.number if e.transaction.order_id else "", e.amount)
            for e in in_period
        ]
        if lines or opening:
            result.append(CurrencyStatement(currency, opening, lines))
    return result


def payouts_of(batch: PayoutBatch, user) -> QuerySet[Payout]:
    ids = readable_store_ids(user)
    qs = batch.payouts.select_related("store").order_by("store__name", "currency")
    return qs if ids is None else qs.filter(store_id__in=ids)


CSV_HEADER = ["store", "bank_code", "bank", "account_number", "account_holder", "currency", "amount", "reference",
              "status"]


def transfer_file(batch: PayoutBatch) -> str:
    """The bank transfer file of a batch (CSV, plain numbers with a dot): one row per payout still to transfer or
    transferred; failed payouts are left out (their money went back to the balance)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for p in batch.payouts.exclude(status="failed").select_related("store").order_by("currency", "store__name"):
        writer.writerow([p.store.name, p.bank_code, p.bank_name, p.account_number, p.holder_name, p.currency,
                         str(quantize(p.amount, p.currency)), p.idempotency_key, p.status])
    return out.getvalue()

