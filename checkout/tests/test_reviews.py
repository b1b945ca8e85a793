"""Reviews from verified buyers: the e-mailed link, the form, the rules, what the product page reads."""

from __future__ import annotations

import io
import time

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog.reviews import product_reviews
from checkout.errors import ReviewError
from checkout.models import OrderStatus, Review, ReviewPhoto
from checkout.review_links import order_id_from_token, review_path, review_token
from checkout.services.orders import (
    apply_refund,
    mark_checkout_paid,
    mark_completed,
    mark_delivered,
    mark_shipped,
)
from checkout.services.reviews import hide_review, reply_to_review, shown_name, submit_review
from tests.factories import make_editor, make_product

from .utils import cart_with, place

pytestmark = pytest.mark.django_db


def jpeg(name="foto.jpg", size=(64, 48), *, gps=False) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 120, 40))
    out = io.BytesIO()
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "S", 2: (7.0, 59.0, 0.0)}  # GPSLatitudeRef, GPSLatitude
    image.save(out, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def idr(chans):
    return chans["indonesia"]


@pytest.fixture
def honey(store):
    return make_product(store, "Madu Hutan", slug="madu-hutan", stock=5, price_idr=80000)


@pytest.fixture
def order(idr, honey):
    checkout = place(cart_with(idr, (honey, 1)), idr)
    mark_checkout_paid(checkout, message="settlement")
    return checkout.orders.get()


@pytest.fixture
def delivered(order):
    mark_shipped(order, courier="JNE", tracking_number="JN123")
    mark_delivered(order)
    return order


def line_of(order):
    return order.lines.get()


# -- the link in the e-mail -----------------------------------------------------------------------------------


def test_delivery_sends_the_buyer_an_email_with_a_working_review_link(order, client, django_capture_on_commit_callbacks):
    mark_shipped(order, courier="JNE", tracking_number="JN123")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mark_delivered(order)
    [message] = mail.outbox
    assert message.to == ["pembeli@example.id"]
    assert order.number in message.subject
    link = next(word for word in message.body.split() if "/ulasan/" in word)
    response = client.get(link.split("testserver")[-1] if "testserver" in link else link[link.index("/ulasan/"):])
    assert response.status_code == 200
    assert "Madu Hutan" in response.content.decode()


def test_token_names_its_order_and_refuses_alteration(delivered):
    token = review_token(delivered)
    assert order_id_from_token(token) == delivered.pk
    assert order_id_from_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB")) is None
    assert order_id_from_token("not-a-token") is None


def test_token_expires(delivered, settings):
    settings.OPOP_REVIEW_LINK_DAYS = 0
    token = review_token(delivered)
    time.sleep(1.1)
    assert order_id_from_token(token) is None


def test_bad_link_answers_404_with_a_message_in_indonesian(client, db):
    response = client.get("/ulasan/palsu/")
    assert response.status_code == 404
    assert "Tautan ulasan tidak berlaku" in response.content.decode()


# -- writing a review through the page ------------------------------------------------------------------------


def post_review(client, order, **data):
    line = line_of(order)
    payload = {"line": line.pk, "rating": "5", "body": "Madunya kental dan harum."}
    payload.update(data)
    return client.post(review_path(order), payload)


def test_buyer_reviews_a_delivered_line_with_photos_and_the_product_shows_it(client, delivered, honey):
    response = post_review(client, delivered, photos=[jpeg("a.jpg"), jpeg("b.jpg")])
    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.rating, review.product, review.store, review.author_name) == (5, honey, honey.store, "Siti A.")
    assert review.photos.count() == 2
    summary = product_reviews(honey.pk)
    assert (summary.count, str(summary.average)) == (1, "5.0")
    assert summary.reviews[0].body == "Madunya kental dan harum." and len(summary.reviews[0].photos) == 2
    page = client.get(review_path(delivered)).content.decode()
    assert "Terima kasih atas ulasan Anda" in page and "<form" not in page.split("Madu Hutan", 1)[1]


def test_photo_loses_its_gps_position_like_a_product_photo(client, delivered):
    post_review(client, delivered, photos=[jpeg("gps.jpg", gps=True)])
    image = ReviewPhoto.objects.get().image
    with image.open_file() as handle, Image.open(handle) as stored:
        assert 0x8825 not in stored.getexif()


def test_order_not_delivered_cannot_be_reviewed(client, order):
    response = post_review(client, order)
    assert response.status_code == 400
    assert "belum diterima" in response.content.decode()
    assert not Review.objects.exists()


def test_second_review_of_the_same_line_is_refused(client, delivered):
    post_review(client, delivered)
    response = post_review(client, delivered, rating="1", body="Ganti pendapat")
    assert response.status_code == 400
    assert "sudah memberi ulasan" in response.content.decode()
    assert list(Review.objects.values_list("rating", flat=True)) == [5]


@pytest.mark.parametrize("rating", ["0", "6", "", "lima"])
def test_rating_out_of_range_is_refused(client, delivered, rating):
    response = post_review(client, delivered, rating=rating)
    assert response.status_code == 400
    assert "Pilih nilai 1 sampai 5 bintang" in response.content.decode()
    assert not Review.objects.exists()


def test_more_than_three_photos_are_refused(client, delivered):
    response = post_review(client, delivered, photos=[jpeg(f"{n}.jpg") for n in range(4)])
    assert response.status_code == 400
    assert "paling banyak 3 foto" in response.content.decode()
    assert not Review.objects.exists() and not ReviewPhoto.objects.exists()


def test_corrupt_image_is_refused_with_its_name(client, delivered):
    bad = SimpleUploadedFile("rusak.jpg", b"\xff\xd8\xff garbage", content_type="image/jpeg")
    response = post_review(client, delivered, photos=[jpeg("baik.jpg"), bad])
    assert response.status_code == 400
    assert "rusak.jpg" in response.content.decode() and "bukan foto" in response.content.decode()
    assert not Review.objects.exists() and not ReviewPhoto.objects.exists()


def test_huge_image_is_refused_before_it_is_decoded(client, delivered, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1000
    response = post_review(client, delivered, photos=[jpeg("besar.jpg", size=(100, 100))])
    assert response.status_code == 400
    assert "terlalu banyak piksel" in response.content.decode()
    assert not Review.objects.exists()


def test_too_many_bytes_is_refused(client, delivered, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    response = post_review(client, delivered, photos=[jpeg("berat.jpg")])
    assert response.status_code == 400
    assert "terlalu besar" in response.content.decode()
    assert not Review.objects.exists()


def test_a_line_of_another_order_is_refused(client, delivered, idr, honey):
    other = place(cart_with(idr, (honey, 1)), idr).orders.get()
    response = client.post(review_path(delivered), {"line": line_of(other).pk, "rating": "4"})
    assert response.status_code == 400
    assert not Review.objects.exists()


# -- the service's own guards, reply and hiding ----------------------------------------------------------------


def test_service_refuses_out_of_range_rating_and_four_photos(delivered):
    with pytest.raises(ReviewError):
        submit_review(line_of(delivered), rating=9)
    with pytest.raises(ReviewError):
        submit_review(line_of(delivered), rating=4, photos=[jpeg() for _ in range(4)])
    assert not Review.objects.exists()


def test_store_replies_once(delivered, store):
    review = submit_review(line_of(delivered), rating=4, body="Enak")
    editor = make_editor(store)
    reply_to_review(review, "Terima kasih, Bu Siti!", user=editor)
    with pytest.raises(ReviewError) as refused:
        reply_to_review(review, "Balasan kedua", user=editor)
    assert refused.value.code == "reply_exists"
    review.refresh_from_db()
    assert review.reply == "Terima kasih, Bu Siti!" and review.replied_by == editor
    assert product_reviews(review.product_id).reviews[0].reply == "Terima kasih, Bu Siti!"


def test_hidden_review_leaves_the_average_and_the_list(delivered, idr, honey):
    first = submit_review(line_of(delivered), rating=5)
    second_order = place(cart_with(idr, (honey, 1)), idr).orders.get()
    mark_checkout_paid(second_order.checkout, message="settlement")
    mark_shipped(second_order, courier="JNE", tracking_number="JN2")
    mark_delivered(second_order)
    submit_review(line_of(second_order), rating=2, body="Kata kasar")
    assert (product_reviews(honey.pk).count, str(product_reviews(honey.pk).average)) == (2, "3.5")
    with pytest.raises(ReviewError):
        hide_review(Review.objects.get(rating=2), "   ", user=None)
    hide_review(Review.objects.get(rating=2), "Bahasa kasar", user=None)
    summary = product_reviews(honey.pk)
    assert (summary.count, str(summary.average)) == (1, "5.0")
    assert [r.rating for r in summary.reviews] == [first.rating]


def test_completed_orders_may_be_reviewed_refunded_ones_not(delivered, idr, honey):
    mark_completed(delivered)
    assert submit_review(line_of(delivered), rating=3).pk
    refunded = place(cart_with(idr, (honey, 1)), idr).orders.get()
    mark_checkout_paid(refunded.checkout, message="settlement")
    mark_shipped(refunded, courier="JNE", tracking_number="JN9")
    mark_delivered(refunded)
    apply_refund(refunded, refunded.total, reason="Barang rusak")
    assert refunded.status == OrderStatus.REFUNDED
    with pytest.raises(ReviewError) as refused:
        submit_review(line_of(refunded), rating=1)
    assert refused.value.code == "review_not_allowed"


def test_shown_name_keeps_first_name_and_initial():
    assert shown_name("Siti Aminah") == "Siti A."
    assert shown_name("Ahmad") == "Ahmad"
    assert shown_name("Muhammad Rizki Pratama") == "Muhammad P."


def test_review_page_speaks_the_buyers_language(client, delivered):
    delivered.checkout.language = "en"
    delivered.checkout.save(update_fields=["language"])
    html = client.get(review_path(delivered)).content.decode()
    assert "Review your purchase from Kopi An Nur" in html and "Send review" in html
    response = post_review(client, delivered, rating="9")
    assert "Choose a rating from 1 to 5 stars." in response.content.decode()
