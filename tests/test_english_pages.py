"""Buyers abroad read English: the International channel (MYR) switches every buyer page to English, and the
Indonesian channel still speaks Bahasa Indonesia.

Demo-like data (two stores, products with IDR and MYR prices, shipping to Malaysia), a buyer who switches channel
with the visible switch (``POST /channel/``), then walks home, storefront, product, listing, search, cart, checkout,
the order page, the payment simulator and a 404, and receives the order e-mail.
"""

import html
import re
from decimal import Decimal

import pytest
from django.core import mail

from checkout.models import Order, ShippingRate
from tests.factories import CategoryFactory, make_product

pytestmark = pytest.mark.django_db

# Indonesian interface words that must not be left on an English page. Whole words, case-insensitive; product and
# store names in the test data avoid them on purpose.
INDONESIAN_UI = [
    "Keranjang",
    "Tambah ke keranjang",
    "Pengiriman",
    "Bayar",
    "Pesanan",
    "Belanja",
    "Cari",
    "Harga",
    "Stok",
    "Dijual oleh",
    "Lanjut",
    "Terima kasih",
    "Saring",
    "Urutkan",
    "Halaman",
    "Semua",
    "Beranda",
    "Alamat",
    "Penerima",
    "Kembali",
    "Tersedia",
    "Habis",
    "Pilih",
    "Rincian",
    "sekarang",
    "dengan",
    "untuk",
    "tidak",
    "dari",
    "yang",
]
ENGLISH_UI = ["Cart", "Search"]

INTL_ADDRESS = {
    "email": "aminah@example.my",
    "phone": "+60 12-345 6789",
    "recipient_name": "Aminah",
    "country": "MY",
    "state": "Selangor",
    "city": "Shah Alam",
    "postcode": "40000",
    "street_address": "No 1, Jalan 2",
    "gateway": "manual",
    "accept_terms": "on",
    "province": "",
    "regency": "",
    "district": "",
    "village": "",
}


def visible_text(response) -> str:
    """What a buyer reads: the body without tags, scripts and styles, plus titles, labels and placeholders."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S | re.I)
    attributes = " ".join(re.findall(r'(?:aria-label|placeholder|title|alt)="([^"]*)"', body))
    text = re.sub(r"<[^>]+>", " ", body)
    return html.unescape(" ".join((text + " " + attributes).split()))


def leftovers(text: str, words=INDONESIAN_UI) -> list[str]:
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, flags=re.I)]


@pytest.fixture
def shop(home, store, other_store, chans):
    """Two stores with products sold in both channels and shipping to Indonesia and Malaysia."""
    drinks = CategoryFactory(name="Minuman", slug="minuman", is_food=False)
    coffee = make_product(
        store,
        "Kopi Robusta Dampit",
        slug="kopi-robusta",
        price_idr=45000,
        price_myr="18.00",
        stock=8,
        category=drinks,
    )
    make_product(store, "Kopi Luwak", slug="kopi-luwak", price_idr=150000, price_myr="55.00", stock=0)
    make_product(other_store, "Batik Tulis Madura", slug="batik-madura", price_idr=350000, price_myr="120.00")
    for s in (store, other_store):
        ShippingRate.objects.create(
            store=s, channel=chans["indonesia"], name="JNE REG", price=Decimal("15000")
        )
        ShippingRate.objects.create(
            store=s,
            channel=chans["international"],
            name="Pos Laju",
            price=Decimal("30.00"),
            destination_country="MY",
        )
    chans["international"].payment_gateways = "manual"  # Stripe has no keys in tests
    chans["international"].save()
    return {"coffee": coffee, "category": drinks}


def switch(client, channel: str):
    response = client.post("/channel/", {"channel": channel, "next": "/"})
    assert response.status_code == 302
    return response


def add_to_cart(client, product, qty=1):
    response = client.post("/cart/add/", {"variant": product.variants.first().pk, "quantity": qty})
    assert response.status_code in (200, 302)


def place_order(client, data: dict):
    """Refresh the checkout form, choose the first shipping option for every store, then place the order."""
    response = client.post("/checkout/", {**data, "action": "refresh"})
    quote = response.context["quote"]
    for group in quote.stores:
        data.setdefault(f"shipping_{group.store.pk}", group.shipping_options[0].key)
    response = client.post("/checkout/", {**data, "action": "refresh"})
    form = response.context["form"]
    data.update(
        action="place", idempotency_key=form["idempotency_key"].value(), snapshot=form["snapshot"].value()
    )
    response = client.post("/checkout/", data)
    assert response.status_code == 302, visible_text(response)[:2000]
    return Order.objects.get()


def assert_english(response, *, expect=()):
    assert response.status_code in (200, 404), response.status_code
    body = response.content.decode()
    assert '<html lang="en"' in body
    text = visible_text(response)
    assert leftovers(text) == [], f"Indonesian left on an English page: {leftovers(text)}\n{text[:3000]}"
    for phrase in expect:
        assert phrase in text, f"{phrase!r} not on the page:\n{text[:3000]}"


def test_international_buyer_reads_english_from_home_to_order_page(client, shop, store):
    switch(client, "international")

    assert_english(client.get("/"), expect=["Search", "Cart"])
    assert_english(client.get(f"/{store.slug}/"), expect=["Cart"])
    assert_english(client.get(f"/{store.slug}/p/kopi-robusta/"), expect=["Add to cart", "Sold by", "RM18.00"])
    assert_english(client.get(f"/{store.slug}/p/kopi-luwak/"), expect=["Sold out"])
    assert_english(client.get("/search/?q=kopi"), expect=["Results for"])
    assert_english(client.get("/search/?q=zzzz"))
    assert_english(client.get("/no-such-store/"))

    assert_english(client.get("/cart/"), expect=["Your cart is empty."])
    add_to_cart(client, shop["coffee"], 2)
    assert_english(client.get("/cart/"), expect=["Go to checkout", "RM36.00"])
    assert_english(client.get("/checkout/"), expect=["Shipping address", "Place order"])

    order = place_order(client, dict(INTL_ADDRESS))
    assert order.checkout.language == "en" and order.currency == "MYR"
    assert_english(client.get(f"/checkout/done/{order.checkout.token}/"), expect=["Thank you"])
    assert_english(client.get(f"/orders/{order.token}/"), expect=["Order", "Awaiting payment"])

    # "Pay now" with a bank transfer leads to the transfer instructions.
    instructions = client.post(f"/checkout/pay/{order.checkout.token}/", follow=True)
    assert_english(instructions, expect=["Complete your payment by bank transfer", "Account holder"])


def test_order_email_to_an_international_buyer_is_english(client, shop, django_capture_on_commit_callbacks):
    switch(client, "international")
    add_to_cart(client, shop["coffee"])
    with django_capture_on_commit_callbacks(execute=True):
        place_order(client, dict(INTL_ADDRESS))
    buyer_mail = [m for m in mail.outbox if "aminah@example.my" in m.to]
    assert buyer_mail, [m.subject for m in mail.outbox]
    for message in buyer_mail:
        text = message.subject + "\n" + message.body
        assert leftovers(text) == [], f"Indonesian left in an English e-mail: {leftovers(text)}\n{text}"
        assert "Hello Aminah" in text


def test_indonesian_channel_still_speaks_indonesian(client, shop, store):
    switch(client, "international")
    switch(client, "indonesia")
    home = client.get("/")
    assert '<html lang="id"' in home.content.decode()
    assert "Keranjang" in visible_text(home)
    product = visible_text(client.get(f"/{store.slug}/p/kopi-robusta/"))
    assert "Tambah ke keranjang" in product and "Rp45.000" in product
    assert "Add to cart" not in product
    add_to_cart(client, shop["coffee"])
    cart = visible_text(client.get("/cart/"))
    assert "Lanjut ke checkout" in cart and "Go to checkout" not in cart


def test_a_bad_channel_choice_is_refused_in_the_visitors_language(client, shop):
    switch(client, "international")
    response = client.post("/channel/", {"channel": "atlantis", "next": "/"}, follow=True)
    assert "Unknown channel; nothing was changed." in visible_text(response)
    assert '<html lang="en"' in response.content.decode()


def test_the_word_list_catches_indonesian():
    """The checker itself can fail: an Indonesian page trips it, an English one does not."""
    assert leftovers("Tambah ke keranjang · Lanjut ke checkout") == [
        "Keranjang",
        "Tambah ke keranjang",
        "Lanjut",
    ]
    assert leftovers("Add to cart · Go to checkout · Shipping from Kopi An Nur") == []


def test_editor_who_prefers_english_gets_english_menus_and_help(client, store):
    from django.urls import reverse
    from wagtail.users.models import UserProfile

    from tests.factories import make_editor

    editor = make_editor(store)
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(editor)
    # The sidebar menu is JSON inside a <script> element, so read the raw page.
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert '"Products"' in body and '"Stock"' in body
    # (URLs keep Indonesian slugs such as /produk/, so look for the quoted labels.)
    assert [w for w in ('"Produk"', '"Stok"', '"Pesanan"', '"Laporan"') if w in body] == []


def test_an_english_buyer_page_does_not_leave_the_next_editor_in_english(client, shop, store):
    """The language is per request, not per worker thread: Wagtail falls back to the thread's active language for
    an editor with no preference, so a buyer's English must not leak into the next admin request."""
    from django.test import Client
    from django.urls import reverse

    from tests.factories import make_editor

    switch(client, "international")
    assert '<html lang="en"' in client.get("/").content.decode()
    editor_client = Client()
    editor_client.force_login(make_editor(store))
    body = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert '<html lang="id"' in body and '"Produk"' in body
    # And a visitor in the default channel after an English one reads Indonesian.
    assert '<html lang="id"' in Client().get("/").content.decode()
