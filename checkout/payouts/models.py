"""The payout ledger: double-entry accounts per store and currency, journal transactions (each balanced to the
rupiah or sen), payout batches and payouts, and the store's bank account with its audited changes.

Sign convention: an entry's ``amount`` is positive when it credits the account (what the marketplace owes the store
grows, commission earned grows) and negative when it debits it. Every transaction's entries sum to zero; the
``cash`` account holds minus (captured − refunded), so, per currency:
store balances + commission + fees + paid out = captured − refunded.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import Store, StoreOwned


class AccountKind(models.TextChoices):
    STORE = "store", _("Owed to the store")
    COMMISSION = "commission", _("Marketplace commission")
    FEES = "fees", _("Payment fees")
    PAID_OUT = "paid_out", _("Paid out")
    CASH = "cash", _("Buyers' money held")


class LedgerAccount(models.Model):
    kind = models.CharField(max_length=20, choices=AccountKind.choices)
    store = models.ForeignKey(Store, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_accounts")
    currency = models.CharField(max_length=3)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "store", "currency"], name="payouts_account_unique"),
            models.UniqueConstraint(
                fields=["kind", "currency"], condition=models.Q(store__isnull=True), name="payouts_mkt_account_unique"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.store_id or '-'} {self.currency}"


class TransactionKind(models.TextChoices):
    SALE = "sale", _("Sale")
    REFUND = "refund", _("Refund")
    CHARGEBACK = "chargeback", _("Chargeback")
    PAYOUT = "payout", _("Payout")
    PAYOUT_RETURNED = "payout_returned", _("Payout returned")


class LedgerTransaction(models.Model):
    """One business event, posted once: ``key`` is unique (``sale:<order>``, ``refund:<order event>``,
    ``payout:<payout>``), so an event applied twice posts once."""

    key = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=TransactionKind.choices)
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="ledger_transactions")
    currency = models.CharField(max_length=3)
    order = models.ForeignKey(
        "checkout.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_transactions"
    )
    payout = models.ForeignKey(
        "payouts.Payout", on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_transactions"
    )
    #: From when the store's share is payable: null while the order waits for delivery (+ the holding days).
    available_at = models.DateTimeField(null=True, blank=True)
    memo = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["store", "currency", "created_at"])]

    def __str__(self):
        return self.key


class EntryKind(models.TextChoices):
    SALE = "sale", _("Sale")
    COMMISSION = "commission", _("Commission")
    FEE = "fee", _("Payment fee")
    REFUND = "refund", _("Refund")
    COMMISSION_RETURNED = "commission_returned", _("Commission returned")
    CHARGEBACK = "chargeback", _("Chargeback")
    PAYOUT = "payout", _("Payout")
    PAYOUT_RETURNED = "payout_returned", _("Payout returned")


class LedgerEntry(models.Model):
    transaction = models.ForeignKey(LedgerTransaction, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(LedgerAccount, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=30, choices=EntryKind.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    def __str__(self):
        return f"{self.kind} {self.amount}"


class StorePayoutTerms(StoreOwned):
    """A store's commission when it differs from the marketplace default (``OPOP_PAYOUT_COMMISSION_PERCENT``)."""

    store = models.OneToOneField(Store, on_delete=models.CASCADE, related_name="payout_terms", verbose_name=_("store"))
    commission_percent = models.DecimalField(
        _("commission (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("store commission")
        verbose_name_plural = _("store commissions")

    def __str__(self):
        return f"{self.store} {self.commission_percent}%"


class StorePayoutAccount(StoreOwned):
    """The bank account a store is paid to. Only an approved one receives payouts; a change is a
    ``PayoutAccountChange`` until an administrator approves it."""

    store = models.OneToOneField(Store, on_delete=models.CASCADE, related_name="payout_account", verbose_name=_("store"))
    bank_code = models.CharField(_("bank code"), max_length=30)
    bank_name = models.CharField(_("bank"), max_length=80)
    account_number = models.CharField(_("account number"), max_length=34)
    holder_name = models.CharField(_("account holder"), max_length=120)
    approved_at = models.DateTimeField(_("approved"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("payout account")

    def __str__(self):
        return f"{self.bank_name} {self.account_number} a.n. {self.holder_name}"


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class PayoutAccountChange(StoreOwned):
    """A submitted bank account (new or changed), and its audit: who submitted it and when, what it replaces, who
    decided and when."""

    bank_code = models.CharField(_("bank code"), max_length=30)
    bank_name = models.CharField(_("bank"), max_length=80)
    account_number = models.CharField(_("account number"), max_length=34)
    holder_name = models.CharField(_("account holder"), max_length=120)
    previous = models.JSONField(_("previous account"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["store"], condition=models.Q(status="pending"), name="payouts_one_pending_change_per_store"
            )
        ]

    def __str__(self):
        return f"{self.bank_name} {self.account_number} ({self.get_status_display()})"


class PayoutBatch(models.Model):
    """The payouts of one period (dates inclusive, in the shop's time zone). One batch per period: periods of two
    batches never overlap."""

    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gateway = models.CharField(_("disbursement"), max_length=30)
    skipped = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-period_end", "-pk"]
        constraints = [models.UniqueConstraint(fields=["period_start", "period_end"], name="payouts_one_batch_per_period")]

    def __str__(self):
        return f"{self.period_start} – {self.period_end}"


class PayoutStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    QUEUED = "queued", _("Sent, waiting for the bank")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed, returned to the balance")
    MANUAL = "manual", _("By bank transfer file")


class Payout(StoreOwned):
    batch = models.ForeignKey(PayoutBatch, on_delete=models.PROTECT, related_name="payouts")
    currency = models.CharField(_("currency"), max_length=3)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    bank_code = models.CharField(max_length=30)
    bank_name = models.CharField(max_length=80)
    account_number = models.CharField(max_length=34)
    holder_name = models.CharField(max_length=120)
    #: Sent as ``X-Idempotency-Key`` and in the notes: the same payout is never created twice at the provider.
    idempotency_key = models.CharField(max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=PayoutStatus.choices, default=PayoutStatus.PENDING)
    provider_reference = models.CharField(max_length=100, blank=True)
    error = models.CharField(max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch", "store", "currency"], name="payouts_one_payout_per_store"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payouts_amount_positive"),
        ]

    def __str__(self):
        return f"{self.store} {self.amount} {self.currency}"
