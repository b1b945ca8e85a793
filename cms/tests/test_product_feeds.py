"""Google Merchant Center and Meta catalogue feeds: every required attribute present and within the rules of the
specifications, only what buyers may see, per channel and per store, streamed with a constant number of queries,
and revalidated by ETag until the catalogue changes."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import ProductImage, VariantPrice
from cms.tests.test_images_and_blocks import make_image
from tests.factories import CategoryFactory, make_product

pytestmark = pytest.mark.django_db

G = "{http://base.google.com/ns/1.0}"
GOOGLE_REQUIRED = ("id", "title", "description", "link", "image_link", "availability", "price", "brand", "condition")
PRICE = re.compile(r"^(\d+)(\.\d{2})? ([A-Z]{3})$")


def with_photo(store, title, **kwargs):
    product = make_product(store, title, **kwargs)
    ProductImage.objects.create(product=product, image=make_image(product.slug), alt_text=title)
    return product


def google_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(b"".join(response.streaming_content))
    return [{child.tag.removeprefix(G): child.text for child in item} for item in root.iter("item")]


def meta_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def catalogue(store, other_store):
    drinks = CategoryFactory(name="Minuman", slug="minuman")
    return {
        "coffee": with_photo(store, "Kopi Robusta & Susu <Kaleng>", slug="kopi-robusta", price_idr=45000,
                             price_myr="18.00", category=drinks, summary="Kopi kaleng dari Dampit."),
        "sold_out": with_photo(store, "Kopi Luwak", slug="kopi-luwak", price_idr=150000, stock=0),
        "honey": with_photo(other_store, "Madu Hutan", slug="madu-hutan", price_idr=80000, price_myr=None),
        "no_photo": make_product(store, "Teh Tanpa Foto", slug="teh"),
        "draft": with_photo(store, "Sabun Draf", slug="sabun", live=False),
    }


def test_google_feed_lists_what_buyers_see_with_every_required_attribute_valid(client, catalogue):
    items = google_items(client, "/feeds/indonesia/google.xml")
    by_title = {item["title"]: item for item in items}
    assert set(by_title) == {"Kopi Robusta & Susu <Kaleng>", "Kopi Luwak", "Madu Hutan"}
    assert len({item["id"] for item in items}) == len(items)
    for item in items:
        assert all(item.get(name) for name in GOOGLE_REQUIRED), item
        assert len(item["title"]) <= 150 and len(item["description"]) <= 5000
        assert item["link"].startswith("http://testserver/") and item["image_link"].startswith("http://testserver/")
        assert item["availability"] in {"in_stock", "out_of_stock"}
        assert item["condition"] == "new" and item["identifier_exists"] == "no"
        amount, cents, currency = PRICE.match(item["price"]).groups()
        assert currency == "IDR" and cents is None  # rupiah are whole numbers
    coffee = by_title["Kopi Robusta & Susu <Kaleng>"]
    assert coffee["price"] == "45000 IDR" and coffee["availability"] == "in_stock"
    assert coffee["brand"] == "Kopi An Nur" and coffee["product_type"] == "Minuman"
    assert coffee["description"] == "Kopi kaleng dari Dampit."
    assert coffee["link"] == "http://testserver/kopi-an-nur/p/kopi-robusta/"
    assert by_title["Kopi Luwak"]["availability"] == "out_of_stock"


def test_feed_links_lead_to_the_product_page_and_its_photo(client, catalogue):
    coffee = next(i for i in google_items(client, "/feeds/indonesia/google.xml") if i["title"].startswith("Kopi R"))
    assert client.get(coffee["link"].removeprefix("http://testserver")).status_code == 200
    photo = client.get(coffee["image_link"].removeprefix("http://testserver"))
    assert photo.status_code == 302 and "/media/images/" in photo["Location"]


def test_international_feed_prices_in_ringgit_with_sen(client, catalogue):
    items = google_items(client, "/feeds/international/google.xml")
    coffee = next(item for item in items if item["title"].startswith("Kopi Robusta"))
    assert coffee["price"] == "18.00 MYR"
    assert "Madu Hutan" not in {item["title"] for item in items}  # no ringgit price: not sold abroad


def test_a_store_feed_lists_only_that_store_and_an_empty_store_gives_a_valid_empty_feed(client, catalogue, chans):
    titles = {item["title"] for item in google_items(client, "/feeds/indonesia/kopi-an-nur/google.xml")}
    assert titles == {"Kopi Robusta & Susu <Kaleng>", "Kopi Luwak"}
    from tests.factories import make_store

    make_store("Batik Kosong", slug="batik-kosong")
    assert google_items(client, "/feeds/indonesia/batik-kosong/google.xml") == []
    assert meta_rows(client, "/feeds/indonesia/batik-kosong/meta.csv") == []


@pytest.mark.parametrize("url", [
    "/feeds/mars/google.xml", "/feeds/indonesia/no-such-store/google.xml", "/feeds/indonesia/no-such-store/meta.csv",
])
def test_unknown_channels_and_stores_answer_404(client, catalogue, url):
    assert client.get(url).status_code == 404


def test_meta_feed_has_the_required_columns_and_cannot_carry_a_spreadsheet_formula(client, catalogue, store):
    with_photo(store, '=HYPERLINK("http://evil.example","klik")', slug="jebakan")
    rows = meta_rows(client, "/feeds/indonesia/meta.csv")
    assert list(rows[0]) == ["id", "title", "description", "availability", "condition", "price", "link",
                             "image_link", "brand"]
    assert all(all(row.values()) for row in rows)
    assert {row["availability"] for row in rows} <= {"in stock", "out of stock"}
    trap = next(row for row in rows if "HYPERLINK" in row["title"])
    assert trap["title"].startswith("'=")


def test_feeds_run_the_same_queries_for_three_products_as_for_twelve(client, store):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            b"".join(client.get("/feeds/indonesia/google.xml").streaming_content)
        return len(ctx.captured_queries)

    for i in range(3):
        with_photo(store, f"Kopi {i}", slug=f"kopi-{i}")
    queries()  # the first request also looks up the site and the channels once per process
    few = queries()
    for i in range(3, 12):
        with_photo(store, f"Kopi {i}", slug=f"kopi-{i}")
    assert queries() == few


def test_a_feed_is_revalidated_by_etag_until_a_price_changes(client, catalogue):
    first = client.get("/feeds/indonesia/kopi-an-nur/google.xml")
    etag = first["ETag"]
    assert "public" in first["Cache-Control"] and "s-maxage" in first["Cache-Control"]
    again = client.get("/feeds/indonesia/kopi-an-nur/google.xml", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    other_store_change = VariantPrice.objects.get(variant__product=catalogue["honey"], channel__slug="indonesia")
    other_store_change.amount = Decimal(85000)
    other_store_change.save()
    assert client.get("/feeds/indonesia/kopi-an-nur/google.xml", HTTP_IF_NONE_MATCH=etag).status_code == 304
    price = VariantPrice.objects.get(variant__product=catalogue["coffee"], channel__slug="indonesia")
    price.amount = Decimal(47000)
    price.save()
    changed = client.get("/feeds/indonesia/kopi-an-nur/google.xml", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    coffee = next(i for i in google_items(client, "/feeds/indonesia/kopi-an-nur/google.xml") if "Robusta" in i["title"])
    assert coffee["price"] == "47000 IDR"


def test_feeds_answer_only_safe_methods(client, catalogue):
    assert client.post("/feeds/indonesia/google.xml").status_code == 405
