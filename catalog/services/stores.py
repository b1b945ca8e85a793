"""Store lifecycle: creating a store wires up its group, image collection and permissions.

What other apps keep per store (the storefront page, in ``cms``) hangs off ``catalog.signals.store_provisioned``:
the catalog never imports them."""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Collection, GroupCollectionPermission

from catalog.models import Store
from catalog.phones import normalise_whatsapp
from catalog.signals import store_provisioned

from .marketplace import find_permissions

# Model permissions every store editor gets; the scoping mechanism (catalog.scoping) narrows them to the store.
EDITOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("catalog", "add_product"),
    ("catalog", "change_product"),
    ("catalog", "delete_product"),
    ("catalog", "publish_product"),
    ("catalog", "lock_product"),
    ("catalog", "unlock_product"),
    ("catalog", "view_product"),
    ("catalog", "view_stock"),
    ("catalog", "change_stock"),
    ("catalog", "view_store"),
    ("catalog", "change_store"),
    ("catalog", "add_campaign"),
    ("catalog", "change_campaign"),
    ("catalog", "delete_campaign"),
    ("catalog", "view_campaign"),
    ("checkout", "view_order"),
    ("checkout", "change_order"),
    ("checkout", "add_shippingrate"),
    ("checkout", "change_shippingrate"),
    ("checkout", "delete_shippingrate"),
    ("checkout", "view_shippingrate"),
    ("checkout", "add_voucher"),
    ("checkout", "change_voucher"),
    ("checkout", "delete_voucher"),
    ("checkout", "view_voucher"),
    ("checkout", "view_review"),
    ("checkout", "change_review"),
]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def editors_group_name(store: Store) -> str:
    return f"Editor toko: {store.slug}"


@dataclass
class StoreSpec:
    name: str
    legal_seller: str
    contact_email: str
    whatsapp: str
    slug: str = ""
    story: str = ""
    is_pkp: bool = False
    origin_address: str = ""


@transaction.atomic
def create_store(spec: StoreSpec) -> Store:
    """Create a store with everything it needs, all or nothing.

    Creates the store, its editors' group, its image collection and the permissions that tie them together; the
    receivers of ``store_provisioned`` add the rest (with ``cms`` installed: the storefront page under the
    marketplace home). Raises ValidationError on bad input.
    """
    slug = spec.slug or slugify(spec.name)[:60]
    store = Store(
        name=spec.name,
        slug=slug,
        legal_seller=spec.legal_seller,
        contact_email=spec.contact_email,
        whatsapp=normalise_whatsapp(spec.whatsapp),
        story=spec.story,
        is_pkp=spec.is_pkp,
        origin_address=spec.origin_address,
    )
    store.full_clean()
    store.save()
    provision_store(store)
    return store


@transaction.atomic
def provision_store(store: Store) -> Store:
    """Give an existing store its group, collection and permissions, then send ``store_provisioned``. Idempotent.

    Called by ``create_store`` and by the admin's create view (the store is saved by the form there). A receiver's
    ``ValidationError`` (with ``cms``: the address is taken by another page) rolls all of it back.
    """
    if store.editors_group_id is None:
        store.editors_group, _created = Group.objects.get_or_create(name=editors_group_name(store))
    if store.collection_id is None:
        root = Collection.get_first_root_node()
        store.collection = root.add_child(name=store.name)
    store.save(update_fields=["editors_group", "collection"])

    group = store.editors_group
    group.permissions.add(*find_permissions(EDITOR_MODEL_PERMISSIONS))
    for app_label, codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=store.collection,
            permission=find_permissions([(app_label, codename)])[0],
        )
    store_provisioned.send(sender=Store, store=store)
    return store


@transaction.atomic
def set_store_active(store: Store, active: bool) -> Store:
    """Deactivating hides the storefront and all products from buyers (ProductQuerySet.live checks it)."""
    store.is_active = active
    store.save(update_fields=["is_active"])
    return store
