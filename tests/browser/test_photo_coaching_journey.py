"""Issue 16.1-2's "done when", on a phone (390×844): a store's editor uploads a dark, blurred photo and reads the
advice in Indonesian with a low score; puts it on a new product (the product editor shows the same score and advice,
the seller home lists the product); replaces the photo's file with a sharp, well-lit, large one and sees the score
rise; then opens the product page's share card (its ``og:image``), a 1200×630 JPEG that changed with the photo.
Screenshots: tests/screenshots/photo-coaching-*.png."""

import io
import re

import pytest

from cms.tests.test_photo_checks import jpeg, product_photo
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_checkout_journey import navigate

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "opop-demo-2026"
DARK = "Foto terlalu gelap"
BLURRED = "Foto buram"
GOOD = "Foto bagus: tajam, terang, dan komposisinya pas."


def _photo_file(tmp_path, name, picture) -> str:
    path = tmp_path / name
    path.write_bytes(jpeg(picture))
    return str(path)


def _log_in(page, live_server, store):
    page.goto(live_server.url + "/admin/login/")
    page.fill('input[name="username"]', f"editor-{store.slug}")
    page.fill('input[name="password"]', PASSWORD)
    navigate(page, lambda: page.locator('button[type="submit"]').first.click())
    assert re.search(r"/admin/$", page.url), page.url


def _upload_poor_photo(page, live_server, path, screenshot):
    """The multiple uploader answers each file with its edit form, which carries the advice measured at upload."""
    from cms.models import ShopImage

    page.goto(live_server.url + "/admin/images/multiple/add/")
    page.locator("#fileupload").set_input_files(path)
    advice = page.locator(".photo-advice").first
    advice.wait_for()
    text = advice.inner_text()
    image = ShopImage.objects.get(file__contains="kopi-gelap")
    assert f"Skor foto: {image.photo_score}/100" in text and image.photo_score < 50
    assert DARK in text and BLURRED in text
    assert "Ini hanya saran: foto tetap disimpan apa adanya." in text
    advice.scroll_into_view_if_needed()  # the admin scrolls inside its own frame: a full-page shot stops at the top
    screenshot(page, "photo-coaching-1-advice-after-upload", full_page=False)
    return image


def _new_product_with(page, live_server, image, screenshot):
    page.goto(live_server.url + "/admin/snippets/catalog/product/add/")
    page.fill("#id_title", "Kopi Foto Uji")
    page.fill("#id_slug", "kopi-foto-uji")
    page.fill("#id_variants-0-sku", "FOTO-250")
    page.fill("#id_variants-0-name", "250 g")
    page.fill("#id_variants-0-weight_grams", "250")
    page.fill("#id_variants-0-price_indonesia", "45000")
    page.fill("#id_variants-0-stock_quantity", "5")
    page.locator("#id_images-ADD").click()
    page.get_by_role("button", name="Pilih sebuah gambar").first.click()
    modal = page.locator(".modal")
    modal.locator("#id_q").fill(image.title)
    modal.locator(f'a[data-chooser-modal-choice]:has-text("{image.title}")').first.click()
    page.wait_for_selector(".modal-dialog", state="detached")
    page.fill("#id_images-0-alt_text", "Kopi dalam kemasan merah")
    navigate(page, lambda: page.locator('button[name="action-publish"]').dispatch_event("click"))
    errors = page.locator(".error-message, .help-critical, .w-field__errors").all_inner_texts()
    assert not [e for e in errors if e.strip()], errors


def _panel_score(page, live_server, product) -> tuple[int, str]:
    page.goto(f"{live_server.url}/admin/snippets/catalog/product/edit/{product.pk}/")
    panel = page.locator(".photo-advice-panel")
    panel.scroll_into_view_if_needed()
    text = panel.inner_text()
    match = re.search(r"Skor foto: (\d+)/100", text)
    assert match, text
    return int(match.group(1)), text


def _replace_file(page, live_server, image, path, screenshot):
    page.goto(f"{live_server.url}/admin/images/{image.pk}/")
    page.locator('input[type="file"][name="file"]').set_input_files(path)
    navigate(page, lambda: page.locator('button[type="submit"]:has-text("Simpan")').first.click())
    page.goto(f"{live_server.url}/admin/images/{image.pk}/")
    advice = page.locator(".photo-advice")
    text = advice.inner_text()
    image.refresh_from_db()
    assert f"Skor foto: {image.photo_score}/100" in text and GOOD in text, text
    assert DARK not in text and BLURRED not in text
    advice.scroll_into_view_if_needed()
    screenshot(page, "photo-coaching-3-advice-after-replacing", full_page=False)


def _share_card(page, live_server, store, product) -> tuple[str, bytes]:
    page.goto(f"{live_server.url}/{store.slug}/p/{product.slug}/")
    card_url = page.locator('meta[property="og:image"]').get_attribute("content")
    assert page.locator('meta[name="twitter:image"]').get_attribute("content") == card_url
    response = page.request.get(card_url)
    assert response.ok and response.headers["content-type"] == "image/jpeg"
    assert "immutable" in response.headers.get("cache-control", "")
    return card_url, response.body()


def test_editor_reads_photo_advice_replaces_the_photo_sees_the_score_rise_and_opens_the_share_card(
    live_server, demo_data, phone_page, screenshot, tmp_path
):
    from PIL import Image

    from catalog.models import Product

    store = demo_data[0]
    page = phone_page
    poor = _photo_file(tmp_path, "kopi-gelap.jpg", product_photo(light=0.25, blur=5))
    good = _photo_file(tmp_path, "kopi-terang.jpg", product_photo(size=(1600, 1600)))
    _log_in(page, live_server, store)
    image = _upload_poor_photo(page, live_server, poor, screenshot)
    _new_product_with(page, live_server, image, screenshot)
    product = Product.objects.get(slug="kopi-foto-uji")
    assert product.store == store and product.live

    before, text = _panel_score(page, live_server, product)
    assert before == image.photo_score and DARK in text and BLURRED in text
    screenshot(page, "photo-coaching-2-product-editor-before", full_page=False)
    page.goto(live_server.url + "/admin/")
    assert "Kopi Foto Uji" in page.locator("#opop-weak-photos-section").inner_text()
    old_card, old_body = _share_card(page, live_server, store, product)

    _replace_file(page, live_server, image, good, screenshot)
    after, text = _panel_score(page, live_server, product)
    assert after > before and after >= 70 and GOOD in text and BLURRED not in text
    screenshot(page, "photo-coaching-4-product-editor-after", full_page=False)
    page.goto(live_server.url + "/admin/")
    weak = page.locator("#opop-weak-photos-section")
    assert weak.count() == 0 or "Kopi Foto Uji" not in weak.inner_text()

    card_url, body = _share_card(page, live_server, store, product)
    # The new photo, loaded: not the deleted renditions of the dark one that a cached page would still show.
    src, loaded = page.locator("main img").first.evaluate("i => [i.currentSrc, i.complete && i.naturalWidth > 0]")
    assert "kopi-terang" in src and loaded, src
    assert card_url != old_card, "the card's address must change with the photo"
    screenshot(page, "photo-coaching-5-product-page-phone")
    card = Image.open(io.BytesIO(body))
    assert (card.format, card.size) == ("JPEG", (1200, 630))
    assert body != old_body
    SCREENSHOTS.mkdir(exist_ok=True)  # the cards themselves, as a chat app shows them, before and after
    Image.open(io.BytesIO(old_body)).save(SCREENSHOTS / "photo-coaching-6-share-card-before.png")
    card.save(SCREENSHOTS / "photo-coaching-7-share-card-after.png")
