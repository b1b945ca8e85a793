"""Issue 15.7: stores give English texts (Indonesian is the fallback) and buyers abroad read times in their zone.

The International channel reads English: the product's name, summary, description and variant names, the category
and featured-collection names, the shipping service and its delivery estimate, on the product page, cards, cart,
checkout, order page, e-mail, JSON-LD and the channel's feed; a text left empty in English falls back to the
Indonesian. Times on buyer pages are in the channel's zone, named, and marked up for the browser's own zone.
"""

import json
import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core import mail
from django.utils import timezone, translation

from catalog.buyer_time import zone_for_country, zone_label
from catalog.models import FeaturedCollection, FeaturedCollectionItem, ProductImage, ProductListing
from catalog.services.listings import refresh_products
from catalog.translated import TranslatedTexts, translated
from checkout.models import ShippingRate
from cms.tests.test_images_and_blocks import make_image
from cms.tests.test_product_feeds import google_items
from tests.factories import CHECKOUT_ADDRESS, make_product
from tests.test_english_pages import INTL_ADDRESS, add_to_cart, place_order, shop, switch, visible_text  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_coffee(shop, chans):  # noqa: F811 (the fixture imported above)
    coffee = shop["coffee"]
    coffee.title_en = "Dampit Robusta Coffee"
    coffee.summary_en = "Slope-grown robusta from Malang."
    coffee.description_en = "<p>Roasted by the students of the pesantren.</p>"
    coffee.summary = "Robusta lereng Gunung Semeru."
    coffee.save_revision().publish()
    variant = coffee.variants.first()
    variant.name_en = "Standard"
    variant.save()
    category = shop["category"]
    category.name_en = "Drinks"
    category.save()
    ShippingRate.objects.filter(channel=chans["international"]).update(
        name_en="Pos Laju Express", estimated_days="5-7 hari", estimated_days_en="5-7 days"
    )
    refresh_products([coffee.pk])
    return coffee


def test_an_empty_english_text_falls_back_to_the_indonesian(store):
    product = make_product(store, "Madu Hutan", slug="madu", title_en="")
    assert translated(product, "title", "en") == "Madu Hutan"
    product.title_en = "Forest Honey"
    assert translated(product, "title", "en") == "Forest Honey"
    assert translated(product, "title", "id") == "Madu Hutan"
    with translation.override("en"):
        assert product.translated("title") == "Forest Honey"
    with pytest.raises(AttributeError):
        translated(product, "slug", "en")  # only fields that have an English counterpart


def test_a_buyer_abroad_reads_the_product_in_english(client, english_coffee, store):
    switch(client, "international")
    page = client.get(f"/{store.slug}/p/kopi-robusta/")
    text = visible_text(page)
    for phrase in ("Dampit Robusta Coffee", "Slope-grown robusta from Malang.", "Roasted by the students", "Drinks"):
        assert phrase in text, phrase
    assert "Kopi Robusta Dampit" not in text and "Robusta lereng" not in text
    data = [json.loads(block) for block in re.findall(
        r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page.content.decode(), re.S)]
    product = next(d for d in data if d.get("@type") == "Product")
    assert product["name"] == "Dampit Robusta Coffee" and product["category"] == "Drinks"


def test_the_indonesian_channel_keeps_the_indonesian_texts(client, english_coffee, store):
    text = visible_text(client.get(f"/{store.slug}/p/kopi-robusta/"))
    assert "Kopi Robusta Dampit" in text and "Robusta lereng Gunung Semeru." in text
    assert "Dampit Robusta Coffee" not in text


def test_cards_and_sorting_use_the_channels_language(client, english_coffee, store, chans):
    rows = dict(ProductListing.objects.filter(product=english_coffee).values_list("channel__slug", "title"))
    assert rows == {"indonesia": "Kopi Robusta Dampit", "international": "Dampit Robusta Coffee"}
    make_product(store, "Arabika Ijen", slug="arabika-ijen", price_myr="20.00", title_en="Ijen Arabica")
    switch(client, "international")
    assert "Dampit Robusta Coffee" in visible_text(client.get(f"/{store.slug}/"))
    assert "Drinks" in visible_text(client.get("/search/?q=kopi"))  # the category filter
    english = visible_text(client.get("/search/?urut=name"))
    assert english.index("Dampit Robusta Coffee") < english.index("Ijen Arabica")  # D before I
    switch(client, "indonesia")
    indonesian = visible_text(client.get("/search/?urut=name"))
    assert indonesian.index("Arabika Ijen") < indonesian.index("Kopi Robusta Dampit")  # A before K


def test_an_english_search_finds_the_english_name(client, english_coffee):
    switch(client, "international")
    assert "Dampit Robusta Coffee" in visible_text(client.get("/search/?q=robusta+coffee"))


def test_featured_collection_names_are_english_abroad(client, english_coffee, home):
    collection = FeaturedCollection.objects.create(title="Pilihan Ramadan", title_en="Ramadan picks", slug="ramadan")
    FeaturedCollectionItem.objects.create(collection=collection, product=english_coffee)
    switch(client, "international")
    assert "Ramadan picks" in visible_text(client.get("/"))
    switch(client, "indonesia")
    assert "Pilihan Ramadan" in visible_text(client.get("/"))


def test_cart_checkout_order_and_email_read_english(client, english_coffee, django_capture_on_commit_callbacks):
    switch(client, "international")
    add_to_cart(client, english_coffee)
    assert "Dampit Robusta Coffee" in visible_text(client.get("/cart/"))
    checkout = visible_text(client.get("/checkout/"))
    assert "Dampit Robusta Coffee" in checkout
    assert "Pos Laju Express" in visible_text(client.post("/checkout/", {**INTL_ADDRESS, "action": "refresh"}))
    with django_capture_on_commit_callbacks(execute=True):
        order = place_order(client, dict(INTL_ADDRESS))
    line = order.lines.get()
    assert (line.product_title, line.product_title_en) == ("Kopi Robusta Dampit", "Dampit Robusta Coffee")
    assert "Dampit Robusta Coffee" in visible_text(client.get(f"/orders/{order.token}/"))
    buyer = next(m for m in mail.outbox if "aminah@example.my" in m.to)
    assert "Dampit Robusta Coffee (Standard)" in buyer.body
    store_mail = [m for m in mail.outbox if "aminah@example.my" not in m.to]
    assert all("Dampit Robusta Coffee" not in m.body for m in store_mail)  # the store reads its own words


def test_delivery_estimates_are_english_abroad(client, english_coffee):
    switch(client, "international")
    add_to_cart(client, english_coffee)
    page = client.post("/checkout/", {**INTL_ADDRESS, "action": "refresh"})
    options = [o for g in page.context["quote"].stores for o in g.shipping_options]
    assert [(o.name, o.estimated_days) for o in options] == [("Pos Laju Express", "5-7 days")]


def test_the_international_feed_is_english(client, english_coffee, store):
    ProductImage.objects.create(product=english_coffee, image=make_image("kopi"), alt_text="Kopi")
    refresh_products([english_coffee.pk])
    english = {i["title"]: i for i in google_items(client, "/feeds/international/google.xml")}
    assert english["Dampit Robusta Coffee"]["description"] == "Roasted by the students of the pesantren."
    assert english["Dampit Robusta Coffee"]["product_type"] == "Drinks"
    indonesian = {i["title"] for i in google_items(client, "/feeds/indonesia/google.xml")}
    assert "Kopi Robusta Dampit" in indonesian


def test_every_two_language_field_has_its_english_column():
    models = [m for m in apps.get_models() if issubclass(m, TranslatedTexts)]
    assert {m.__name__ for m in models} >= {"Product", "Variant", "Category", "FeaturedCollection", "ShippingRate",
                                            "OrderLine"}
    for model in models:
        assert model.translated_fields, model
        for name in model.translated_fields:
            source, english = model._meta.get_field(name), model._meta.get_field(name + "_en")
            assert english.blank and type(english) is type(source), (model, name)


# Time zones

def test_each_country_has_its_main_zone():
    assert zone_for_country("ID") == "Asia/Jakarta"
    assert zone_for_country("MY") == "Asia/Kuala_Lumpur"
    assert zone_for_country("SG") == "Asia/Singapore"
    assert zone_for_country("BN") == "Asia/Brunei"


def test_zones_are_named_the_way_their_readers_name_them():
    moment = datetime(2026, 12, 1, 3, 0, tzinfo=ZoneInfo("UTC"))
    assert zone_label("Asia/Jakarta", moment, "id") == "WIB"
    assert zone_label("Asia/Makassar", moment, "id") == "WITA"
    assert zone_label("Asia/Jakarta", moment, "en") == "WIB (Western Indonesia Time)"
    assert zone_label("Asia/Kuala_Lumpur", moment, "en") == "Malaysia Time"


def test_a_buyer_in_malaysia_reads_order_times_in_malaysia_time(client, english_coffee):
    switch(client, "international")
    add_to_cart(client, english_coffee)
    order = place_order(client, dict(INTL_ADDRESS))
    body = client.get(f"/orders/{order.token}/").content.decode()
    created = order.events.first().created_at.astimezone(ZoneInfo("Asia/Kuala_Lumpur"))
    assert f'data-zone="Asia/Kuala_Lumpur">{created:%d %b %Y %H:%M} <span data-zone-label="">Malaysia Time</span>' \
        in body
    assert f'datetime="{created.replace(microsecond=0).isoformat()}"' in body
    assert "themes/local-time" in body  # the browser rewrites it in its own zone


def test_an_indonesian_buyer_reads_times_in_wib(client, store, chans):
    ShippingRate.objects.create(store=store, channel=chans["indonesia"], name="JNE REG", price=Decimal("15000"))
    add_to_cart(client, make_product(store, "Sabun Sereh", slug="sabun"))
    order = place_order(client, dict(CHECKOUT_ADDRESS))
    created = order.events.first().created_at.astimezone(ZoneInfo("Asia/Jakarta"))
    body = client.get(f"/orders/{order.token}/").content.decode()
    assert f'data-zone="Asia/Jakarta">{created:%d} ' in body and '<span data-zone-label="">WIB</span>' in body


def test_the_buyers_zone_never_leaks_into_the_next_request(client, english_coffee, store, settings):
    switch(client, "international")
    client.get(f"/{store.slug}/p/kopi-robusta/")
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE
