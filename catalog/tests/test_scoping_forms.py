"""The store field on store-owned forms: only the editor's stores, or set for them."""

import pytest
from django.urls import reverse

from catalog.models import Product, Stock
from catalog.scoping import StoreScopedPermissionPolicy, managed_store_ids, readable_store_ids
from tests.factories import UserFactory, make_curator, make_editor, make_store

pytestmark = pytest.mark.django_db


def test_editor_of_two_stores_chooses_between_them_only(client, store, other_store, chans):
    from catalog.tests.test_product_admin import product_data

    third = make_store("Sabun Lirboyo", slug="sabun-lirboyo")
    editor = make_editor(store)
    editor.groups.add(other_store.editors_group)
    client.force_login(editor)
    add = reverse("wagtailsnippets_catalog_product:add")
    body = client.get(add).content.decode()
    assert f'value="{store.pk}"' in body and f'value="{other_store.pk}"' in body
    assert third.name not in body
    response = client.post(add, product_data(store=third.pk))
    assert response.status_code == 200
    assert not Product.objects.exists()
    response = client.post(add, product_data(store=other_store.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Product.objects.get().store == other_store


def test_editors_do_not_add_stock_rows_directly(client, store):
    """Stock rows come from the variant's stock field on the product form (one SKU, one row)."""
    client.force_login(make_editor(store))
    response = client.post(reverse("wagtailsnippets_catalog_stock:add"), {"sku": "KOPI-9", "quantity": "3"})
    assert response.status_code in (302, 403)
    assert not Stock.objects.filter(sku="KOPI-9").exists()


def test_negative_stock_on_a_stock_row_is_refused(client, store):
    from tests.factories import make_product

    make_product(store, slug="kopi", sku="KOPI-1", stock=4)
    row = Stock.objects.get(sku="KOPI-1")
    client.force_login(make_editor(store))
    response = client.post(reverse("wagtailsnippets_catalog_stock:edit", args=[row.pk]),
                           {"sku": "KOPI-1", "quantity": "-1"})
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.quantity == 4


def test_who_reads_and_who_changes_which_stores(store, other_store):
    editor, curator, admin = make_editor(store), make_curator(), UserFactory(is_superuser=True)
    assert managed_store_ids(editor) == readable_store_ids(editor) == {store.pk}
    assert managed_store_ids(curator) == set() and readable_store_ids(curator) is None
    assert managed_store_ids(admin) is None


def test_policy_checks_the_object_store(store, other_store):
    from catalog.models import Product
    from tests.factories import make_product

    mine, theirs = make_product(store, slug="a"), make_product(other_store, slug="b")
    policy = StoreScopedPermissionPolicy(Product)
    editor, curator = make_editor(store), make_curator()
    assert policy.user_has_permission_for_instance(editor, "change", mine)
    assert not policy.user_has_permission_for_instance(editor, "change", theirs)
    assert not policy.user_has_permission_for_instance(curator, "change", theirs)
    assert policy.user_has_permission_for_instance(curator, "view", theirs)
    assert list(policy.instances_user_has_permission_for(editor, "delete")) == [mine]
