"""The compact header on a phone (390 × 844): one row, at most 80 px, with the cart count filled in per visitor on
a page served from the page cache; the search field opens from its icon and the channel switch still works."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

MAX_HEADER_PX = 80


@pytest.fixture
def kopi(transactional_db):
    from tests.factories import channels, make_product, make_store
    from tests.transactional import ensure_wagtail_roots

    ensure_wagtail_roots()
    channels()
    store = make_store("Kopi An Nur", slug="kopi-an-nur")
    return make_product(store, "Kopi Robusta Dampit", slug="kopi-robusta", stock=5, price_idr=45000)


def header_height(pg) -> float:
    height = pg.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
    print(f"header height at {pg.viewport_size}: {height} px")
    return height


def test_phone_header_is_one_compact_row_with_the_cart_count_from_the_page_cache(
    live_server, kopi, phone_page, screenshot
):
    pg = phone_page
    url = f"{live_server.url}/kopi-an-nur/p/kopi-robusta/"
    first = pg.goto(url)  # a first-time visitor: the page is rendered and cached for everybody
    assert first.status == 200
    assert header_height(pg) <= MAX_HEADER_PX
    cart = pg.get_by_role("link", name="Keranjang", exact=True)
    assert cart.is_visible()

    pg.get_by_role("button", name="Tambah ke keranjang").click()
    pg.wait_for_url("**/cart/")
    response = pg.goto(url)
    assert (
        response.headers.get("x-opop-cache") == "hit"
    )  # the shared cached page, the count filled per visitor
    cart = pg.get_by_role("link", name="Keranjang 1 barang")
    assert cart.is_visible() and pg.locator(".site-header .cart-count").inner_text() == "1"
    assert header_height(pg) <= MAX_HEADER_PX
    assert pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 1
    screenshot(pg, "header-phone-with-count", full_page=False)

    # The search icon opens the field over the row; typing and Enter searches.
    pg.locator("label.search-toggle").click()
    field = pg.get_by_role("searchbox", name="Cari produk")
    assert field.is_visible() and field.bounding_box()["width"] > 200
    field.fill("kopi")
    field.press("Enter")
    pg.wait_for_url("**/search/?q=kopi")

    # The channel switch is a small control that still switches (the form's CSRF token comes from a slot).
    pg.goto(url)
    pg.locator(".channel-menu summary").click()
    pg.get_by_role("button", name="International · RM · EN").click()
    pg.wait_for_load_state()
    assert pg.locator("html").get_attribute("lang") == "en"
    assert pg.get_by_role("link", name="Cart 1 item").is_visible()
    assert header_height(pg) <= MAX_HEADER_PX
