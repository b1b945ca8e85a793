"""Reviews on the product page (cms reads them through ``catalog.reviews``): the list with photos and the store's
reply, the average, JSON-LD ``aggregateRating`` and ``review``, and the page cache following every change."""

from __future__ import annotations

import json
import re

import pytest

from checkout.models import OrderLine
from checkout.services.orders import mark_checkout_paid, mark_delivered, mark_shipped
from checkout.services.reviews import hide_review, reply_to_review, submit_review
from checkout.tests.test_reviews import jpeg
from checkout.tests.utils import cart_with, place
from cms.cache import CACHE_HEADER
from tests.factories import make_product

pytestmark = pytest.mark.django_db

URL = "/kopi-an-nur/p/madu-hutan/"


@pytest.fixture
def honey(store):
    return make_product(store, "Madu Hutan", slug="madu-hutan", stock=20, price_idr=80000, price_myr="28.00")


def delivered_line(chans, product, name="Siti Aminah"):
    checkout = place(cart_with(chans["indonesia"], (product, 1)), chans["indonesia"], recipient_name=name)
    mark_checkout_paid(checkout, message="settlement")
    order = checkout.orders.get()
    mark_shipped(order, courier="JNE", tracking_number="JN1")
    mark_delivered(order)
    return OrderLine.objects.get(order=order)


def product_jsonld(html: str) -> dict:
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        if data.get("@type") == "Product":
            return data
    raise AssertionError("no Product JSON-LD")


def test_without_reviews_the_page_has_no_rating_and_no_aggregate(client, honey):
    html = client.get(URL).content.decode()
    assert "Ulasan pembeli" not in html
    data = product_jsonld(html)
    assert "aggregateRating" not in data and "review" not in data


def test_reviews_show_with_average_photos_reply_and_jsonld(client, chans, honey, store):
    first = submit_review(delivered_line(chans, honey), rating=5, body="Harum sekali", photos=[jpeg("madu.jpg")])
    submit_review(delivered_line(chans, honey, name="Ahmad Fauzi"), rating=4, body="Enak, agak manis")
    reply_to_review(first, "Terima kasih, Bu Siti!", user=None)
    html = client.get(URL).content.decode()
    assert "Ulasan pembeli" in html
    assert "4,5 dari 5 berdasarkan 2 ulasan" in html
    assert "Siti A." in html and "Ahmad F." in html and "Pembeli terverifikasi" in html
    assert "Harum sekali" in html and "Terima kasih, Bu Siti!" in html and "Balasan dari Kopi An Nur" in html
    assert 'class="review-photos"' in html and ".webp" in html
    data = product_jsonld(html)
    assert data["aggregateRating"] == {
        "@type": "AggregateRating", "ratingValue": "4.5", "reviewCount": 2, "bestRating": 5, "worstRating": 1,
    }
    assert [r["reviewRating"]["ratingValue"] for r in data["review"]] == [4, 5]
    assert data["review"][1]["author"] == {"@type": "Person", "name": "Siti A."}
    assert data["review"][1]["reviewBody"] == "Harum sekali"


def test_international_channel_reads_the_reviews_in_english(client, chans, honey):
    submit_review(delivered_line(chans, honey), rating=4, body="Enak")
    client.post("/channel/", {"channel": "international", "next": "/"})
    html = client.get(URL).content.decode()
    assert "Reviews from buyers" in html and "4.0 out of 5 from 1 review" in html and "Verified buyer" in html


def test_new_and_hidden_reviews_show_at_once_on_the_cached_page(client, chans, honey):
    assert client.get(URL)[CACHE_HEADER] == "miss"
    assert client.get(URL)[CACHE_HEADER] == "hit"
    review = submit_review(delivered_line(chans, honey), rating=2, body="Tutupnya bocor")
    response = client.get(URL)
    assert response[CACHE_HEADER] == "miss" and "Tutupnya bocor" in response.content.decode()
    assert client.get(URL)[CACHE_HEADER] == "hit"
    hide_review(review, "Sudah diganti toko", user=None)
    html = client.get(URL).content.decode()
    assert "Tutupnya bocor" not in html and "aggregateRating" not in html
