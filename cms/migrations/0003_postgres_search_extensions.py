"""Fuzzy product search on PostgreSQL needs pg_trgm (Wagtail's modelsearch Fuzzy query). No-op elsewhere."""

from django.db import migrations


def enable_extensions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [("cms", "0002_storefront_theme_brand_and_blocks")]

    operations = [migrations.RunPython(enable_extensions, migrations.RunPython.noop)]
