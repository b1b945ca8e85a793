from django.db import migrations


def drop_negative_compare_at(apps, schema_editor):
    """A negative compare-at price means nothing: it is removed before the constraint holds."""
    apps.get_model("catalog", "VariantPrice").objects.filter(compare_at_amount__lt=0).update(
        compare_at_amount=None
    )


class Migration(migrations.Migration):
    """Data first, in its own transaction (PostgreSQL refuses ALTER TABLE with pending trigger events)."""

    dependencies = [
        ("catalog", "0006_backfill_product_listings"),
    ]

    operations = [
        migrations.RunPython(drop_negative_compare_at, migrations.RunPython.noop),
    ]
