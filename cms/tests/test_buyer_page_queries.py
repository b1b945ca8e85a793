"""Every buyer page runs at most 8 SQL queries with the page cache off, whatever the number of products shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CategoryFactory, make_product

pytestmark = pytest.mark.django_db
BUDGET = 8
PAGES = [
    "/", "/kopi-an-nur/", "/kopi-an-nur/produk/", "/kopi-an-nur/produk/?urut=price&stok=1&kategori=kopi",
    "/kopi-an-nur/p/kopi-0/", "/search/?q=kopi", "/search/?urut=name", "/kategori/kopi/", "/toko/",
]


def queries(client, url) -> int:
    client.get(url)  # per-process maps (routes, channels, categories) are built on a first visit
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx)


def stock_shelf(store, other_store, n):
    kopi = CategoryFactory(name="Kopi", slug="kopi")
    for i in range(n):
        make_product(store, f"Kopi {i}", slug=f"kopi-{i}", category=kopi)
        make_product(other_store, f"Kopi Batik {i}", slug=f"kopi-batik-{i}", category=kopi)
    return kopi


def test_buyer_pages_stay_within_the_budget_and_do_not_grow_with_products(client, store, other_store, settings):
    settings.OPOP_PAGE_CACHE = False
    kopi = stock_shelf(store, other_store, 3)
    few = {url: queries(client, url) for url in PAGES}
    for i in range(3, 15):
        make_product(store, f"Kopi {i}", slug=f"kopi-{i}", category=kopi)
    many = {url: queries(client, url) for url in PAGES}
    assert few == many
    assert max(many.values()) <= BUDGET, many
