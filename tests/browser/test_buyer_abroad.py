"""Issue 15.7's journey, on a phone: a buyer in Malaysia switches to the International channel, reads the product
in English, pays in ringgit through the Stripe simulator, and reads the order's times in Malaysia time; opened in
London, the same order page shows London's time."""

import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from checkout.models import Order, OrderStatus
from tests.browser.conftest import TIMEOUT_MS, phone_context

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_sim(live_server, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.STRIPE_SECRET_KEY = settings.STRIPE_WEBHOOK_SECRET = settings.STRIPE_API_BASE = ""
    settings.OPOP_DEMO = True  # the Stripe simulator stands in for Stripe
    return live_server


@pytest.fixture
def honey(chans):
    from checkout.models import ShippingRate
    from tests.factories import make_product, make_store

    store = make_store("Madu Bukit Hikmah", slug="madu-bukit-hikmah")
    product = make_product(
        store, "Madu Hutan Bukit", slug="madu-hutan", price_myr="25.00", stock=10,
        title_en="Hill Forest Honey", summary_en="Raw honey from the pesantren's own hives.",
        summary="Madu mentah dari sarang lebah pesantren.",
    )
    ShippingRate.objects.create(
        store=store, channel=chans["international"], name="Pos Laju", name_en="Pos Laju Express",
        price=Decimal("30.00"), destination_country="MY", estimated_days="5-7 hari", estimated_days_en="5-7 days",
    )
    chans["international"].payment_gateways = "stripe"
    chans["international"].save()
    return product


def navigate(pg, action):
    with pg.expect_navigation():
        action()


def test_a_buyer_in_malaysia_reads_english_pays_in_ringgit_and_reads_their_own_time(live_sim, browser, honey,
                                                                                   screenshot):
    context = phone_context(browser, locale="en-MY", timezone_id="Asia/Kuala_Lumpur")
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.goto(f"{live_sim.url}/madu-bukit-hikmah/p/madu-hutan/")
    assert pg.locator("h1").inner_text() == "Madu Hutan Bukit"
    pg.locator("details.channel-menu summary").click()
    navigate(pg, lambda: pg.get_by_role("button", name=re.compile("International")).click())
    assert pg.locator("h1").inner_text() == "Hill Forest Honey"
    assert "Raw honey from the pesantren's own hives." in pg.locator("main").inner_text()
    assert "RM25.00" in pg.locator("main").inner_text()
    screenshot(pg, "abroad-1-product-in-english-phone")

    navigate(pg, lambda: pg.get_by_role("button", name="Add to cart").click())
    assert "Hill Forest Honey" in pg.locator("main").inner_text()
    navigate(pg, lambda: pg.get_by_role("link", name=re.compile("checkout", re.I)).click())
    pg.locator("#id_email").fill("aminah@example.my")
    pg.locator("#id_phone").fill("+60 12-345 6789")
    pg.locator("#id_recipient_name").fill("Aminah binti Yusof")
    pg.locator("#id_country").select_option("MY")
    pg.locator("#id_state").fill("Selangor")
    pg.locator("#id_city").fill("Shah Alam")
    pg.locator("#id_postcode").fill("40000")
    pg.locator("#id_street_address").fill("No 1, Jalan 2")
    main = pg.locator("main").inner_text()
    assert "Pos Laju Express" in main and "5-7 days" in main, main
    pg.locator(f"input[name=shipping_{honey.store_id}]").first.check()
    pg.locator("#id_accept_terms").check()
    screenshot(pg, "abroad-2-checkout-phone")
    navigate(pg, lambda: pg.get_by_role("button", name="Place order").click())
    if "/checkout/" in pg.url and "/payments/" not in pg.url:  # the confirmation page offers "Pay now"
        navigate(pg, lambda: pg.get_by_role("button", name=re.compile("Pay", re.I)).first.click())
    assert "RM55.00" in pg.locator("main").inner_text()
    pg.get_by_role("button", name=re.compile("4242")).click()
    pg.wait_for_url(re.compile(r"/payments/return/"))
    assert "Payment received" in pg.locator("h1").inner_text()

    order = Order.objects.get()
    assert order.status == OrderStatus.PAID and order.currency == "MYR"
    pg.goto(f"{live_sim.url}/orders/{order.token}/")
    text = pg.locator("main").inner_text()
    assert "Hill Forest Honey" in text
    event = order.events.order_by("created_at").first().created_at
    kl = event.astimezone(ZoneInfo("Asia/Kuala_Lumpur"))
    assert f"{kl:%H:%M} Malaysia Time" in text, text
    screenshot(pg, "abroad-3-order-page-phone")
    context.close()

    london = phone_context(browser, locale="en-GB", timezone_id="Europe/London")
    pg = london.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.goto(f"{live_sim.url}/orders/{order.token}/")
    first = pg.locator("time[data-local]").first
    assert first.get_attribute("data-zone") == "Europe/London"  # rewritten by the browser
    uk = event.astimezone(ZoneInfo("Europe/London"))
    shown = first.inner_text()  # a new visitor: the Indonesian channel, so Indonesian numbers ("pukul 02.22")
    assert re.search(rf"\b{uk:%H}[:.]{uk:%M}\b", shown) and "Greenwich Mean Time" in shown, shown
    london.close()
