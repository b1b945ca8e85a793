"""The home shows a bounded number of stores; /toko/ lists them all, paginated, in fixed queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import selectors
from catalog.models import Store
from cms.models import StorefrontPage
from cms.tests.test_images_and_blocks import make_image
from tests.factories import CategoryFactory, make_product, make_store

pytestmark = pytest.mark.django_db


def make_stores(names, logo=False):
    stores = []
    for name in names:
        store = make_store(name)
        if logo:
            page = StorefrontPage.objects.get(store=store)
            page.logo = make_image(f"logo-{store.slug}")
            page.save_revision().publish()
        stores.append(store)
    return stores


def count_queries(client, url):
    client.get(url)  # first render makes the logo renditions
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_home_shows_only_the_newest_stores_and_links_to_the_directory(client, chans, monkeypatch):
    monkeypatch.setattr(selectors, "HOME_STORE_LIMIT", 3)
    make_stores(["Pondok Satu", "Pondok Dua", "Pondok Tiga", "Pondok Empat", "Pondok Lima"])
    html = client.get("/").content.decode()
    assert "Pondok Lima" in html and "Pondok Empat" in html and "Pondok Tiga" in html
    assert "Pondok Satu" not in html and "Pondok Dua" not in html
    assert 'href="/toko/"' in html and "Lihat semua 5 toko" in html


def test_home_with_few_stores_lists_them_all_without_a_directory_link(client, chans):
    make_stores(["Pondok Satu", "Pondok Dua"])
    html = client.get("/").content.decode()
    assert "Pondok Satu" in html and "Pondok Dua" in html
    assert "Lihat semua" not in html


def test_home_html_does_not_grow_with_the_number_of_stores(client, settings, chans, monkeypatch):
    settings.OPOP_PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(selectors, "HOME_STORE_LIMIT", 3)
    make_stores([f"Pondok {i:02d}" for i in range(4)])
    small = client.get("/").content
    make_stores([f"Pondok {i:02d}" for i in range(4, 12)])
    large = client.get("/").content
    assert abs(len(large) - len(small)) < 50, (len(small), len(large))  # only the names and the count change


def test_directory_lists_active_stores_with_live_storefronts_by_name_in_pages(client, chans, monkeypatch):
    monkeypatch.setattr(selectors, "STORE_DIRECTORY_PER_PAGE", 2)
    stores = make_stores(["Cahaya", "Amanah", "Barokah", "Darussalam", "Empat Lima"])
    Store.objects.filter(name="Darussalam").update(is_active=False)
    StorefrontPage.objects.get(store=stores[-1]).unpublish()
    first = client.get("/toko/").content.decode()
    assert first.index("Amanah") < first.index("Barokah") and "Cahaya" not in first
    assert "3 toko" in first and 'rel="next" href="?hal=2"' in first
    second = client.get("/toko/?hal=2").content.decode()
    assert "Cahaya" in second and 'rel="prev" href="?hal=1"' not in second and 'rel="prev" href="?"' in second
    assert "Darussalam" not in first + second and "Empat Lima" not in first + second


@pytest.mark.parametrize("bad", ["?hal=3", "?hal=0", "?hal=abc", "?hal=-1"])
def test_directory_page_that_does_not_exist_is_a_404_not_a_500(client, chans, bad):
    make_stores(["Amanah"])
    response = client.get("/toko/" + bad)
    assert response.status_code == 404


def test_directory_filters_by_name_and_by_category_keeping_them_across_pages(client, chans, monkeypatch):
    monkeypatch.setattr(selectors, "STORE_DIRECTORY_PER_PAGE", 1)
    kopi = CategoryFactory(name="Kopi", slug="kopi")
    batik = CategoryFactory(name="Batik", slug="batik")
    kopi_a, kopi_b, batik_store = make_stores(["Kopi Ijen", "Kopi Arjuno", "Batik Tulis"])
    make_product(kopi_a, "Kopi kaleng", slug="kaleng", category=kopi)
    make_product(kopi_b, "Kopi bubuk", slug="bubuk", category=kopi)
    make_product(batik_store, "Batik cap", slug="cap", category=batik)
    by_name = client.get("/toko/?q=tulis").content.decode()
    assert "Batik Tulis" in by_name and "Kopi Ijen" not in by_name and "1 toko" in by_name
    by_category = client.get("/toko/?kategori=kopi").content.decode()
    assert "Kopi Arjuno" in by_category and "Batik Tulis" not in by_category and "2 toko" in by_category
    assert 'href="?kategori=kopi&amp;hal=2"' in by_category
    assert "Kopi Ijen" in client.get("/toko/?kategori=kopi&hal=2").content.decode()


def test_directory_ignores_an_unknown_category_and_shows_every_store(client, chans):
    make_stores(["Amanah", "Barokah"])
    response = client.get("/toko/?kategori=tidak-ada&q=" + "x" * 500)
    assert response.status_code == 200
    assert "0 toko" in response.content.decode()  # the (cut) name matches nothing; the category is ignored
    html = client.get("/toko/?kategori=tidak-ada").content.decode()
    assert "Amanah" in html and "Barokah" in html


def test_directory_with_logos_runs_fixed_queries_whatever_the_number_of_stores(client, settings, chans, monkeypatch):
    settings.OPOP_PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(selectors, "STORE_DIRECTORY_PER_PAGE", 4)
    make_stores([f"Pondok {i:02d}" for i in range(2)], logo=True)
    few = count_queries(client, "/toko/")
    make_stores([f"Pondok {i:02d}" for i in range(2, 9)], logo=True)
    many = count_queries(client, "/toko/")
    page_two = count_queries(client, "/toko/?hal=2")
    assert few == many == page_two, (few, many, page_two)


def test_home_with_more_stores_than_it_shows_runs_fixed_queries(client, settings, chans, monkeypatch):
    settings.OPOP_PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(selectors, "HOME_STORE_LIMIT", 3)
    make_stores([f"Pondok {i:02d}" for i in range(2)], logo=True)
    few = count_queries(client, "/")
    make_stores([f"Pondok {i:02d}" for i in range(2, 8)], logo=True)
    assert count_queries(client, "/") == few


def test_directory_is_in_the_sitemap(client, chans):
    make_stores(["Amanah"])
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/toko/</loc>" in xml
    assert "/amanah/</loc>" in xml  # the storefronts are still listed too
