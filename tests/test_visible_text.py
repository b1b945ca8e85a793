"""What buyers and editors read stays what it was: the visible text of the buyer pages and of a store editor's admin
screens, in Bahasa Indonesia and in English, compared with a committed snapshot.

The snapshot (``tests/snapshots/visible_text.json``) was taken before the source strings moved from Indonesian
msgids to English ones with a catalogue per app, so this test is the proof that the move changed no word a person
reads. When a change to the interface's text is intended, regenerate it and review the diff:
``OPOP_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_visible_text.py``.

Numbers are masked (ids, tokens and dates differ between runs and databases); words are not.
"""

import html
import json
import os
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from checkout.models import Order, ShippingRate
from cms.models import StorefrontPage
from tests.factories import CategoryFactory, make_editor, make_product

pytestmark = pytest.mark.django_db

SNAPSHOT = Path(__file__).parent / "snapshots" / "visible_text.json"
FROZEN = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
BUILT_AT = FROZEN - timedelta(hours=2)

ADDRESS = {
    "indonesia": {
        "email": "siti@example.id",
        "phone": "081234567890",
        "recipient_name": "Siti Aminah",
        "country": "ID",
        "province": "35",
        "regency": "35.78",
        "district": "35.78.01",
        "village": "35.78.01.1001",
        "postcode": "60111",
        "street_address": "Jl. Pesantren 1",
        "gateway": "manual",
        "accept_terms": "on",
    },
    "international": {
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
    },
}

ORDER_NUMBER = re.compile(r"\bOP-[A-Z0-9]{4}-[A-Z0-9]{4}\b")
# Older references (OPOP-4-1-rUwyYPOM) and bank-transfer references (7KQ4-M2XH; not OP-XXXX-XXXX, 0812-3456-7890).
PAYMENT_REFERENCE = re.compile(
    r"\bOPOP-\d+-\d+-[A-Za-z0-9_-]+|(?<![\w-])[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}(?![\w-])"
)
JSON_LABEL = re.compile(r'"(?:label|title|text|heading|help_text|placeholder)"\s*:\s*"((?:[^"\\]|\\.)*)"')


class _TextParser(HTMLParser):
    """Text nodes outside scripts and styles, and the attributes a person reads or hears."""

    SKIP = {"script", "style", "svg", "template"}
    READ = {"aria-label", "placeholder", "title", "alt"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.props, self._skip, self._json = [], [], 0, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.SKIP:
            self._skip += 1
            self._json = tag == "script" and attrs.get("type") == "application/json"
        for name in self.READ & attrs.keys():
            self.parts.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in ("submit", "button"):
            self.parts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1
            self._json = False

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)
        elif self._json:
            self.props += [json.loads(f'"{m}"') for m in JSON_LABEL.findall(data)]


#: The random token in an e-mail's link to the order (differs on every run, like the numbers).
LINK_TOKEN = re.compile(r"/(checkout/done|orders)/[A-Za-z0-9_-]+/")


def visible_text(body: str) -> str:
    """What a person reads: text outside scripts and styles, titles, labels, placeholders, alt texts, button
    values and the labels of the admin's JSON props (the sidebar menu); whitespace collapsed; every run of digits
    and every order number masked (they differ between runs and databases)."""
    parser = _TextParser()
    parser.feed(body)
    text = " ".join(" ".join(parser.parts + parser.props).split())
    text = PAYMENT_REFERENCE.sub("OPOP-REF", ORDER_NUMBER.sub("OP-XXXX-XXXX", text))
    for label in BLANK_CHOICE_LABELS:
        text = text.replace(label, "---------")
    return re.sub(r"\d+", "9", text)


def _blank_choice_labels() -> tuple[str, ...]:
    """Django 6.1 renamed the empty choice of a select from "---------" to "- Select an option -" (translated), and
    Wagtail follows it; that is Django's text, not ours, so the snapshot keeps one spelling for both Django lines."""
    try:
        from django.db.models.fields import BLANK_CHOICE_LABEL
    except ImportError:  # Django < 6.1
        return ()
    labels = set()
    for language in ("id", "en"):
        with translation.override(language):
            labels.add(str(BLANK_CHOICE_LABEL))
    return tuple(labels)


BLANK_CHOICE_LABELS = _blank_choice_labels()


@pytest.fixture
def shop(home, store, other_store, chans):
    """Built on the frozen day, a minute per product: the admin shows when each product and stock row was last
    updated (the date, "a.m."/"p.m.", "… minutes ago") and orders its lists by it, so real time would make the
    snapshot depend on the hour it runs at."""
    with time_machine.travel(BUILT_AT, tick=False):
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
    with time_machine.travel(BUILT_AT + timedelta(minutes=1), tick=False):
        make_product(store, "Kopi Luwak", slug="kopi-luwak", price_idr=150000, price_myr="55.00", stock=0)
    with time_machine.travel(BUILT_AT + timedelta(minutes=2), tick=False):
        make_product(other_store, "Batik Tulis Madura", slug="batik-madura", price_idr=350000, price_myr="120.00")
        _shipping_rates(store, other_store, chans)
    return {"coffee": coffee, "category": drinks}


def _shipping_rates(store, other_store, chans):
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
    chans["international"].payment_gateways = "manual"
    chans["international"].save()


def _place_order(client, data):
    response = client.post("/checkout/", {**data, "action": "refresh"})
    for group in response.context["quote"].stores:
        data.setdefault(f"shipping_{group.store.pk}", group.shipping_options[0].key)
    response = client.post("/checkout/", {**data, "action": "refresh"})
    form = response.context["form"]
    data.update(
        action="place", idempotency_key=form["idempotency_key"].value(), snapshot=form["snapshot"].value()
    )
    response = client.post("/checkout/", data)
    assert response.status_code == 302, visible_text(response.content.decode())[:2000]
    return Order.objects.order_by("-pk").first()


def buyer_texts(channel: str, store, coffee) -> dict[str, str]:
    client = Client()
    client.post("/channel/", {"channel": channel, "next": "/"})
    pages = {}

    def read(name, response):
        pages[f"buyer/{channel}/{name}"] = visible_text(response.content.decode())

    read("home", client.get("/"))
    read("storefront", client.get(f"/{store.slug}/"))
    read("product", client.get(f"/{store.slug}/p/kopi-robusta/"))
    read("product-sold-out", client.get(f"/{store.slug}/p/kopi-luwak/"))
    read("search", client.get("/search/?q=kopi"))
    read("search-nothing", client.get("/search/?q=zzzz"))
    read("category", client.get("/kategori/minuman/"))
    read("store-directory", client.get("/toko/"))
    read("not-found", client.get("/no-such-store/"))
    read("cart-empty", client.get("/cart/"))
    client.post("/cart/add/", {"variant": coffee.variants.first().pk, "quantity": 2})
    read("cart", client.get("/cart/"))
    read("checkout", client.get("/checkout/"))
    read("checkout-errors", client.post("/checkout/", {"action": "place"}))
    mail.outbox.clear()
    # The order e-mails go once the placement commits; the test's transaction never commits, so run them here.
    with TestCase.captureOnCommitCallbacks(execute=True):
        order = _place_order(client, dict(ADDRESS[channel]))
    read("done", client.get(f"/checkout/done/{order.checkout.token}/"))
    read("order", client.get(f"/orders/{order.token}/"))
    read("transfer-instructions", client.post(f"/checkout/pay/{order.checkout.token}/", follow=True))
    for i, message in enumerate(sorted(mail.outbox, key=lambda m: (m.to, m.subject))):
        text = visible_text(html.escape(message.subject + "\n" + message.body))
        pages[f"buyer/{channel}/mail-{i}"] = LINK_TOKEN.sub(r"/\1/TOKEN/", text)
    return pages


def editor_texts(language: str, store, coffee, order) -> dict[str, str]:
    editor = make_editor(store, username=f"editor-{language}")
    if language == "en":
        profile = UserProfile.get_for_user(editor)
        profile.preferred_language = "en"
        profile.save()
    client = Client()
    client.force_login(editor)
    storefront = StorefrontPage.objects.get(store=store)
    urls = {
        "dashboard": reverse("wagtailadmin_home"),
        "products": reverse("wagtailsnippets_catalog_product:list"),
        "product-add": reverse("wagtailsnippets_catalog_product:add"),
        "product-edit": reverse("wagtailsnippets_catalog_product:edit", args=[coffee.pk]),
        "stock": reverse("wagtailsnippets_catalog_stock:list"),
        "store-edit": reverse("wagtailsnippets_catalog_store:edit", args=[store.pk]),
        "orders": reverse("wagtailsnippets_checkout_order:list"),
        "order": reverse("checkout_admin:order", args=[order.pk]),
        "packing-slip": reverse("checkout_admin:packing_slip", args=[order.pk]),
        "shipping-rates": reverse("wagtailsnippets_checkout_shippingrate:list"),
        "shipping-rate-add": reverse("wagtailsnippets_checkout_shippingrate:add"),
        "vouchers": reverse("wagtailsnippets_checkout_voucher:list"),
        "voucher-add": reverse("wagtailsnippets_checkout_voucher:add"),
        "pages": reverse("wagtailadmin_explore", args=[storefront.pk]),
        "storefront-edit": reverse("wagtailadmin_pages:edit", args=[storefront.pk]),
        "images": reverse("wagtailimages:index"),
        "image-add": reverse("wagtailimages:add"),
        "documents": reverse("wagtaildocs:index"),
        "account": reverse("wagtailadmin_account"),
    }
    pages = {
        f"admin/{language}/{name}": visible_text(client.get(url).content.decode())
        for name, url in urls.items()
    }
    errors = client.post(reverse("wagtailsnippets_catalog_product:add"), {"title": ""})
    pages[f"admin/{language}/product-add-errors"] = visible_text(errors.content.decode())
    errors = client.post(reverse("wagtailsnippets_checkout_shippingrate:add"), {"name": ""})
    pages[f"admin/{language}/shipping-rate-add-errors"] = visible_text(errors.content.decode())
    return pages


def collect(store, shop) -> dict[str, str]:
    pages = {}
    for channel in ("indonesia", "international"):
        pages.update(buyer_texts(channel, store, shop["coffee"]))
    order = Order.objects.filter(store=store).order_by("pk").first()
    for language in ("id", "en"):
        pages.update(editor_texts(language, store, shop["coffee"], order))
    pages["admin/login"] = visible_text(Client().get(reverse("wagtailadmin_login")).content.decode())
    return pages


def test_buyers_and_editors_read_the_same_text_as_in_the_snapshot(shop, store):
    with time_machine.travel(FROZEN, tick=False):
        pages = collect(store, shop)
    if os.environ.get("OPOP_UPDATE_SNAPSHOTS"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(json.dumps(pages, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    expected = json.loads(SNAPSHOT.read_text())
    assert sorted(pages) == sorted(expected)
    changed = [name for name in sorted(pages) if pages[name] != expected[name]]
    assert not changed, "\n\n".join(
        f"{n}\nnow:  {pages[n][:1500]}\nwas:  {expected[n][:1500]}" for n in changed
    )


def test_the_comparison_sees_a_changed_word():
    """The masking keeps words: a page that says something else is not equal to the snapshot."""
    assert visible_text("<p>Tambah ke keranjang 12</p>") != visible_text("<p>Add to cart 12</p>")
    assert visible_text("<p>Rp45.000</p>") == visible_text("<p>Rp41.000</p>")
