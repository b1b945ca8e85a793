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

from catalog.models import ProductImage, Variant, VariantPrice
from checkout.models import ShippingRate
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
    return [_item(item) for item in root.iter("item")]


def _item(element) -> dict:
    """Tag -> text; ``shipping`` -> a list of {country, service, price} (the only repeated, nested attribute)."""
    item = {"shipping": []}
    for child in element:
        name = child.tag.removeprefix(G)
        if name == "shipping":
            item["shipping"].append({part.tag.removeprefix(G): part.text for part in child})
        else:
            item[name] = child.text
    return item


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
        assert item["condition"] == "new" and item["identifier_exists"] == "no"  # no GTIN or MPN given
        assert item["shipping"] == []  # no rates: the Merchant Center account's shipping applies
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


def rate(store, channel, name, price, country="ID", **extra):
    return ShippingRate.objects.create(store=store, channel=channel, name=name, price=Decimal(price),
                                       destination_country=country, **extra)


def test_google_items_carry_the_stores_cheapest_rate_per_country_with_price_and_currency(client, catalogue, chans,
                                                                                         store, other_store):
    indonesia, international = chans["indonesia"], chans["international"]
    rate(store, indonesia, "JNE YES", "30000")
    rate(store, indonesia, "JNE REG", "15000")
    rate(store, indonesia, "Kurir Malang", "8000", destination_province_code="35")  # one province only
    rate(store, indonesia, "Ambil di pesantren", "0", is_pickup=True)  # not shipping
    rate(store, indonesia, "Lama", "1000", is_active=False)
    rate(store, international, "EMS Malaysia", "95.00", country="MY")
    rate(store, international, "EMS Singapore", "120.50", country="SG")
    rate(store, international, "Pos Malaysia", "60.00", country="MY", free_above=Decimal("100"))
    items = {item["title"]: item for item in google_items(client, "/feeds/indonesia/google.xml")}
    jne = [{"country": "ID", "service": "JNE REG", "price": "15000 IDR"}]
    assert items["Kopi Robusta & Susu <Kaleng>"]["shipping"] == jne
    assert items["Kopi Luwak"]["shipping"] == jne
    assert items["Madu Hutan"]["shipping"] == []  # the other store has no rate in the channel
    abroad = google_items(client, "/feeds/international/kopi-an-nur/google.xml")
    assert next(i for i in abroad if "Robusta" in i["title"])["shipping"] == [
        {"country": "MY", "service": "Pos Malaysia", "price": "60.00 MYR"},
        {"country": "SG", "service": "EMS Singapore", "price": "120.50 MYR"},
    ]
    for item in abroad:
        for offer in item["shipping"]:
            assert PRICE.match(offer["price"]).group(3) == "MYR"


def test_an_item_whose_price_reaches_free_above_ships_free(client, catalogue, chans, store):
    rate(store, chans["indonesia"], "JNE REG", "15000", free_above=Decimal("100000"))
    items = {item["title"]: item for item in google_items(client, "/feeds/indonesia/kopi-an-nur/google.xml")}
    assert items["Kopi Luwak"]["shipping"][0]["price"] == "0 IDR"  # 150,000
    assert items["Kopi Robusta & Susu <Kaleng>"]["shipping"][0]["price"] == "15000 IDR"  # 45,000


def test_a_new_rate_changes_the_feeds_etag(client, catalogue, chans, store):
    urls = ("/feeds/indonesia/kopi-an-nur/google.xml", "/feeds/indonesia/google.xml")
    etags = {url: client.get(url)["ETag"] for url in urls}
    rate(store, chans["indonesia"], "JNE REG", "15000")
    for url in urls:
        assert client.get(url, HTTP_IF_NONE_MATCH=etags[url]).status_code == 200


def test_gtin_and_mpn_come_from_the_default_variant_and_replace_identifier_exists(client, catalogue):
    Variant.objects.filter(product=catalogue["coffee"]).update(gtin="8991234567891", mpn="RB-250")
    Variant.objects.filter(product=catalogue["honey"]).update(mpn="MADU-500")
    items = {item["title"]: item for item in google_items(client, "/feeds/indonesia/google.xml")}
    coffee, honey, luwak = items["Kopi Robusta & Susu <Kaleng>"], items["Madu Hutan"], items["Kopi Luwak"]
    assert (coffee["gtin"], coffee["mpn"]) == ("8991234567891", "RB-250") and "identifier_exists" not in coffee
    assert honey["mpn"] == "MADU-500" and "gtin" not in honey and "identifier_exists" not in honey
    assert luwak["identifier_exists"] == "no" and "gtin" not in luwak and "mpn" not in luwak


def test_shipping_and_identifiers_add_no_query_per_item(client, store, chans):
    rate(store, chans["indonesia"], "JNE REG", "15000")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            b"".join(client.get("/feeds/indonesia/google.xml").streaming_content)
        return len(ctx.captured_queries)

    for i in range(3):
        with_photo(store, f"Kopi {i}", slug=f"kopi-{i}")
    queries()
    few = queries()
    for i in range(3, 12):
        with_photo(store, f"Kopi {i}", slug=f"kopi-{i}")
    Variant.objects.update(gtin="96385074")
    assert queries() == few
