"""Stores' bank accounts lived in three ``catalog.Store`` fields before payout accounts had their own model (with
an administrator's approval). Each complete one becomes a change waiting for approval, before
``catalog.0016`` drops the fields (``run_before``: the catalog does not know this app)."""

import re

from django.db import migrations

FIELDS = ("payout_bank_name", "payout_account_name", "payout_account_number")


def carry_over(apps, schema_editor):
    Store = apps.get_model("catalog", "Store")
    Change = apps.get_model("payouts", "PayoutAccountChange")
    Account = apps.get_model("payouts", "StorePayoutAccount")
    for store in Store.objects.exclude(payout_bank_name="").exclude(payout_account_number=""):
        if Account.objects.filter(store=store).exists() or Change.objects.filter(store=store, status="pending").exists():
            continue
        name = " ".join(store.payout_bank_name.split())
        Change.objects.create(
            store=store, bank_code=re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:30], bank_name=name,
            account_number=re.sub(r"[\s.-]", "", store.payout_account_number)[:34],
            holder_name=store.payout_account_name or store.name, previous={}, status="pending",
            note="from the store's former payout fields",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("payouts", "0001_ledger_batches_and_accounts"),
        ("catalog", "0015_campaigns"),
    ]
    run_before = [("catalog", "0016_drop_store_payout_fields")]
    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
