"""WhatsApp first: product and store pages offer a share link with the name, price and address prefilled, and the
click-to-chat link names the product being asked about, with its address."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import make_product

pytestmark = pytest.mark.django_db


def message_of(html: str, css_class: str) -> tuple[str, str]:
    href = unescape(re.search(rf'<a class="{css_class}" href="([^"]+)"', html).group(1))
    parts = urlsplit(href)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", parse_qs(parts.query)["text"][0]


def test_a_product_page_shares_name_store_price_and_address(client, store):
    make_product(store, "Kopi Robusta Dampit", slug="kopi-robusta", price_idr=45000)
    html = client.get("/kopi-an-nur/p/kopi-robusta/?fbclid=tracking-id").content.decode()
    target, text = message_of(html, "share-wa")
    assert target == "https://wa.me/"
    assert text == "Kopi Robusta Dampit dari Kopi An Nur, Rp45.000\nhttp://testserver/kopi-an-nur/p/kopi-robusta/"


def test_the_click_to_chat_link_names_the_product_and_its_address(client, store):
    store.whatsapp = "6281234567890"
    store.save()
    make_product(store, "Kopi Robusta Dampit", slug="kopi-robusta")
    html = client.get("/kopi-an-nur/p/kopi-robusta/").content.decode()
    target, text = message_of(html, "button wa")
    assert target == "https://wa.me/6281234567890"
    assert "Kopi Robusta Dampit" in text and "http://testserver/kopi-an-nur/p/kopi-robusta/" in text


def test_the_international_channel_shares_in_english_and_ringgit(client, store):
    make_product(store, "Kopi Robusta Dampit", slug="kopi-robusta", price_myr="18.00")
    client.post("/channel/", {"channel": "international", "next": "/"}, HTTP_ORIGIN="http://testserver")
    html = client.get("/kopi-an-nur/p/kopi-robusta/").content.decode()
    _, text = message_of(html, "share-wa")
    assert text.startswith("Kopi Robusta Dampit from Kopi An Nur, RM18.00")


def test_a_storefront_shares_its_name_and_address(client, store):
    html = client.get("/kopi-an-nur/").content.decode()
    target, text = message_of(html, "share-wa")
    assert target == "https://wa.me/"
    assert text.startswith("Kopi An Nur") and text.endswith("\nhttp://localhost/kopi-an-nur/")
