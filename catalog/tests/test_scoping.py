import pytest
from django.urls import reverse

from catalog.models import Product, Stock
from tests.factories import make_curator, make_editor, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def products(store, other_store):
    return make_product(store, "Kopi Robusta An Nur", slug="kopi"), make_product(other_store, "Batik Tulis", slug="batik")


def url(name, *args):
    return reverse(f"wagtailsnippets_catalog_product:{name}", args=args)


def test_editor_sees_only_their_own_products_in_the_listing(client, store, products):
    own, other = products
    client.force_login(make_editor(store))
    response = client.get(url("list"))
    assert response.status_code == 200
    assert own.title in response.content.decode()
    assert other.title not in response.content.decode()


def test_editor_of_store_a_cannot_open_product_of_store_b(client, store, products):
    _own, other = products
    client.force_login(make_editor(store))
    assert client.get(url("edit", other.pk)).status_code == 404
    assert client.get(url("history", other.pk)).status_code == 404
    assert client.get(url("inspect", other.pk)).status_code == 404


def test_editor_of_store_a_cannot_delete_product_of_store_b(client, store, products):
    _own, other = products
    client.force_login(make_editor(store))
    assert client.post(url("delete", other.pk)).status_code == 404
    assert Product.objects.filter(pk=other.pk).exists()


def test_editor_can_open_and_edit_their_own_product(client, store, products):
    own, _other = products
    client.force_login(make_editor(store))
    response = client.get(url("edit", own.pk))
    assert response.status_code == 200
    # The store field is set for an editor of exactly one store: it is not offered at all.
    assert 'name="store"' not in response.content.decode()


def test_chooser_offers_only_the_editors_products(client, store, products):
    own, other = products
    client.force_login(make_editor(store))
    response = client.get(reverse("wagtailsnippetchoosers_catalog_product:choose"))
    body = response.content.decode()
    assert own.title in body and other.title not in body
    chosen = reverse("wagtailsnippetchoosers_catalog_product:chosen", args=[other.pk])
    assert client.get(chosen).status_code == 404
    multiple = reverse("wagtailsnippetchoosers_catalog_product:chosen_multiple")
    assert other.title not in client.get(multiple, {"id": [other.pk]}).content.decode()


def test_curator_reads_every_store_but_cannot_change_a_product(client, products):
    own, other = products
    client.force_login(make_curator())
    body = client.get(url("list")).content.decode()
    assert own.title in body and other.title in body
    assert client.get(url("inspect", other.pk)).status_code == 200
    assert client.get(url("edit", other.pk)).status_code in (403, 404, 302)
    response = client.post(url("edit", other.pk), {"title": "Diubah"})
    assert response.status_code in (403, 404, 302)
    other.refresh_from_db()
    assert other.title == "Batik Tulis"


def test_bulk_delete_of_another_stores_product_is_refused(client, store, products):
    own, other = products
    client.force_login(make_editor(store))
    bulk = reverse(
        "wagtail_bulk_action", args=["catalog", "product", "delete"]
    )
    client.post(f"{bulk}?id={other.pk}&id={own.pk}")
    assert Product.objects.filter(pk=other.pk).exists()


def test_stock_rows_are_scoped_too(client, store, products):
    client.force_login(make_editor(store))
    other_stock = Stock.objects.get(store__slug="batik-al-hikam")
    edit = reverse("wagtailsnippets_catalog_stock:edit", args=[other_stock.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"sku": other_stock.sku, "quantity": 0}).status_code == 404
    other_stock.refresh_from_db()
    assert other_stock.quantity == 10


def test_editor_opens_their_own_store_but_not_another(client, store, other_store):
    client.force_login(make_editor(store))
    assert client.get(reverse("wagtailsnippets_catalog_store:edit", args=[store.pk])).status_code == 200
    assert client.get(reverse("wagtailsnippets_catalog_store:edit", args=[other_store.pk])).status_code == 404
    body = client.get(reverse("wagtailsnippets_catalog_store:list")).content.decode()
    assert store.name in body and other_store.name not in body
