"""Issue 15's journey for totals, on a phone: a guest in Indonesia buys from two pesantren, one of them PKP (it
charges PPN), and on the cart, the checkout, the bank-transfer page and both order pages reads every amount that
makes up each store's total; the parts add up to the total everywhere, and the transfer asks for the sum."""

import re
from decimal import Decimal

import pytest

from checkout.models import Checkout, ShippingRate
from tests.factories import make_product, make_store

pytestmark = pytest.mark.django_db(transaction=True)

RUPIAH = re.compile(r"Rp\s?([\d.]+)")
BREAKDOWNS = """dls => dls.map(dl => Array.from(dl.querySelectorAll('dt')).map(dt => [
    dt.innerText.trim(), dt.nextElementSibling ? dt.nextElementSibling.innerText.trim() : ''
]))"""


def rupiah(text: str) -> int:
    if text in ("Gratis", "Free"):
        return 0
    return int(RUPIAH.search(text).group(1).replace(".", ""))


def parts(rows) -> dict[str, int]:
    """A breakdown as {label without its detail: amount}; a discount counts negative."""
    found = {}
    for label, value in rows:
        name = label.split(" (")[0]
        if not RUPIAH.search(value) and value not in ("Gratis", "Free"):
            continue  # "calculated at checkout"
        found[name] = -rupiah(value) if value.startswith("−") else rupiah(value)
    return found


def adds_up(found: dict[str, int]) -> bool:
    total = next(v for k, v in found.items() if k.startswith("Total"))
    return sum(v for k, v in found.items() if not k.startswith("Total")) == total


@pytest.fixture
def two_stores(chans):
    pkp = make_store("Kopi Nurul Ijen", slug="kopi-nurul-ijen", is_pkp=True)
    plain = make_store("Madu Bukit Hikmah", slug="madu-bukit-hikmah")
    coffee = make_product(pkp, "Kopi Robusta Ijen", slug="kopi-robusta", price_idr=107500, stock=5)
    honey = make_product(plain, "Madu Hutan", slug="madu-hutan", price_idr=75000, stock=5)
    ShippingRate.objects.create(store=pkp, channel=chans["indonesia"], name="JNE REG", price=Decimal(15000))
    ShippingRate.objects.create(store=plain, channel=chans["indonesia"], name="J&T EZ", price=Decimal(18000))
    return pkp, plain, coffee, honey


def navigate(pg, action):
    with pg.expect_navigation():
        action()


def test_a_guest_buys_from_two_stores_and_reads_every_part_of_each_total(live_server, phone_page, two_stores,
                                                                        screenshot):
    pkp, plain, coffee, honey = two_stores
    pg = phone_page
    for product in (coffee, honey):
        pg.goto(f"{live_server.url}/{product.store.slug}/p/{product.slug}/")
        navigate(pg, lambda: pg.get_by_role("button", name="Tambah ke keranjang").click())

    cart = [parts(rows) for rows in pg.eval_on_selector_all("dl.breakdown", BREAKDOWNS)]
    assert len(cart) == 2 and all(adds_up(found) for found in cart), cart
    assert cart[0]["Subtotal"] == 107500 and cart[1]["Subtotal"] == 75000, cart
    assert any(k.startswith("PPN") for k in cart[0]), cart  # the PKP store's PPN has its own line
    screenshot(pg, "totals-1-cart-phone")

    navigate(pg, lambda: pg.get_by_role("link", name="Lanjut ke checkout").click())
    pg.fill("#id_email", "siti@example.id")
    pg.fill("#id_phone", "0812 3456 7890")
    pg.fill("#id_recipient_name", "Siti Aminah")
    for name, value in [("province", "35"), ("regency", "35.07"), ("district", "35.07.01"), ("village", "35.07.01.2001")]:
        navigate(pg, lambda name=name, value=value: pg.select_option(f"select[name={name}]", value))
    pg.fill("#id_street_address", "Jl. Pondok Pesantren No. 1, RT 02/RW 03")
    for store in (pkp, plain):
        pg.locator(f"input[name=shipping_{store.pk}]").first.check()
    pg.locator("input[name=gateway][value=manual]").check()
    pg.locator("#id_accept_terms").check()
    checkout = [parts(rows) for rows in pg.eval_on_selector_all("dl.breakdown", BREAKDOWNS)]
    assert len(checkout) == 2 and all(adds_up(found) for found in checkout), checkout
    assert any(k.startswith("PPN") for k in checkout[0]) and not any(k.startswith("PPN") for k in checkout[1])
    assert all(any(k.startswith("Ongkos kirim") for k in found) for found in checkout), checkout
    screenshot(pg, "totals-2-checkout-phone")

    navigate(pg, lambda: pg.get_by_role("button", name="Buat pesanan").click())
    assert "/payments/manual/" in pg.url, pg.url
    orders = [parts(rows) for rows in pg.eval_on_selector_all("dl.breakdown", BREAKDOWNS)]
    assert len(orders) == 2 and all(adds_up(found) for found in orders), orders
    asked = rupiah(pg.locator("main strong").first.inner_text())
    assert asked == sum(found["Total"] for found in orders)
    screenshot(pg, "totals-3-transfer-phone")

    placed = Checkout.objects.get(email="siti@example.id")
    for order in placed.orders.order_by("store__name"):
        pg.goto(f"{live_server.url}/orders/{order.token}/")
        found = parts(pg.eval_on_selector_all("dl.breakdown", BREAKDOWNS)[0])
        assert adds_up(found), found
        assert found["Total"] == int(order.total)
        assert found["Subtotal"] == int(order.subtotal) and found["Ongkos kirim"] == int(order.shipping_cost)
        assert found.get("PPN", 0) == int(order.tax)
    assert placed.orders.get(store=pkp).tax > 0 and placed.orders.get(store=plain).tax == 0
    screenshot(pg, "totals-4-order-phone")
