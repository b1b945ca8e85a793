"""Refund kinds used to be encoded as prefixes of the idempotency key (``dup-``, ``auto-``, ``ext-``); the
``kind`` field says it now. Existing rows get their kind from their key."""

from django.db import migrations

PREFIXES = {"dup-": "duplicate_payment", "auto-": "out_of_stock", "ext-": "external"}


def kinds_from_keys(apps, schema_editor):
    Refund = apps.get_model("payments", "Refund")
    for prefix, kind in PREFIXES.items():
        Refund.objects.filter(refund_key__startswith=prefix).update(kind=kind)


def keys_stay(apps, schema_editor):
    """Nothing to undo: the keys were never changed."""


class Migration(migrations.Migration):
    dependencies = [("payments", "0006_audit_watch_refund_kind")]

    operations = [migrations.RunPython(kinds_from_keys, keys_stay)]
