"""Issue 15.7's journey, on a phone: a buyer in Malaysia switches to the International channel, reads the product
in English, pays in ringgit through the Stripe simulator, and reads the order's times in Malaysia time; opened in
London, the same order page shows London's time."""

import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

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
    expect(pg.get_by_role("heading", level=1)).to_have_text("Madu Hutan Bukit")
    pg.get_by_text("Rp · ID").filter(visible=True).click()  # the channel menu
    navigate(pg, lambda: pg.get_by_role("button", name=re.compile("International")).click())
    expect(pg.get_by_role("heading", level=1)).to_have_text("Hill Forest Honey")
    expect(pg.get_by_text("Raw honey from the pesantren's own hives.")).to_be_visible()
    expect(pg.get_by_role("main")).to_contain_text("RM25.00")
    screenshot(pg, "abroad-1-product-in-english-phone")

    navigate(pg, lambda: pg.get_by_role("button", name="Add to cart").click())
    expect(pg.get_by_role("main")).to_contain_text("Hill Forest Honey")
    navigate(pg, lambda: pg.get_by_role("link", name=re.compile("checkout", re.I)).click())
    pg.get_by_label("E-mail", exact=True).fill("aminah@example.my")
    pg.get_by_label("Mobile/WhatsApp number").fill("+60 12-345 6789")
    pg.get_by_label("Recipient's name").fill("Aminah binti Yusof")
    pg.get_by_label("Country", exact=True).select_option(label="Malaysia")
    pg.get_by_label("State/Province").fill("Selangor")
    pg.get_by_label("City", exact=True).fill("Shah Alam")
    pg.get_by_label("Postcode").fill("40000")
    pg.get_by_label("Full address").fill("No 1, Jalan 2")
    shipping = pg.get_by_role("region", name="Madu Bukit Hikmah").get_by_role("group", name="Shipping")
    expect(shipping.get_by_text("Pos Laju Express")).to_contain_text("5-7 days")
    rate = shipping.get_by_label(re.compile("Pos Laju Express"))
    if not rate.is_checked():  # choosing a rate re-renders the form with the total; an only rate comes chosen
        navigate(pg, rate.check)
    expect(rate).to_be_checked()
    pg.get_by_label("I agree to the").check()
    screenshot(pg, "abroad-2-checkout-phone")
    navigate(pg, lambda: pg.get_by_role("button", name="Place order").click())
    if "/checkout/" in pg.url and "/payments/" not in pg.url:  # the confirmation page offers "Pay now"
        navigate(pg, lambda: pg.get_by_role("button", name=re.compile("Pay", re.I)).first.click())
    expect(pg.get_by_role("main")).to_contain_text("RM55.00")
    pg.get_by_role("button", name=re.compile("4242")).click()
    pg.wait_for_url(re.compile(r"/payments/return/"))
    expect(pg.get_by_role("heading", level=1)).to_contain_text("Payment received")

    order = Order.objects.get()
    assert order.status == OrderStatus.PAID and order.currency == "MYR"
    pg.goto(f"{live_sim.url}/orders/{order.token}/")
    main = pg.get_by_role("main")
    expect(main).to_contain_text("Hill Forest Honey")
    event = order.events.order_by("created_at").first().created_at
    kl = event.astimezone(ZoneInfo("Asia/Kuala_Lumpur"))
    expect(main).to_contain_text(f"{kl:%H:%M} Malaysia Time")
    screenshot(pg, "abroad-3-order-page-phone")
    context.close()

    london = phone_context(browser, locale="en-GB", timezone_id="Europe/London")
    pg = london.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.goto(f"{live_sim.url}/orders/{order.token}/")
    first = pg.get_by_text("Greenwich Mean Time").first  # the browser rewrites the times into its own zone
    expect(first).to_have_attribute("data-zone", "Europe/London")
    uk = event.astimezone(ZoneInfo("Europe/London"))
    shown = first.inner_text()  # a new visitor: the Indonesian channel, so Indonesian numbers ("pukul 02.22")
    assert re.search(rf"\b{uk:%H}[:.]{uk:%M}\b", shown) and "Greenwich Mean Time" in shown, shown
    london.close()
