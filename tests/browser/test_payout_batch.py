"""The issue's "done when" for payouts, on a phone (390×844): an administrator creates the payout batch of the
week (the demo's stores have approved bank accounts), a second batch for the same period is refused in
Indonesian, the administrator opens a store's statement and the bank transfer file; the store's editor sees the
balance on their home and cannot open another store's statement. Screenshots: tests/screenshots/payouts-*.png."""

import csv
import io
import re
from datetime import timedelta

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "opop-demo-2026"


def _delivered_order(store):
    from catalog.models import Channel, Product
    from checkout.services.orders import mark_checkout_paid, mark_delivered, mark_shipped
    from checkout.tests.utils import cart_with, place

    idr = Channel.objects.get(currency="IDR")
    product = Product.objects.filter(store=store, live=True).order_by("pk").first()
    checkout = place(cart_with(idr, (product, 1)), idr)
    mark_checkout_paid(checkout)
    order = checkout.orders.get(store=store)
    mark_shipped(order, courier="JNE", tracking_number="JNE1")
    return mark_delivered(order)


def _login(page, live_server, username):
    page.goto(live_server.url + "/admin/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('button[type="submit"]').first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def _create_batch(page, live_server, start, end):
    page.goto(live_server.url + "/admin/payouts/batches/new/")
    page.fill('input[name="period_start"]', str(start))
    page.fill('input[name="period_end"]', str(end))
    with page.expect_navigation():
        page.locator("[data-batch-form] button[type=submit]").click()


def test_admin_creates_a_payout_batch_and_opens_a_statement_and_the_transfer_file(
    live_server, phone_page, demo_data, screenshot, settings, browser
):
    from django.utils import timezone

    from checkout.payouts.models import Payout

    settings.OPOP_PAYOUT_HOLD_DAYS = 0
    store, other, *_ = demo_data
    order, foreign = _delivered_order(store), _delivered_order(other)
    page = phone_page
    _login(page, live_server, "admin")
    today = timezone.localdate()
    _create_batch(page, live_server, today - timedelta(days=6), today)
    page.wait_for_url(re.compile(r"/admin/payouts/batches/\d+/$"))
    screenshot(page, "payouts-1-batch")
    payouts = page.locator("[data-payouts]").inner_text()
    assert store.name in payouts and other.name in payouts
    assert Payout.objects.filter(status="paid").count() == 2  # sent through the offline simulator

    batch_url = page.url
    _create_batch(page, live_server, today - timedelta(days=2), today)
    assert "Sudah ada batch pembayaran untuk periode ini" in page.content()
    screenshot(page, "payouts-2-second-batch-refused")

    page.goto(batch_url)
    page.locator("[data-payouts]").get_by_role("link", name="Laporan saldo").first.click()
    page.wait_for_url(re.compile(r"/statement/\?store=\d+$"))
    screenshot(page, "payouts-3-statement")
    statement = page.content()
    assert (order.number in statement) != (foreign.number in statement)
    assert "Komisi" in statement and "Saldo akhir" in statement
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the statement scrolls sideways on a phone ({width}px)"

    transfer = page.request.get(batch_url + "transfers.csv")
    rows = list(csv.DictReader(io.StringIO(transfer.text())))
    assert transfer.status == 200 and len(rows) == 2 and {r["currency"] for r in rows} == {"IDR"}

    editor = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID").new_page()
    _login(editor, live_server, f"editor-{store.slug}")
    assert "Saldo yang menjadi hak toko Anda" in editor.content()
    screenshot(editor, "payouts-4-seller-home")
    refused = editor.request.get(batch_url + f"statement/?store={other.pk}")
    assert refused.status == 404
