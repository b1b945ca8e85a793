import json
import re

import pytest

from catalog.models import Stock
from tests.factories import CategoryFactory, make_product

pytestmark = pytest.mark.django_db


def jsonld(html, type_):
    for raw in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(raw)
        if data.get("@type") == type_:
            return data
    raise AssertionError(f"no {type_} JSON-LD")


def test_home_lists_store_directory_categories_and_search_box(client, store, other_store):
    CategoryFactory(name="Kopi", slug="kopi")
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kopi An Nur" in html and "Batik Al Hikam" in html
    assert 'href="/kategori/kopi/"' in html
    assert 'action="/search/"' in html


def test_storefront_shows_its_products_in_rupiah(client, store, other_store):
    make_product(store, "Kopi Robusta Dampit", price_idr=1234567)
    make_product(other_store, "Batik Tulis Madura")
    html = client.get("/kopi-an-nur/").content.decode()
    assert "Kopi Robusta Dampit" in html
    assert "Rp1.234.567" in html
    assert "Batik Tulis Madura" not in html


def test_product_page_shows_price_stock_store_and_add_to_cart_form(client, store):
    product = make_product(store, "Madu Hutan", slug="madu-hutan", price_idr=85000, stock=3,
                           halal_cert_no="ID35110000123450823")
    response = client.get("/kopi-an-nur/p/madu-hutan/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rp85.000" in html
    assert "Sisa 3 lagi" in html
    assert 'action="/cart/add/"' in html
    variant = product.variants.get()
    assert f'name="variant" value="{variant.pk}"' in html
    assert 'name="quantity"' in html
    assert "ID35110000123450823" in html
    assert "https://wa.me/6281234567890" in html


def test_product_page_seo_has_canonical_og_and_product_jsonld(client, store):
    make_product(store, "Sabun Zaitun", slug="sabun-zaitun", price_idr=15000, stock=0)
    html = client.get("/kopi-an-nur/p/sabun-zaitun/").content.decode()
    assert '<link rel="canonical" href="http://testserver/kopi-an-nur/p/sabun-zaitun/">' in html
    assert 'property="og:type" content="product"' in html
    data = jsonld(html, "Product")
    assert data["brand"]["name"] == "Kopi An Nur"
    offer = data["offers"][0]
    assert offer["price"] == "15000" and offer["priceCurrency"] == "IDR"
    assert offer["availability"] == "https://schema.org/OutOfStock"
    crumbs = jsonld(html, "BreadcrumbList")
    assert [i["name"] for i in crumbs["itemListElement"]] == ["OPOP", "Kopi An Nur", "Sabun Zaitun"]


def test_available_stock_subtracts_allocated_units(client, store):
    product = make_product(store, "Keripik", slug="keripik", stock=4)
    Stock.objects.filter(sku=product.variants.get().sku).update(quantity_allocated=4)
    html = client.get("/kopi-an-nur/p/keripik/").content.decode()
    assert "Stok habis" in html
    assert re.search(r'<button type="submit" class="button primary"\s+disabled', html)


@pytest.mark.parametrize("path", [
    "/toko-tidak-ada/",
    "/kopi-an-nur/p/tidak-ada/",
])
def test_unknown_store_or_product_is_404(client, store, path):
    assert client.get(path).status_code == 404


def test_unpublished_product_is_404_in_store_theme(client, store):
    make_product(store, "Draf", slug="draf", live=False)
    response = client.get("/kopi-an-nur/p/draf/")
    assert response.status_code == 404
    assert "Kopi An Nur" in response.content.decode()


def test_inactive_store_is_404(client, store):
    make_product(store, "Kopi", slug="kopi")
    store.is_active = False
    store.save()
    assert client.get("/kopi-an-nur/").status_code == 404
    assert client.get("/kopi-an-nur/p/kopi/").status_code == 404


def test_other_store_product_slug_under_wrong_store_is_404(client, store, other_store):
    make_product(other_store, "Batik", slug="batik")
    assert client.get("/kopi-an-nur/p/batik/").status_code == 404
    assert client.get("/batik-al-hikam/p/batik/").status_code == 200
