"""Stores and the curators' group that exist before reviews get their review permissions (new ones get them from
``catalog.services.stores.provision_store`` and ``ensure_curators_group``): editors view and reply
(``view_review``, ``change_review``; scoped to their store by ``catalog.scoping``), curators view and hide."""

from django.db import migrations

CURATORS_GROUP = "Kurator marketplace"  # catalog.services.marketplace.CURATORS_GROUP


def _permissions(apps, codenames):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="checkout", model="review")
    names = {"view_review": "Can view review", "change_review": "Can change review",
             "hide_review": "Can hide a review"}
    return [
        Permission.objects.get_or_create(content_type=content_type, codename=c, defaults={"name": names[c]})[0]
        for c in codenames
    ]


def grant(apps, schema_editor):
    Store = apps.get_model("catalog", "Store")
    Group = apps.get_model("auth", "Group")
    editor_perms = _permissions(apps, ["view_review", "change_review"])
    for store in Store.objects.exclude(editors_group=None).select_related("editors_group"):
        store.editors_group.permissions.add(*editor_perms)
    curators = Group.objects.filter(name=CURATORS_GROUP).first()
    if curators is not None:
        curators.permissions.add(*_permissions(apps, ["view_review", "hide_review"]))


class Migration(migrations.Migration):
    dependencies = [
        ("checkout", "0011_reviews_from_verified_buyers"),
        ("catalog", "0012_wishlist_and_stock_alerts"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
