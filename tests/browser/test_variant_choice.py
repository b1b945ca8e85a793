"""On a phone, the buyer taps a variant by its visible label, then "Tambah ke keranjang", and the cart holds
that variant: with JavaScript and without it (issue 11 item 1)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS, phone_context

pytestmark = pytest.mark.django_db(transaction=True)

LABELS = {"Sereh": "Sereh · Rp38.000", "Kunyit": "Kunyit · Rp41.000"}


@pytest.fixture
def soap(store):
    from tests.factories import make_product_with_variants

    return make_product_with_variants(store)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
@pytest.mark.parametrize("name", ["Kunyit", "Sereh"])
def test_the_buyer_gets_the_variant_they_tapped(live_server, soap, browser, screenshot, name, javascript):
    context = phone_context(browser, java_script_enabled=javascript)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    try:
        pg.goto(f"{live_server.url}/kopi-an-nur/p/sabun-herbal/")
        expect(pg.get_by_label("Zaitun · Rp45.000")).to_be_disabled()  # sold out
        other = next(label for key, label in LABELS.items() if key != name)
        pg.get_by_text(other).tap()  # a change of mind first: the last tap wins
        pg.get_by_text(LABELS[name]).tap()
        expect(pg.get_by_label(LABELS[name])).to_be_checked()
        if javascript:
            expect(pg.locator("#price")).to_have_text(LABELS[name].split(" · ")[1])
            assert f"varian={soap.variants.get(name=name).pk}" in pg.url
        mode = "js" if javascript else "nojs"
        screenshot(pg, f"variant-{name.lower()}-{mode}-product-phone")
        with pg.expect_navigation():
            pg.get_by_role("button", name="Tambah ke keranjang").tap()
        assert "/cart/" in pg.url
        lines = pg.locator(".cart-line")
        expect(lines).to_have_count(1)
        expect(lines.first).to_contain_text(
            re.compile(rf"Sabun Herbal\s+{name}\s+{LABELS[name].split(' · ')[1]}")
        )
        screenshot(pg, f"variant-{name.lower()}-{mode}-cart-phone")
    finally:
        context.close()
