"""Set-up of the marketplace itself: channels, the home page and its site, the curators' group."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Page, Site

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
def ensure_home_page(title: str = "OPOP Jawa Timur"):
    """Return the marketplace HomePage, creating it (and pointing the default Site at it) if needed. Idempotent."""
    from cms.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title=title, slug="opop", intro=""))
        # Wagtail's initial migration creates a placeholder welcome page; the marketplace replaces it.
        for page in root.get_children().exclude(pk=home.pk).type(Page).exact_type(Page):
            Site.objects.filter(root_page=page).update(root_page=home)
            page.delete()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="OPOP Shop")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


@transaction.atomic
def ensure_curators_group() -> Group:
    """Curators: featured collections, read every store's products, change none of them."""
    group, _ = Group.objects.get_or_create(name=CURATORS_GROUP)
    codenames = [
        ("wagtailadmin", "access_admin"),
        ("catalog", "add_featuredcollection"),
        ("catalog", "change_featuredcollection"),
        ("catalog", "delete_featuredcollection"),
        ("catalog", "view_featuredcollection"),
        ("catalog", "view_product"),
        ("catalog", "view_store"),
    ]
    group.permissions.add(*_permissions(codenames))
    return group


def _permissions(pairs):
    """Look up permissions by (app_label, codename).

    Wagtail creates the extra ``publish_``/``lock_``/``unlock_`` permissions of snippet models only when the
    snippet is registered, so those are created here if they are missing.
    """
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

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
