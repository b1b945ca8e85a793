"""Wagtail's migration 0048 names its default workflow and task after the group, in English: "Moderators approval".
The name is data (an editor may rename it), shown to store editors as "Pengajuan ke Moderators approval". Rows that
still carry exactly Wagtail's default name get the Indonesian one; renamed workflows are left alone."""

from django.db import migrations

WAGTAIL_NAME = "Moderators approval"
INDONESIAN_NAME = "Persetujuan moderator"


def _rename(apps, old: str, new: str) -> None:
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


def to_indonesian(apps, schema_editor):
    _rename(apps, WAGTAIL_NAME, INDONESIAN_NAME)


def to_english(apps, schema_editor):
    _rename(apps, INDONESIAN_NAME, WAGTAIL_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0007_legal_pages"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(to_indonesian, to_english)]
