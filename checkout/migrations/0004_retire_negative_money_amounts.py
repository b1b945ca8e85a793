from django.db import migrations


def retire_negative_amounts(apps, schema_editor):
    """Rows the new constraints would refuse are switched off rather than guessed at: a negative rate or voucher
    is deactivated at 0, a negative threshold or minimum spend becomes none, a percent above 100 becomes 100."""
    ShippingRate = apps.get_model("checkout", "ShippingRate")
    Voucher = apps.get_model("checkout", "Voucher")
    ShippingRate.objects.filter(price__lt=0).update(price=0, is_active=False)
    ShippingRate.objects.filter(free_above__lt=0).update(free_above=None)
    Voucher.objects.filter(value__lt=0).update(value=0, is_active=False)
    Voucher.objects.filter(kind="percent", value__gt=100).update(value=100, is_active=False)
    Voucher.objects.filter(min_spend__lt=0).update(min_spend=0)


class Migration(migrations.Migration):
    """Data first, in its own transaction (PostgreSQL refuses ALTER TABLE with pending trigger events)."""

    dependencies = [
        ("checkout", "0003_voucher_code_unique_per_store"),
    ]

    operations = [
        migrations.RunPython(retire_negative_amounts, migrations.RunPython.noop),
    ]
