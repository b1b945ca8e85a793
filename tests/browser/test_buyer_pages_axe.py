"""Issue 15.8 and 15.5 on a phone (390×844): cart, checkout, payment and order pages in the storefronts' design
system, checked by axe-core (no serious or critical violation) in every theme, with the legal pages they link to and
the signed-in buyer's "Pesanan saya" (my orders).

What else is pinned: buttons use the brand's font and sentence case (no system-font or all-caps button), the
no-JavaScript hint and the "Perbarui" buttons are hidden when JavaScript runs and shown when it does not.
Screenshots go to tests/screenshots/buyer-*.png (git-ignored) for a human look.
"""

import re
from decimal import Decimal

import pytest

from themes import registry

pytestmark = pytest.mark.django_db(transaction=True)

BUTTONS = "main .button, main button"


@pytest.fixture
def buyer_shop(transactional_db):
    from checkout.tests.utils import flat_rate
    from cms.provisioning import ensure_home_page
    from shop.demo.legal import ensure_legal_pages
    from tests.factories import channels, make_product, make_store

    chans = channels()
    ensure_legal_pages(ensure_home_page())
    store = make_store("Kopi An Nur", slug="kopi-an-nur")
    flat_rate(store, chans["indonesia"], Decimal("15000"), name="JNE REG")
    return make_product(store, "Kopi Arabika Ijen", slug="kopi-arabika", stock=50, price_idr=55000)


def serious(axe, pg):
    return [(v["id"], v["help"], len(v["nodes"])) for v in axe.run(pg).response["violations"]
            if v["impact"] in ("serious", "critical")]


def button_styles(pg):
    """(text, font family, text-transform) of every button on the page, and the body's font family."""
    return pg.evaluate(
        """(sel) => ({body: getComputedStyle(document.body).fontFamily,
             buttons: [...document.querySelectorAll(sel)].filter(b => b.offsetParent !== null).map(b => {
               const s = getComputedStyle(b); return [b.textContent.trim(), s.fontFamily, s.textTransform]; })})""",
        BUTTONS,
    )


def assert_design_system(pg, name):
    styles = button_styles(pg)
    assert styles["buttons"], name
    for text, font, transform in styles["buttons"]:
        assert font == styles["body"], (name, text, font)
        assert transform == "none", (name, text, transform)


def add_to_cart(pg, url, product):
    pg.goto(f"{url}/kopi-an-nur/p/{product.slug}/")
    with pg.expect_navigation():
        pg.locator("form.add-to-cart button[type=submit]").click()


def fill_address(pg):
    pg.fill("#id_email", "siti@example.id")
    pg.fill("#id_phone", "0812 3456 7890")
    pg.fill("#id_recipient_name", "Siti Aminah")
    for name, value in [("province", "35"), ("regency", "35.07"), ("district", "35.07.01"),
                        ("village", "35.07.01.2001")]:
        with pg.expect_navigation():
            pg.select_option(f"select[name={name}]", value)
    pg.fill("#id_street_address", "Jl. Pondok Pesantren No. 1")


def sign_in_as_the_buyer(context, url):
    """The guest's checkout becomes a signed-in buyer's, and the browser gets that buyer's session ("Pesanan saya")."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from checkout.models import Checkout

    user = get_user_model().objects.create_user("siti", "siti@example.id", "kata-sandi-panjang-1")
    Checkout.objects.update(user=user)
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}])


def test_buyer_pages_in_every_theme_pass_axe_on_a_phone(live_server, buyer_shop, browser, screenshot, monkeypatch):
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.conftest import TIMEOUT_MS, phone_context

    axe, found, url = Axe(), {}, live_server.url
    context = phone_context(browser)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    add_to_cart(pg, url, buyer_shop)
    for theme in registry.THEMES:  # the buyer pages take the default theme: each theme in turn
        monkeypatch.setattr(registry, "DEFAULT_THEME", theme)
        for name, path in [("cart", "/cart/"), ("checkout", "/checkout/")]:
            pg.goto(url + path)
            assert f"theme-{theme}" in pg.locator("body").get_attribute("class")
            screenshot(pg, f"buyer-{name}-{theme}-phone")
            found[f"{name}@{theme}"] = serious(axe, pg)
            assert_design_system(pg, f"{name}@{theme}")
    monkeypatch.setattr(registry, "DEFAULT_THEME", "pasar")
    pg.goto(url + "/checkout/")
    assert not pg.locator(".no-js").first.is_visible()  # JavaScript runs: no "Perbarui", no hint
    fill_address(pg)
    assert not pg.get_by_role("button", name="Perbarui", exact=True).is_visible()
    assert pg.locator(".consent").get_by_role("link", name="Syarat & Ketentuan").get_attribute("href") == "/syarat-ketentuan/"
    pg.locator("input[name=gateway][value=manual]").check()
    pg.locator("#id_accept_terms").check()
    found["checkout-filled@pasar"] = serious(axe, pg)
    screenshot(pg, "buyer-checkout-filled-pasar-phone")
    with pg.expect_navigation():
        pg.get_by_role("button", name="Buat pesanan").click()
    assert "/payments/manual/" in pg.url
    found["payment@pasar"] = serious(axe, pg)
    screenshot(pg, "buyer-payment-pasar-phone")
    from checkout.models import Checkout
    from checkout.payments.models import PaymentAttempt

    pg.goto(f"{url}/payments/return/{PaymentAttempt.objects.get().provider_id}")  # where a gateway sends the buyer back
    assert pg.locator(".order-list a").count() == 1
    found["payment-return@pasar"] = serious(axe, pg)

    pg.goto(f"{url}/checkout/done/{Checkout.objects.get().token}/")
    found["done@pasar"] = serious(axe, pg)
    assert_design_system(pg, "done@pasar")
    with pg.expect_navigation():
        pg.locator(".order-list a").first.click()
    assert "/orders/" in pg.url
    found["order@pasar"] = serious(axe, pg)
    assert_design_system(pg, "order@pasar")
    screenshot(pg, "buyer-order-pasar-phone")
    sign_in_as_the_buyer(context, url)
    pg.goto(url + "/account/orders/")
    assert pg.locator("main a[href^='/orders/']").count() == 1  # "Pesanan saya" lists the order just placed
    found["my-orders@pasar"] = serious(axe, pg)
    for name, path in [("terms", "/syarat-ketentuan/"), ("privacy", "/kebijakan-privasi/")]:
        pg.goto(url + path)
        found[f"{name}@pasar"] = serious(axe, pg)
    context.close()
    print("\naxe (390x844), serious+critical violations per page:", {k: len(v) for k, v in found.items()})
    assert {k: v for k, v in found.items() if v} == {}


def test_without_javascript_the_update_button_and_its_hint_show(live_server, buyer_shop, browser):
    from tests.browser.conftest import TIMEOUT_MS, phone_context

    context = phone_context(browser, java_script_enabled=False)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    add_to_cart(pg, live_server.url, buyer_shop)
    pg.goto(live_server.url + "/checkout/")
    assert pg.get_by_role("button", name="Perbarui", exact=True).is_visible()
    assert pg.get_by_text("tekan “Perbarui”", exact=False).first.is_visible()
    pg.select_option("select[name=province]", "35")
    with pg.expect_navigation():
        pg.get_by_role("button", name="Perbarui", exact=True).click()
    assert pg.locator("select[name=regency] option[value='35.07']").count() == 1
    context.close()


def test_the_other_buyer_pages_pass_axe_on_a_phone(live_server, buyer_shop, browser):
    """The pages the journey above does not reach: the payment return page when the payment was received, refused or
    cancelled, the checkout with its errors, a review link that is no longer valid, the 404 page, and the
    International channel's pages in English."""
    from axe_playwright_python.sync_playwright import Axe

    from checkout.payments.models import PaymentAttempt
    from tests.browser.conftest import TIMEOUT_MS, phone_context

    axe, found, url = Axe(), {}, live_server.url
    context = phone_context(browser)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    add_to_cart(pg, url, buyer_shop)
    pg.goto(url + "/checkout/")
    pg.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")  # past the browser's checks
    with pg.expect_navigation():
        pg.get_by_role("button", name="Buat pesanan").click()
    assert pg.locator("main .error").count() > 0
    found["checkout-errors"] = serious(axe, pg)
    fill_address(pg)
    pg.locator("input[name=gateway][value=manual]").check()
    pg.locator("#id_accept_terms").check()
    with pg.expect_navigation():
        pg.get_by_role("button", name="Buat pesanan").click()
    attempt = PaymentAttempt.objects.get()
    for status in ("paid", "failed", "cancelled"):
        PaymentAttempt.objects.filter(pk=attempt.pk).update(status=status)
        pg.goto(f"{url}/payments/return/{attempt.provider_id}")
        found[f"payment-return-{status}"] = serious(axe, pg)
    for name, path in [("review-link-invalid", "/ulasan/tidak-berlaku/"), ("not-found", "/no-such-store/")]:
        pg.goto(url + path)
        found[name] = serious(axe, pg)
    pg.goto(f"{url}/kopi-an-nur/p/{buyer_shop.slug}/")
    pg.get_by_text("Rp · ID").filter(visible=True).click()  # the channel menu
    with pg.expect_navigation():
        pg.get_by_role("button", name=re.compile("International")).click()
    for name, path in [("home", "/"), ("storefront", "/kopi-an-nur/"), ("product", f"/kopi-an-nur/p/{buyer_shop.slug}/"),
                       ("cart", "/cart/"), ("checkout", "/checkout/")]:
        pg.goto(url + path)
        assert pg.locator("html").get_attribute("lang") == "en", path
        found[f"{name}@international"] = serious(axe, pg)
    context.close()
    print("\naxe (390x844), serious+critical violations per page:", {k: len(v) for k, v in found.items()})
    assert {k: v for k, v in found.items() if v} == {}
