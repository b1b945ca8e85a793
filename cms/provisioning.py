"""The marketplace's pages: its home page, and each store's storefront page.

A store gets its storefront when the catalog provisions it: ``catalog.services.stores.provision_store`` sends
``catalog.signals.store_provisioned`` and ``storefront_for_provisioned_store`` (connected in ``CmsConfig.ready``)
adds the page and grants the store's editors their page permissions on it. The dependency runs one way: ``cms``
imports ``catalog``, never the reverse.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission, Page, Site

from catalog.models import Store
from catalog.services.marketplace import find_permissions
from catalog.signals import store_provisioned

from .models import HomePage, StorefrontPage

# What a store's editors may do on their storefront and the pages below it.
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


@transaction.atomic
def ensure_home_page(title: str = "OPOP Jawa Timur") -> HomePage:
    """Return the marketplace HomePage, creating it (and pointing the default Site at it) if needed. Idempotent."""
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
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="OPOP Shop"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


@transaction.atomic
def ensure_storefront(store: Store) -> StorefrontPage:
    """The store's published storefront page at ``/<store.slug>/`` under the home page, and its editors' page
    permissions on it. Idempotent; a ``ValidationError`` on ``slug`` if another page already has that address."""
    page = StorefrontPage.objects.filter(store=store).first()
    if page is None:
        home = ensure_home_page()
        if home.get_children().filter(slug=store.slug).exists():
            raise ValidationError(
                {"slug": _("The address /%(slug)s/ is already used by another page.") % {"slug": store.slug}}
            )
        page = home.add_child(instance=StorefrontPage(title=store.name, slug=store.slug, store=store))
        page.save_revision().publish()
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=store.editors_group, page=page, permission=find_permissions([("wagtailcore", codename)])[0]
        )
    return page


def storefront_for_provisioned_store(sender, store, **kwargs):
    """``store_provisioned`` receiver."""
    ensure_storefront(store)


def connect():
    store_provisioned.connect(
        storefront_for_provisioned_store, dispatch_uid="cms.storefront_for_provisioned_store"
    )
