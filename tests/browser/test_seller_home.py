"""The issue's "done when" for the seller home, on a phone (390×844): the store's editor logs in, sees the paid
order waiting on their home, opens it and marks it shipped. Screenshots: tests/screenshots/seller-home-*.png."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "opop-demo-2026"


def _paid_order(store):
    from catalog.models import Channel, Product
    from checkout.services.orders import mark_checkout_paid
    from checkout.tests.utils import cart_with, place

    idr = Channel.objects.get(currency="IDR")
    product = Product.objects.filter(store=store, live=True).order_by("pk").first()
    checkout = place(cart_with(idr, (product, 1)), idr)
    mark_checkout_paid(checkout)
    return checkout.orders.get(store=store)


def test_editor_sees_the_order_to_ship_on_their_phone_and_ships_it(
    live_server, phone_page, demo_data, screenshot
):
    from checkout.models import OrderStatus

    store, other, *_ = demo_data
    order = _paid_order(store)
    foreign = _paid_order(other)
    page = phone_page
    page.goto(live_server.url + "/admin/login/")
    page.fill('input[name="username"]', f"editor-{store.slug}")
    page.fill('input[name="password"]', PASSWORD)
    page.locator('button[type="submit"]').first.click()
    page.wait_for_url(re.compile(r"/admin/$"))

    assert page.locator("h1").first.inner_text().strip() == store.name
    to_ship = page.locator("#opop-orders-to-ship-section")
    assert order.number in to_ship.inner_text()
    assert foreign.number not in page.content()
    width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "seller-home-1-phone-home")
    assert width <= 390 + 1, f"the home scrolls sideways on a phone ({width}px)"

    to_ship.get_by_role("link", name=order.number).click()
    page.wait_for_url(re.compile(rf"/admin/pesanan/{order.pk}/$"))
    page.fill("#courier", "JNE")
    page.fill("#tracking", "JNE1234567890")
    screenshot(page, "seller-home-2-order")
    with page.expect_navigation():
        page.locator('form:has(input[name="action"][value="shipped"]) button[type="submit"]').click()
    screenshot(page, "seller-home-3-shipped")
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED and order.tracking_number == "JNE1234567890"

    page.goto(live_server.url + "/admin/")
    assert order.number not in page.locator("#opop-orders-to-ship-section").inner_text()
