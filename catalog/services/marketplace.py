"""Set-up of the marketplace itself: channels and the curators' group (its home page is ``cms.provisioning``)."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from catalog.models import Channel

CURATORS_GROUP = "Kurator marketplace"

DEFAULT_CHANNELS = [
    {"slug": "indonesia", "name": "Indonesia", "currency": "IDR", "language": "id", "default_country": "ID",
     "countries": "ID", "payment_gateways": "midtrans,manual", "sort_order": 0},
    {"slug": "international", "name": "International", "currency": "MYR", "language": "en",
     "default_country": "MY", "countries": "MY,SG,BN", "payment_gateways": "stripe", "sort_order": 1},
]


@transaction.atomic
def ensure_channels() -> list[Channel]:
    """Create the default channels if missing. Idempotent."""
    channels = []
    for spec in DEFAULT_CHANNELS:
        channel, _ = Channel.objects.get_or_create(slug=spec["slug"], defaults=spec)
        channels.append(channel)
    return channels


@transaction.atomic
def ensure_curators_group() -> Group:
    """Curators: featured collections, read every store's products (change none of them), read and hide reviews."""
    group, _ = Group.objects.get_or_create(name=CURATORS_GROUP)
    codenames = [
        ("wagtailadmin", "access_admin"),
        ("catalog", "add_featuredcollection"),
        ("catalog", "change_featuredcollection"),
        ("catalog", "delete_featuredcollection"),
        ("catalog", "view_featuredcollection"),
        ("catalog", "view_product"),
        ("catalog", "view_store"),
        ("checkout", "view_review"),
        ("checkout", "hide_review"),
    ]
    group.permissions.add(*find_permissions(codenames))
    return group


def find_permissions(pairs):
    """Look up permissions by (app_label, codename).

    Wagtail creates the extra ``publish_``/``lock_``/``unlock_`` permissions of snippet models only when the
    snippet is registered, so those are created here if they are missing.
    """
    perms = []
    for app_label, codename in pairs:
        perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if perm is None:
            action, _sep, model_name = codename.partition("_")
            model = apps.get_model(app_label, model_name)
            perm, _created = Permission.objects.get_or_create(
                content_type=ContentType.objects.get_for_model(model),
                codename=codename,
                defaults={"name": f"Can {action} {model._meta.verbose_name_raw}"},
            )
        perms.append(perm)
    return perms
