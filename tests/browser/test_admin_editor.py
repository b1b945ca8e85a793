"""The issue's "done when" for editors: as editor-<store> add a product with a variant and a photo, publish it, see
it live, and see nothing of other stores in the admin. Screenshots: tests/screenshots/admin-editor-*.png."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "opop-demo-2026"


def test_editor_adds_and_publishes_a_product_and_sees_only_their_store(live_server, page, demo_data, screenshot):
    from catalog.models import Product, Stock

    store, *others = demo_data
    page.goto(live_server.url + "/admin/login/")
    page.fill('input[name="username"]', f"editor-{store.slug}")
    page.fill('input[name="password"]', PASSWORD)
    page.locator('button[type="submit"]').first.click()
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto(live_server.url + "/admin/snippets/catalog/product/")
    listing = page.content()
    screenshot(page, "admin-editor-1-products")
    for other in others:
        for title in Product.objects.filter(store=other).values_list("title", flat=True):
            assert title not in listing

    page.goto(live_server.url + "/admin/snippets/catalog/product/add/")
    page.fill("#id_title", "Kopi Uji Peramban")
    page.fill("#id_slug", "kopi-uji-peramban")
    page.fill("#id_variants-0-sku", "UJI-250")
    page.fill("#id_variants-0-name", "250 g")
    page.fill("#id_variants-0-weight_grams", "250")
    page.fill("#id_variants-0-price_indonesia", "35000")
    page.fill("#id_variants-0-stock_quantity", "7")

    page.locator("#id_images-ADD").click()
    page.get_by_role("button", name="Pilih sebuah gambar").first.click()
    page.locator(".modal a[data-chooser-modal-choice]").first.click()
    page.wait_for_selector(".modal-dialog", state="detached")
    page.fill("#id_images-0-alt_text", "Kopi dalam kaleng hijau")
    screenshot(page, "admin-editor-2-product-form")

    with page.expect_navigation():
        page.locator('button[name="action-publish"]').dispatch_event("click")
    screenshot(page, "admin-editor-3-after-publish")
    errors = page.locator(".error-message, .help-critical, .w-field__errors").all_inner_texts()
    assert not [e for e in errors if e.strip()], errors
    product = Product.objects.get(slug="kopi-uji-peramban")
    assert product.store == store and product.live
    assert product.images.count() == 1
    assert Stock.objects.get(store=store, sku="UJI-250").quantity == 7

    page.goto(f"{live_server.url}/{store.slug}/p/kopi-uji-peramban/")
    assert "Kopi Uji Peramban" in page.content()
    screenshot(page, "admin-editor-4-live-product")
