"""Issue 10, finding 9: odd numbers in query strings and posts, CSV formula injection, personal pages stored by
browsers and proxies, and the unsafe ``jsonify`` filter. Each test performs the attack."""

import csv
import io

import pytest
from django.template import Template, TemplateSyntaxError

from catalog.params import parse_id, parse_int
from catalog.spreadsheet import escape_formula
from checkout.models import CartLine
from checkout.tests.utils import cart_with, place
from tests.factories import make_product

pytestmark = pytest.mark.django_db

ODD_NUMBERS = ["²", "١", "-1", "0", " 7 ", "1_000", "9" * 30, str(2**63), "1e3", "", "abc", "٣٤"]


def test_one_parser_accepts_ascii_digits_within_bounds_only():
    assert parse_int("42") == 42 and parse_int("-3") == -3 and parse_int(" 7 ") == 7
    for raw in ["²", "١", "٣٤", "1_000", "1e3", "", "-", "+1", "9" * 30, None, "1.0"]:
        assert parse_int(raw) is None, raw
    assert parse_id("-1") is None and parse_id("0") is None and parse_id(str(2**63)) is None
    assert parse_id(str(2**63 - 1)) == 2**63 - 1 and parse_id(12) == 12


@pytest.mark.parametrize("raw", ODD_NUMBERS)
def test_odd_variant_and_page_numbers_never_answer_500(client, store, raw):
    make_product(store, "Kopi", slug="kopi")
    assert client.get("/kopi-an-nur/p/kopi/", {"varian": raw}).status_code == 200
    for url in ("/kopi-an-nur/produk/", "/search/", "/toko/"):
        assert client.get(url, {"hal": raw}).status_code in (200, 404), url


@pytest.mark.parametrize("raw", ODD_NUMBERS)
def test_odd_cart_posts_answer_a_message_never_500(client, store, chans, raw):
    product = make_product(store, "Kopi", slug="kopi", stock=5)
    variant = product.variants.get().pk
    same_site = {"HTTP_SEC_FETCH_SITE": "same-origin"}
    assert client.post("/cart/add/", {"variant": raw, "quantity": 1}, **same_site).status_code == 302
    assert client.post("/cart/add/", {"variant": variant, "quantity": raw}, **same_site).status_code == 302
    client.post("/cart/add/", {"variant": variant, "quantity": 1}, **same_site)
    line = CartLine.objects.get()
    response = client.post(f"/cart/lines/{line.pk}/", {"quantity": raw}, follow=True)
    assert response.status_code == 200
    if raw.strip() not in ("1", "7"):
        assert CartLine.objects.get().quantity == 1  # nothing changed by a value that is not a quantity
    assert client.post(f"/cart/lines/{2**70}/", {"quantity": 2}).status_code == 302


def test_a_store_named_like_a_formula_is_text_in_the_admins_csv_export(admin_client, store, chans):
    store.name = '=HYPERLINK("http://x","y")'
    store.save()
    idr = chans["indonesia"]
    place(cart_with(idr, (make_product(store, "Kopi", stock=5), 1)), idr)
    response = admin_client.get("/admin/snippets/checkout/order/?export=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    store_cells = [row[1] for row in rows[1:]]
    assert store_cells == ['\'=HYPERLINK("http://x","y")']


def test_every_formula_start_is_escaped_and_numbers_stay_numbers():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert escape_formula(f"{start}1+1") == f"'{start}1+1"
    assert escape_formula("Kopi") == "Kopi" and escape_formula(-400000) == -400000


def test_personal_pages_are_never_stored(client, store, chans):
    idr = chans["indonesia"]
    product = make_product(store, "Kopi", slug="kopi", stock=5)
    checkout = place(cart_with(idr, (product, 1)), idr)
    order = checkout.orders.get()
    client.post(
        "/cart/add/", {"variant": product.variants.get().pk, "quantity": 1}, HTTP_SEC_FETCH_SITE="same-origin"
    )
    urls = [
        "/cart/",
        "/checkout/",
        f"/checkout/done/{checkout.token}/",
        f"/orders/{order.token}/",
        "/account/orders/",
    ]
    for url in urls:
        response = client.get(url)
        control = response.get("Cache-Control", "")
        assert "no-store" in control and "private" in control, (url, response.status_code, control)
    admin = client.get("/admin/")
    assert "no-store" in admin["Cache-Control"] and "private" in admin["Cache-Control"]


def test_the_unsafe_jsonify_filter_is_gone():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load storefront %}{{ value|jsonify }}")
