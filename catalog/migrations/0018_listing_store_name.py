from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_store_names(apps, schema_editor):
    """Fill the new columns from each row's store (one UPDATE)."""
    Store = apps.get_model("catalog", "Store")
    ProductListing = apps.get_model("catalog", "ProductListing")
    store = Store.objects.filter(pk=OuterRef("store_id"))
    ProductListing.objects.update(
        store_name=Subquery(store.values("name")[:1]), store_slug=Subquery(store.values("slug")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0017_product_import_jobs"),
    ]

    operations = [
        migrations.AddField(
            model_name="productlisting",
            name="store_name",
            field=models.CharField(blank=True, max_length=120),
        ),
        migrations.AddField(
            model_name="productlisting",
            name="store_slug",
            field=models.SlugField(blank=True, db_index=False, max_length=60),
        ),
        migrations.RunPython(copy_store_names, migrations.RunPython.noop),
    ]
