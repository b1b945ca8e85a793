"""When a refund succeeded (``Refund.completed_at``): the day a sales report subtracts it. Refunds that succeeded
before the field existed get the moment they were asked for (most succeed at once; no better date is kept)."""

from django.db import migrations, models
from django.db.models import F


def completed_when_asked(apps, schema_editor):
    Refund = apps.get_model("payments", "Refund")
    Refund.objects.filter(status="succeeded", completed_at__isnull=True).update(completed_at=F("created_at"))


def nothing_to_undo(apps, schema_editor):
    """The column goes with the field."""


class Migration(migrations.Migration):
    dependencies = [("payments", "0007_refund_kind_from_key_prefix")]

    operations = [
        migrations.AddField(
            model_name="refund",
            name="completed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(completed_when_asked, nothing_to_undo),
    ]
