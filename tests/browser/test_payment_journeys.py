"""Browser: a buyer pays in IDR through the Midtrans simulator and another in MYR through the Stripe simulator;
both orders turn paid through signed notifications sent over real HTTP to the live server; then the store refunds
part of one in the Wagtail admin."""

import re
from decimal import Decimal

import pytest

from checkout.models import OrderStatus
from checkout.payments.models import AttemptStatus, Refund
from checkout.payments.services import start_payment
from checkout.payments.tests.conftest import make_checkout
from tests.factories import make_editor, make_product

# Chromium, the browser mark and "a missing browser fails in CI" come from tests/browser/conftest.py.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_sim(live_server, settings, tmp_path):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.MIDTRANS_SERVER_KEY = settings.STRIPE_SECRET_KEY = settings.STRIPE_WEBHOOK_SECRET = ""
    settings.MIDTRANS_SNAP_BASE_URL = settings.MIDTRANS_CORE_BASE_URL = settings.STRIPE_API_BASE = ""
    settings.OPOP_DEMO = True
    return live_server


def test_buyers_pay_with_both_simulators_and_the_store_refunds_part(live_sim, phone_page, chans):
    page = phone_page
    from tests.factories import make_store

    store = make_store("Madu Bukit Hikmah", slug="madu-bukit-hikmah")
    madu = make_product(store, "Madu Hutan", price_idr=75000, price_myr="25.00", stock=10)

    idr = make_checkout(chans["indonesia"], [(madu, 2)], gateway="midtrans", shipping=Decimal(15000))
    attempt = start_payment(idr)
    page.goto(attempt.redirect_url)
    assert "Rp165.000" in page.locator("main").inner_text()
    page.get_by_role("button", name=re.compile("QRIS")).click()
    page.wait_for_url(re.compile(r"/payments/return/"))
    assert "Pembayaran diterima" in page.locator("h1").inner_text()
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PAID
    assert idr.orders.get().status == OrderStatus.PAID

    myr = make_checkout(chans["international"], [(madu, 1)], gateway="stripe")
    st_attempt = start_payment(myr)
    page.goto(st_attempt.redirect_url)
    assert "RM25,00" in page.locator("main").inner_text()  # an Indonesian page writes Indonesian numbers
    page.get_by_role("button", name=re.compile("4242")).click()
    page.wait_for_url(re.compile(r"/payments/return/.*session_id="))
    assert "Pembayaran diterima" in page.locator("h1").inner_text()
    assert myr.orders.get().status == OrderStatus.PAID

    editor = make_editor(store)
    page.goto(f"{live_sim.url}/admin/login/")
    page.fill("input[name=username]", editor.username)
    page.fill("input[name=password]", "pw-test-123")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    order = idr.orders.get()
    page.goto(f"{live_sim.url}/admin/pesanan/{order.pk}/")
    page.get_by_role("link", name="Kembalikan dana").click()
    page.fill("input[name=amount]", "75000")
    page.fill("input[name=reason]", "Satu botol bocor")
    page.get_by_role("button", name="Kembalikan dana").click()
    page.wait_for_url(re.compile(rf"/admin/pesanan/{order.pk}/"))
    order.refresh_from_db()
    assert order.refunded_amount == 75000 and order.status == OrderStatus.PAID
    assert Refund.objects.get().status == Refund.Status.SUCCEEDED
