"""The issue's "done when" for alerts, on a phone: a buyer subscribes to a sold-out variant, the store's editor
signs in to the admin and restocks it on the stock edit screen, and exactly one e-mail goes out (a second restock
sends nothing). Both find their way by visible text."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(pg, url, username, password):
    pg.goto(f"{url}/admin/login/")
    pg.get_by_label("Nama pengguna").fill(username)
    pg.get_by_label("Kata Sandi").fill(password)
    with pg.expect_navigation():
        pg.get_by_role("button", name="Masuk").click()
    expect(pg).to_have_url(re.compile(r"/admin/$"))


def restock(pg, sku, quantity):
    """The editor opens "Stok" in the admin menu, picks the SKU and saves the new stock on hand."""
    with pg.expect_navigation():
        pg.get_by_role("navigation", name="Main menu").get_by_role("link", name="Stok", exact=True).click()
    with pg.expect_navigation():
        pg.get_by_role("link", name=sku, exact=True).click()
    pg.get_by_role("spinbutton", name="Stok di gudang").fill(str(quantity))
    with pg.expect_navigation():
        pg.get_by_role("button", name="Simpan", exact=True).click()
    expect(pg.get_by_role("link", name=sku, exact=True)).to_be_visible()  # back on the list, saved


def test_a_buyer_subscribes_to_a_sold_out_variant_and_gets_one_email(live_server, phone_page, page, screenshot):
    from django.core import mail

    from catalog.models import Stock
    from tests.factories import channels, make_editor, make_product, make_store

    channels()
    store = make_store("Madu Sidogiri", slug="madu-sidogiri")
    product = make_product(store, "Madu Hutan", slug="madu-hutan", stock=0)
    sku = product.variants.get().sku
    editor = make_editor(store)
    pg = phone_page
    pg.goto(f"{live_server.url}/madu-sidogiri/p/madu-hutan/")
    expect(pg.get_by_text("Stok habis").first).to_be_visible()
    pg.get_by_label("Beri tahu saya saat tersedia").fill("siti@example.id")
    with pg.expect_navigation():
        pg.get_by_role("button", name="Beri tahu saya", exact=True).click()
    expect(pg.get_by_text("kami akan mengirim satu e-mail")).to_be_visible()
    screenshot(pg, "stock-alert-subscribed-phone")
    assert mail.outbox == []

    sign_in(page, live_server.url, editor.username, "pw-test-123")
    restock(page, sku, 5)
    assert Stock.objects.get(store=store, sku=sku).quantity == 5
    screenshot(page, "stock-alert-restocked-admin")
    restock(page, sku, 8)
    assert Stock.objects.get(store=store, sku=sku).quantity == 8

    assert [m.to for m in mail.outbox] == [["siti@example.id"]]
    assert f"{live_server.url}/madu-sidogiri/p/madu-hutan/" in mail.outbox[0].body
    pg.goto(f"{live_server.url}/madu-sidogiri/p/madu-hutan/")
    expect(pg.get_by_role("button", name="Tambah ke keranjang")).to_be_enabled()


def test_a_guest_saves_a_product_and_finds_it_on_the_wishlist(live_server, phone_page):
    from tests.factories import channels, make_product, make_store

    channels()
    store = make_store("Madu Sidogiri", slug="madu-sidogiri")
    make_product(store, "Madu Hutan", slug="madu-hutan")
    pg = phone_page
    pg.goto(f"{live_server.url}/madu-sidogiri/p/madu-hutan/")
    with pg.expect_navigation():
        pg.get_by_role("button", name="Simpan", exact=True).click()
    assert pg.url.endswith("/wishlist/")
    assert pg.get_by_role("link", name="Madu Hutan").is_visible()
    with pg.expect_navigation():
        pg.get_by_role("button", name="Hapus Madu Hutan").click()
    assert pg.get_by_text("Anda belum menyimpan produk apa pun").is_visible()


def test_wishlist_and_alert_pages_have_no_serious_axe_violations(live_server, phone_page):
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    from catalog.models import StockAlert
    from tests.factories import channels, make_product, make_store

    channels()
    store = make_store("Madu Sidogiri", slug="madu-sidogiri")
    make_product(store, "Madu Hutan", slug="madu-hutan", stock=0)
    pg = phone_page
    axe = axe_module.Axe()
    problems = {}

    def check(name):
        found = [v for v in axe.run(pg).response["violations"] if v["impact"] in ("serious", "critical")]
        if found:
            problems[name] = [(v["id"], v["help"], len(v["nodes"])) for v in found]

    pg.goto(f"{live_server.url}/madu-sidogiri/p/madu-hutan/")
    check("sold-out product")
    pg.get_by_label("Beri tahu saya saat tersedia").fill("siti@example.id")
    with pg.expect_navigation():
        pg.get_by_role("button", name="Beri tahu saya", exact=True).click()
    check("alert result")
    pg.goto(f"{live_server.url}/stock-alerts/{StockAlert.objects.get().token}/unsubscribe/")
    check("unsubscribe")
    pg.goto(f"{live_server.url}/madu-sidogiri/p/madu-hutan/")
    with pg.expect_navigation():
        pg.get_by_role("button", name="Simpan", exact=True).click()
    check("wishlist")
    assert problems == {}
