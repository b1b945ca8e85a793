import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CategoryFactory, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(store, other_store):
    kopi = CategoryFactory(name="Kopi", slug="kopi")
    madu = CategoryFactory(name="Madu", slug="madu")
    make_product(store, "Kopi Arabika Ijen", slug="arabika", price_idr=60000, category=kopi,
                 halal_cert_no="ID35110000123450823")
    make_product(store, "Kopi Robusta", slug="robusta", price_idr=30000, category=kopi, stock=0)
    make_product(store, "Madu Randu", slug="madu-randu", price_idr=90000, category=madu)
    make_product(other_store, "Kopi Luwak Liar", slug="luwak", price_idr=250000, category=kopi)
    return {"kopi": kopi, "madu": madu}


def titles(response):
    return [p.title for p in response.context["listing"].products]


def test_store_listing_filters_by_category_price_stock_and_halal(client, shelf):
    base = "/kopi-an-nur/produk/"
    assert sorted(titles(client.get(base))) == ["Kopi Arabika Ijen", "Kopi Robusta", "Madu Randu"]
    assert sorted(titles(client.get(base, {"kategori": "kopi"}))) == ["Kopi Arabika Ijen", "Kopi Robusta"]
    assert titles(client.get(base, {"min": "50000", "max": "70000"})) == ["Kopi Arabika Ijen"]
    assert "Kopi Robusta" not in titles(client.get(base, {"stok": "1"}))
    assert titles(client.get(base, {"halal": "1"})) == ["Kopi Arabika Ijen"]


def test_listing_sorts_by_price_and_name(client, shelf):
    base = "/kopi-an-nur/produk/"
    assert titles(client.get(base, {"urut": "price"})) == ["Kopi Robusta", "Kopi Arabika Ijen", "Madu Randu"]
    assert titles(client.get(base, {"urut": "-price"}))[0] == "Madu Randu"
    assert titles(client.get(base, {"urut": "name"})) == ["Kopi Arabika Ijen", "Kopi Robusta", "Madu Randu"]


@pytest.mark.parametrize("params", [
    {"min": "abc"}, {"max": "-5"}, {"urut": "DROP TABLE"}, {"kategori": "tidak-ada"}, {"min": "1e999"},
    {"stok": "maybe"}, {"min": "NaN"},
])
def test_bad_filter_values_are_ignored_not_500(client, shelf, params):
    response = client.get("/kopi-an-nur/produk/", params)
    assert response.status_code == 200
    assert len(titles(response)) == 3


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999", "1.5"])
def test_bad_page_number_is_404(client, shelf, page):
    assert client.get("/kopi-an-nur/produk/", {"hal": page}).status_code == 404


def test_pagination_splits_results(client, store):
    for i in range(30):
        make_product(store, f"Produk {i:02}", slug=f"produk-{i}")
    first = client.get("/kopi-an-nur/produk/")
    second = client.get("/kopi-an-nur/produk/", {"hal": "2"})
    assert len(titles(first)) == 24 and len(titles(second)) == 6
    assert 'rel="next"' in first.content.decode()


def test_category_listing_spans_stores(client, shelf):
    response = client.get("/kategori/kopi/")
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Kopi Arabika Ijen", "Kopi Luwak Liar", "Kopi Robusta"]
    assert client.get("/kategori/tidak-ada/").status_code == 404


def test_search_finds_products_across_active_stores(client, shelf, other_store):
    response = client.get("/search/", {"q": "kopi"})
    assert response.status_code == 200
    # product titles and store names are both searched ("Madu Randu" is sold by Kopi An Nur)
    assert {"Kopi Arabika Ijen", "Kopi Luwak Liar", "Kopi Robusta"} <= set(titles(response))
    assert titles(client.get("/search/", {"q": "luwak"})) == ["Kopi Luwak Liar"]
    assert titles(client.get("/search/", {"q": "kopi", "halal": "1"})) == ["Kopi Arabika Ijen"]
    other_store.is_active = False
    other_store.save()
    assert "Kopi Luwak Liar" not in titles(client.get("/search/", {"q": "kopi"}))


def test_search_with_no_match_and_odd_input_renders(client, shelf):
    assert titles(client.get("/search/", {"q": "sepatu"})) == []
    assert client.get("/search/", {"q": "<script>'\""}).status_code == 200
    assert client.get("/search/", {"q": "x" * 5000}).status_code == 200


def test_international_channel_shows_ringgit_and_english(client, store):
    make_product(store, "Kopi Kaleng", slug="kopi-kaleng", price_idr=25000, price_myr="9.50")
    make_product(store, "Hanya Rupiah", slug="hanya-rupiah", price_myr=None)
    response = client.post("/channel/", {"channel": "international", "next": "/kopi-an-nur/"})
    assert response.status_code == 302 and response["Location"] == "/kopi-an-nur/"
    html = client.get("/kopi-an-nur/").content.decode()
    assert "RM9.50" in html and "Rp25.000" not in html
    assert "Hanya Rupiah" not in html  # no price in this channel: not buyable there
    assert '<html lang="en">' in html


def test_channel_switch_refuses_unknown_channel_and_foreign_redirect(client, store):
    response = client.post("/channel/", {"channel": "mars", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/channel/").status_code == 405


def count_queries(client, url):
    client.get(url)  # warm: renditions, site root paths
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", [
    "/", "/kopi-an-nur/", "/kopi-an-nur/produk/", "/kategori/kopi/", "/search/?q=kopi", "/kopi-an-nur/p/kopi-0/",
])
def test_query_count_is_fixed_for_12_and_48_products(client, settings, store, other_store, url):
    from catalog.models import FeaturedCollection, FeaturedCollectionItem

    settings.OPOP_PAGE_CACHE_SECONDS = 0  # measure rendering, not the cache
    kopi = CategoryFactory(name="Kopi", slug="kopi")
    collection = FeaturedCollection.objects.create(title="Pilihan", slug="pilihan")
    counts = []
    made = 0
    for target in (12, 48):
        while made < target:
            owner = store if made % 2 == 0 else other_store
            product = make_product(owner, f"Kopi {made}", slug=f"kopi-{made}", category=kopi)
            FeaturedCollectionItem.objects.create(collection=collection, product=product)
            made += 1
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("raw,cleaned", [
    ('kopi"', "kopi"), ("madu AND (", "madu AND"), ("  batik   tulis ", "batik tulis"), ("'\";--", "--"),
])
def test_search_query_is_cleaned_of_fts_operators(raw, cleaned):
    from cms.views import clean_query

    assert clean_query(raw) == cleaned
