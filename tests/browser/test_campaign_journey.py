"""Issue 16.5's "done when", on phones (390×844): a store's editor makes a campaign link with a QR code (and
downloads the PNG for a flyer); a buyer arriving through that link buys; the store's report credits the campaign.
Screenshots: tests/screenshots/campaign-*.png."""

import io
import re

import pytest

from tests.browser.conftest import phone_context
from tests.browser.test_checkout_journey import buyable_product, navigate

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "opop-demo-2026"


def _png_modules(png: bytes, scale: int) -> list[list[bool]]:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    size = image.width // scale
    return [[image.getpixel((x * scale + scale // 2, y * scale + scale // 2)) < 128 for x in range(size)]
            for y in range(size)]


def _make_campaign(page, live_server, store, screenshot) -> str:
    """The editor's side: log in, make the link, read it and its QR code; returns the link."""
    import segno

    from catalog.campaign_qr import BORDER, PNG_SCALE

    page.goto(live_server.url + "/admin/login/")
    page.fill('input[name="username"]', f"editor-{store.slug}")
    page.fill('input[name="password"]', PASSWORD)
    navigate(page, lambda: page.locator('button[type="submit"]').first.click())
    page.goto(live_server.url + "/admin/snippets/catalog/campaign/add/")
    page.fill("#id_name", "Status WA Ramadan 🌙!!")
    page.select_option("#id_source", "whatsapp")
    screenshot(page, "campaign-1-new-link-phone")
    navigate(page, lambda: page.locator('button[type="submit"]:has-text("Simpan")').first.click())
    panel = page.locator(".campaign-link-panel")
    assert "Bagikan tautan ini, atau cetak kode QR-nya di brosur" in panel.inner_text()
    assert "Tautan ini membuka etalase toko Anda." in panel.inner_text()
    link = panel.get_attribute("data-campaign-link")
    assert link == f"{live_server.url}/c/status-wa-ramadan/"
    assert panel.locator(".campaign-qr svg").is_visible()
    screenshot(page, "campaign-2-link-and-qr-phone")
    with page.expect_download() as download_info:
        panel.get_by_text("Unduh kode QR (PNG)").click()
    download = download_info.value
    assert download.suggested_filename == "qr-status-wa-ramadan.png"
    modules = _png_modules(open(download.path(), "rb").read(), PNG_SCALE)
    expected = segno.make(link, error="m", boost_error=False).matrix
    assert [row[BORDER:-BORDER] for row in modules[BORDER:-BORDER]] == [[bool(v) for v in r] for r in expected]
    return link


def _buy_through(browser, link, store, screenshot):
    """The buyer's side: open the link on another phone, buy the product, pay by manual transfer."""
    buyer = phone_context(browser)
    pg = buyer.new_page()
    pg.set_default_timeout(60_000)
    pg.set_default_navigation_timeout(60_000)
    pg.goto(link)
    assert pg.url.rstrip("/").endswith(f"/{store.slug}")
    product = buyable_product(store)
    pg.goto(pg.url.rstrip("/") + f"/p/{product.slug}/")
    navigate(pg, lambda: pg.locator("form.add-to-cart button[type=submit]").click())
    navigate(pg, lambda: pg.get_by_role("link", name="Lanjut ke checkout").click())
    pg.fill("#id_email", "aisyah@example.id")
    pg.fill("#id_phone", "0812 3456 7890")
    pg.fill("#id_recipient_name", "Aisyah")
    for name, value in [("province", "35"), ("regency", "35.07"), ("district", "35.07.01"),
                        ("village", "35.07.01.2001")]:
        navigate(pg, lambda name=name, value=value: pg.select_option(f"select[name={name}]", value))
    pg.fill("#id_street_address", "Jl. Pondok Pesantren No. 2")
    pg.locator(f"input[name=shipping_{store.pk}]").first.check()
    pg.locator("input[name=gateway][value=manual]").check()
    pg.locator("#id_accept_terms").check()
    navigate(pg, lambda: pg.get_by_role("button", name="Buat pesanan").click())
    assert "/payments/manual/" in pg.url, pg.content()[:2000]
    screenshot(pg, "campaign-3-bought-through-the-link-phone")
    buyer.close()


def test_editor_makes_a_campaign_link_a_buyer_buys_through_it_and_the_report_credits_it(
    live_server, demo_data, phone_page, browser, screenshot
):
    from catalog.models import Campaign
    from checkout.models import Checkout
    from checkout.services.orders import mark_checkout_paid

    store = demo_data[0]
    page = phone_page
    page.set_default_timeout(60_000)
    link = _make_campaign(page, live_server, store, screenshot)
    _buy_through(browser, link, store, screenshot)

    checkout = Checkout.objects.get(email="aisyah@example.id")  # the demo data has checkouts of its own
    order = checkout.orders.get()
    campaign = Campaign.objects.get(code="status-wa-ramadan")
    assert (order.campaign, order.campaign_source) == (campaign, "whatsapp")
    mark_checkout_paid(checkout, message="transfer diterima")

    page.goto(live_server.url + "/admin/pesanan/kampanye/")
    assert "Laporan kampanye" in page.locator("h1").first.inner_text()
    row = page.locator('tr[data-campaign="status-wa-ramadan"]')
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    total = f"Rp{order.total:,.0f}".replace(",", ".")
    assert cells == ["Status WA Ramadan 🌙!!", "WhatsApp", "1", "1", total]
    source = [c.strip() for c in page.locator('tr[data-source="whatsapp"] td').all_inner_texts()]
    assert source == ["WhatsApp", "1", "1", total]
    assert re.search(r"Kunjungan", page.content())
    width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "campaign-4-report-phone")
    assert width <= 390 + 1, f"the report scrolls sideways on a phone ({width}px)"
