"""A store's storefront hangs off ``catalog.signals.store_provisioned``: the catalog provisions, cms adds the page."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from wagtail.models import Collection, GroupPagePermission

from catalog.models import Store
from catalog.services.stores import provision_store
from catalog.signals import store_provisioned
from cms.models import ContentPage, StorefrontPage
from cms.provisioning import PAGE_PERMISSIONS, ensure_home_page, storefront_for_provisioned_store
from tests.factories import make_store

RECEIVER_UID = "cms.storefront_for_provisioned_store"


@pytest.fixture
def without_cms_receiver():
    """The catalog on its own: nobody listens to ``store_provisioned``."""
    assert store_provisioned.disconnect(dispatch_uid=RECEIVER_UID)
    yield
    store_provisioned.connect(storefront_for_provisioned_store, dispatch_uid=RECEIVER_UID)


@pytest.mark.django_db
def test_cms_gives_a_provisioned_store_its_storefront_and_its_editors_their_page_permissions(chans):
    store = make_store("Kopi Nurul Ijen", slug="kopi-nurul-ijen")
    page = StorefrontPage.objects.get(store=store)
    assert page.live and page.get_parent().specific == ensure_home_page()
    granted = GroupPagePermission.objects.filter(group=store.editors_group, page=page)
    assert sorted(granted.values_list("permission__codename", flat=True)) == sorted(PAGE_PERMISSIONS)

    provision_store(store)  # idempotent: nothing twice
    assert StorefrontPage.objects.filter(store=store).count() == 1
    assert granted.count() == len(PAGE_PERMISSIONS)


@pytest.mark.django_db
def test_an_address_another_page_holds_rolls_the_whole_provisioning_back(chans):
    home = ensure_home_page()
    home.add_child(instance=ContentPage(title="Tentang", slug="tentang"))
    with pytest.raises(ValidationError) as excinfo:
        make_store("Toko Tentang", slug="tentang")
    assert "slug" in excinfo.value.message_dict
    assert not Store.objects.filter(slug="tentang").exists()
    assert not Group.objects.filter(name="Editor toko: tentang").exists()
    assert not Collection.objects.filter(name="Toko Tentang").exists()


@pytest.mark.django_db
def test_the_catalog_provisions_a_store_without_knowing_about_pages(chans, without_cms_receiver):
    store = make_store("Madu Sidogiri", slug="madu-sidogiri")
    assert (
        store.editors_group.name == "Editor toko: madu-sidogiri" and store.collection.name == "Madu Sidogiri"
    )
    assert not StorefrontPage.objects.filter(store=store).exists()
