"""A store's bank account: an editor submits it (new or changed), an administrator approves or rejects it. Until
approved, payouts keep going to the previous approved account (or wait). Every change is kept, with who and when
(``PayoutAccountChange``: submitted, previous values, decided)."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Store

from ..errors import PayoutError
from ..models import ChangeStatus, PayoutAccountChange, StorePayoutAccount

ACCOUNT_NUMBER = re.compile(r"^[0-9]{6,20}$")
BANK_CODE = re.compile(r"^[a-z0-9_]{2,30}$")
FIELDS = ("bank_code", "bank_name", "account_number", "holder_name")


def _clean(values: dict) -> dict:
    cleaned = {name: " ".join(str(values.get(name) or "").split()) for name in FIELDS}
    cleaned["account_number"] = re.sub(r"[\s.-]", "", str(values.get("account_number") or ""))
    cleaned["bank_code"] = cleaned["bank_code"].lower()
    if not all(cleaned.values()):
        raise PayoutError(_("Fill in the bank code, bank, account number and account holder."))
    if not ACCOUNT_NUMBER.match(cleaned["account_number"]):
        raise PayoutError(_("The account number must be 6 to 20 digits."))
    if not BANK_CODE.match(cleaned["bank_code"]):
        raise PayoutError(_("The bank code is the short code of the bank, e.g. bca, bni, mandiri, bri."))
    return cleaned


# Midtrans Payouts' bank codes of the banks pesantren cooperatives use most (docs.midtrans.com, "Bank codes");
# another bank's code is its name, slugged, which an administrator checks (and may correct) before approving.
KNOWN_BANK_CODES = {
    "bca": "bca", "bank central asia": "bca", "bni": "bni", "bank negara indonesia": "bni", "bri": "bri",
    "bank rakyat indonesia": "bri", "mandiri": "mandiri", "bank mandiri": "mandiri", "bsi": "bsm",
    "bank syariah indonesia": "bsm", "btn": "btn", "cimb": "cimb", "cimb niaga": "cimb", "permata": "permata",
    "bank jatim": "bpd_jawa_timur", "muamalat": "muamalat", "bank muamalat": "muamalat",
}


def bank_code_for(bank_name: str) -> str:
    name = " ".join(bank_name.lower().split())
    return KNOWN_BANK_CODES.get(name) or re.sub(r"[^a-z0-9]+", "_", name).strip("_")[:30]


def current_values(store: Store) -> dict:
    account = StorePayoutAccount.objects.filter(store=store).first()
    return {name: getattr(account, name) for name in FIELDS} if account else {}


def submit_change(store: Store, values: dict, *, user) -> PayoutAccountChange:
    """Submit a bank account for ``store`` (pending until an administrator approves it). Refused
    (``PayoutError``, nothing changes) for a missing or malformed field, or while another change waits."""
    cleaned = _clean(values)
    with transaction.atomic():
        if PayoutAccountChange.objects.filter(store=store, status=ChangeStatus.PENDING).exists():
            raise PayoutError(_("A bank account change is already waiting for approval."))
        try:
            with transaction.atomic():
                return PayoutAccountChange.objects.create(
                    store=store, previous=current_values(store), submitted_by=user, **cleaned
                )
        except IntegrityError:
            raise PayoutError(_("A bank account change is already waiting for approval.")) from None


def approve_change(change: PayoutAccountChange, *, user) -> StorePayoutAccount:
    """The administrator checked the account: it becomes the store's payout account. Idempotent for an approved
    change; ``PayoutError`` for a rejected one."""
    with transaction.atomic():
        locked = PayoutAccountChange.objects.select_for_update().get(pk=change.pk)
        if locked.status == ChangeStatus.REJECTED:
            raise PayoutError(_("This change was rejected."))
        if locked.status == ChangeStatus.PENDING:
            locked.status, locked.decided_by, locked.decided_at = ChangeStatus.APPROVED, user, timezone.now()
            locked.save(update_fields=["status", "decided_by", "decided_at"])
        account, _created = StorePayoutAccount.objects.update_or_create(
            store_id=locked.store_id,
            defaults={**{name: getattr(locked, name) for name in FIELDS}, "approved_at": locked.decided_at,
                      "approved_by": locked.decided_by},
        )
    return account


def reject_change(change: PayoutAccountChange, *, user, note: str) -> PayoutAccountChange:
    note = (note or "").strip()
    if not note:
        raise PayoutError(_("Write why the account is rejected (the store reads it)."))
    with transaction.atomic():
        locked = PayoutAccountChange.objects.select_for_update().get(pk=change.pk)
        if locked.status != ChangeStatus.PENDING:
            raise PayoutError(_("This change has already been decided."))
        locked.status, locked.decided_by, locked.decided_at, locked.note = (
            ChangeStatus.REJECTED, user, timezone.now(), note[:255])
        locked.save(update_fields=["status", "decided_by", "decided_at", "note"])
    return locked
