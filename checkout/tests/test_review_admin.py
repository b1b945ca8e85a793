"""Reviews in the admin (menu "Ulasan"): editors see and answer their stores' reviews, once; curators see all and
hide with a reason; nobody reaches another store's review by URL (the full sweep is tests/test_permission_matrix)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from catalog.reviews import product_reviews
from checkout.models import OrderLine, Review
from tests.factories import UserFactory, make_curator, make_editor, make_product

from .utils import cart_with, place

pytestmark = pytest.mark.django_db


def _review(store, chans, body):
    product = make_product(store, f"Produk {body}")
    checkout = place(cart_with(chans["indonesia"], (product, 1)), chans["indonesia"])
    order = checkout.orders.get()
    line = OrderLine.objects.get(order=order)
    return Review.objects.create(store=store, order_line=line, product=product, rating=4, body=body,
                                 author_name="Siti A.")


@pytest.fixture
def reviews(store, other_store, chans):
    return _review(store, chans, "Ulasan toko kami"), _review(other_store, chans, "Ulasan toko lain")


def detail(review):
    return reverse("checkout_reviews:review", args=[review.pk])


def test_editor_lists_only_their_stores_reviews(client, store, reviews):
    client.force_login(make_editor(store))
    listing = client.get(reverse("wagtailsnippets_checkout_review:list"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "Produk Ulasan toko kami" in page and "Produk Ulasan toko lain" not in page
    assert "Ulasan" in client.get("/admin/").content.decode()  # the menu item


def test_editor_replies_once_and_the_reply_shows_on_the_product(client, store, reviews):
    mine, _theirs = reviews
    client.force_login(make_editor(store))
    page = client.get(detail(mine)).content.decode()
    assert "Terbitkan balasan" in page and "Sembunyikan ulasan" not in page
    client.post(detail(mine), {"action": "reply", "reply": "Terima kasih!"})
    mine.refresh_from_db()
    assert mine.reply == "Terima kasih!"
    response = client.post(detail(mine), {"action": "reply", "reply": "Kedua"}, follow=True)
    assert "Toko Anda sudah membalas ulasan ini" in response.content.decode()
    mine.refresh_from_db()
    assert mine.reply == "Terima kasih!"
    assert product_reviews(mine.product_id).reviews[0].reply == "Terima kasih!"


def test_empty_reply_is_refused_with_a_message(client, store, reviews):
    mine, _theirs = reviews
    client.force_login(make_editor(store))
    response = client.post(detail(mine), {"action": "reply", "reply": "  "}, follow=True)
    assert "Tulis balasannya" in response.content.decode()
    mine.refresh_from_db()
    assert mine.reply == ""


def test_editor_cannot_hide_nor_touch_another_stores_review(client, store, reviews):
    mine, theirs = reviews
    client.force_login(make_editor(store))
    refused = client.post(detail(mine), {"action": "hide", "reason": "x"})  # Wagtail answers 403 with a redirect
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert client.get(detail(theirs)).status_code == 404
    assert client.post(detail(theirs), {"action": "reply", "reply": "Halo"}).status_code == 404
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.reply == "" and not mine.is_hidden


def test_curator_sees_every_review_hides_with_a_reason_and_cannot_reply(client, reviews):
    mine, theirs = reviews
    client.force_login(make_curator())
    listing = client.get(reverse("wagtailsnippets_checkout_review:list")).content.decode()
    assert "Produk Ulasan toko kami" in listing and "Produk Ulasan toko lain" in listing
    response = client.post(detail(theirs), {"action": "hide", "reason": ""}, follow=True)
    assert "Tulis alasan ulasan disembunyikan" in response.content.decode()
    client.post(detail(theirs), {"action": "hide", "reason": "Berisi nomor telepon pribadi"})
    theirs.refresh_from_db()
    assert theirs.is_hidden and theirs.hidden_reason == "Berisi nomor telepon pribadi"
    assert not product_reviews(theirs.product_id)
    assert client.post(detail(mine), {"action": "reply", "reply": "Dari kurator"}).status_code == 404
    client.post(detail(theirs), {"action": "show"})
    theirs.refresh_from_db()
    assert not theirs.is_hidden and product_reviews(theirs.product_id).count == 1


def test_a_user_without_review_permission_is_refused(client, reviews):
    mine, _theirs = reviews
    user = UserFactory()
    client.force_login(user)
    response = client.get(detail(mine))
    assert response.status_code == 302 and "Siti A." not in response.content.decode()
