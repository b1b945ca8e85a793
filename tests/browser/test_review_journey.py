"""Issue 15's "done when" for reviews, on a phone (390×844), finding the way by visible text: the parcel is
delivered, the buyer opens the link from the e-mail (no login), reviews with a photo, and the review appears on
the product page, photo and average included. axe finds no serious or critical violation on the review form nor
on the product page with its reviews."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (180, 120, 40)).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def delivered_order(transactional_db, settings):
    from checkout.services.orders import mark_checkout_paid, mark_delivered, mark_shipped
    from checkout.tests.utils import cart_with, place
    from tests.factories import channels, make_product, make_store

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    idr = channels()["indonesia"]
    store = make_store("Kopi An Nur", slug="kopi-an-nur")
    product = make_product(store, "Madu Hutan", slug="madu-hutan", stock=10, summary="Madu asli pesantren.")
    checkout = place(cart_with(idr, (product, 1)), idr, recipient_name="Siti Aminah")
    mark_checkout_paid(checkout, message="settlement")
    order = checkout.orders.get()
    mark_shipped(order, courier="JNE", tracking_number="JN123")
    mark_delivered(order)
    return order


def serious(results):
    return [(v["id"], v["help"], len(v["nodes"])) for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")]


def test_buyer_reviews_with_a_photo_after_delivery_and_it_shows_on_the_product_page(
    live_server, delivered_order, phone_page, screenshot
):
    from axe_playwright_python.sync_playwright import Axe
    from django.core import mail

    [message] = [m for m in mail.outbox if "sudah sampai" in m.subject]
    link = re.search(r"https?://\S+/ulasan/\S+/", message.body).group(0)
    path = link[link.index("/ulasan/"):]
    pg, axe = phone_page, Axe()

    pg.goto(live_server.url + path)
    expect(pg.get_by_role("heading", name="Ulas belanjaan Anda dari Kopi An Nur")).to_be_visible()
    assert not serious(axe.run(pg)), serious(axe.run(pg))
    pg.get_by_label("5 bintang", exact=True).check()
    pg.get_by_label("Ulasan Anda (boleh dikosongkan)").fill("Madunya kental, harum, dan dikirim rapi.")
    pg.get_by_label("Foto (boleh dikosongkan, paling banyak 3)").set_input_files(
        {"name": "madu.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}
    )
    screenshot(pg, "review-1-form-phone")
    with pg.expect_navigation():
        pg.get_by_role("button", name="Kirim ulasan").click()
    expect(pg.get_by_text("Terima kasih! Ulasan Anda tentang Madu Hutan sudah tampil.")).to_be_visible()

    pg.goto(f"{live_server.url}/kopi-an-nur/p/madu-hutan/")
    reviews = pg.get_by_role("region", name="Ulasan pembeli")
    expect(reviews).to_be_visible()
    expect(reviews.get_by_text("5,0 dari 5 berdasarkan 1 ulasan")).to_be_visible()
    expect(reviews.get_by_text("Madunya kental, harum, dan dikirim rapi.")).to_be_visible()
    expect(reviews.get_by_text("Siti A.")).to_be_visible()
    expect(reviews.get_by_text("Pembeli terverifikasi")).to_be_visible()
    photo = reviews.get_by_role("img", name="Foto pembeli untuk Madu Hutan")
    photo.scroll_into_view_if_needed()
    expect(photo).to_be_visible()
    pg.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo.element_handle())
    screenshot(pg, "review-2-product-page-phone")
    assert not serious(axe.run(pg)), serious(axe.run(pg))
