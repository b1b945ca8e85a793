"""The issue's "done when" for sales reports, on a phone (390×844): a store's editor opens "Laporan penjualan" from
the admin menu, asks for 1–3 November 2026 by day and sees the chart and its figures; the known history is
checkout/payments/tests/sales_history.py. Screenshots: tests/screenshots/sales-report-{1-phone,2-chart}.png."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-test-123"


def test_editor_opens_the_sales_report_and_its_chart_on_a_phone(live_server, phone_page, screenshot):
    from checkout.payments.tests.sales_history import build_history
    from tests.factories import channels, make_editor, make_store

    chans = channels()
    store = make_store("Kopi An Nur", slug="kopi-an-nur")
    other = make_store("Batik Al Hikam", slug="batik-al-hikam")
    build_history(store, other, chans)
    editor = make_editor(store)
    page = phone_page
    page.goto(live_server.url + "/admin/login/")
    page.fill('input[name="username"]', editor.username)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('button[type="submit"]').first.click()
    page.wait_for_url(re.compile(r"/admin/$"))

    page.locator("#wagtail-sidebar button[aria-expanded]").first.click()  # the menu is folded away on a phone
    page.get_by_role("link", name="Laporan penjualan").click()
    page.wait_for_url(re.compile(r"/admin/payments/sales/"))
    page.get_by_label("Dari tanggal", exact=True).fill("2026-11-01")
    page.get_by_label("Sampai tanggal", exact=True).fill("2026-11-03")
    page.get_by_label("Per", exact=True).select_option(label="Hari")
    with page.expect_navigation():
        page.get_by_role("button", name="Tampilkan laporan").click()

    chart = page.get_by_role("img", name="Pendapatan bersih per periode, IDR")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box["width"] > 300 and box["x"] + box["width"] <= 390 + 1, box
    assert chart.locator("rect").count() == 3
    idr = page.locator('[data-currency="IDR"]')
    assert idr.get_by_text("Rp100.000", exact=True).first.is_visible()  # net revenue of the three days
    assert "-Rp15.000" in idr.locator("table[data-periods]").inner_text()  # Nov 3: more refunded than sold
    assert page.get_by_role("img", name="Pendapatan bersih per periode, MYR").is_visible()
    assert "Batik" not in page.content()
    width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "sales-report-1-phone")
    chart.scroll_into_view_if_needed()
    screenshot(page, "sales-report-2-chart", full_page=False)
    assert width <= 390 + 1, f"the report scrolls sideways on a phone ({width}px)"

    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh CSV").click()
    assert download.value.suggested_filename == "laporan-penjualan-kopi-an-nur-2026-11-01-2026-11-03.csv"
