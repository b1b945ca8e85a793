"""Issue 15's journey for totals, on a phone: a guest in Indonesia buys from two pesantren, one of them PKP (it
charges PPN), and on the cart, the checkout, the bank-transfer page and both order pages reads every amount that
makes up each store's total; the parts add up to the total everywhere, and the transfer asks for the sum."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from checkout.models import Checkout, ShippingRate
from tests.factories import make_product, make_store

pytestmark = pytest.mark.django_db(transaction=True)

RUPIAH = re.compile(r"Rp\s?([\d.]+)")


def rupiah(text: str) -> int:
    if text in ("Gratis", "Free"):
        return 0
    return int(RUPIAH.search(text).group(1).replace(".", ""))


def parts(scope) -> dict[str, int]:
    """The breakdown a buyer reads in ``scope``: each visible label (term) with the amount beside it
    (definition), as {label without its detail: amount}; a discount counts negative."""
    expect(scope.get_by_role("term").first).to_be_visible()
    rows = zip(scope.get_by_role("term").all_inner_texts(), scope.get_by_role("definition").all_inner_texts(),
               strict=True)
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


def choose_rate(pg, radio):
    """Choose a shipping rate; choosing one re-renders the form (a store's only rate comes chosen already)."""
    if not radio.is_checked():
        navigate(pg, radio.check)
    expect(radio).to_be_checked()


def store(pg, name):
    """A store's part of the page: the section headed by its name."""
    return pg.get_by_role("region", name=name)


def fill_address(pg):
    pg.get_by_label("E-mail", exact=True).fill("siti@example.id")
    pg.get_by_label("Nomor HP/WhatsApp").fill("0812 3456 7890")
    pg.get_by_label("Nama penerima").fill("Siti Aminah")
    regions = [("Provinsi", "Jawa Timur"), ("Kabupaten/Kota", "Kabupaten Malang"), ("Kecamatan", "Donomulyo"),
               ("Kelurahan/Desa", "Tulungrejo")]
    for label, name in regions:
        navigate(pg, lambda label=label, name=name: pg.get_by_label(label, exact=True).select_option(label=name))
    pg.get_by_label("Alamat lengkap").fill("Jl. Pondok Pesantren No. 1, RT 02/RW 03")


def test_a_guest_buys_from_two_stores_and_reads_every_part_of_each_total(live_server, phone_page, two_stores,
                                                                        screenshot):
    pkp, plain, coffee, honey = two_stores
    pg = phone_page
    for product in (coffee, honey):
        pg.goto(f"{live_server.url}/{product.store.slug}/p/{product.slug}/")
        navigate(pg, lambda: pg.get_by_role("button", name="Tambah ke keranjang").click())

    cart = [parts(store(pg, s.name)) for s in (pkp, plain)]
    assert all(adds_up(found) for found in cart), cart
    assert cart[0]["Subtotal"] == 107500 and cart[1]["Subtotal"] == 75000, cart
    assert any(k.startswith("PPN") for k in cart[0]), cart  # the PKP store's PPN has its own line
    assert not any(k.startswith("PPN") for k in cart[1]), cart
    screenshot(pg, "totals-1-cart-phone")

    navigate(pg, lambda: pg.get_by_role("link", name="Lanjut ke checkout").click())
    fill_address(pg)
    for s, rate in ((pkp, "JNE REG"), (plain, "J&T EZ")):
        choose_rate(pg, store(pg, s.name).get_by_label(rate))
    pg.get_by_label("Transfer bank").check()
    pg.get_by_label("Saya menyetujui").check()
    checkout = [parts(store(pg, s.name)) for s in (pkp, plain)]
    assert all(adds_up(found) for found in checkout), checkout
    assert any(k.startswith("PPN") for k in checkout[0]) and not any(k.startswith("PPN") for k in checkout[1])
    assert checkout[0]["Ongkos kirim"] == 15000 and checkout[1]["Ongkos kirim"] == 18000, checkout
    to_pay = rupiah(pg.get_by_text("Total bayar").inner_text())
    assert to_pay == sum(found["Total untuk toko ini"] for found in checkout), (to_pay, checkout)
    screenshot(pg, "totals-2-checkout-phone")

    navigate(pg, lambda: pg.get_by_role("button", name="Buat pesanan").click())
    assert "/payments/manual/" in pg.url, pg.url
    orders = [parts(pg.get_by_role("listitem").filter(has_text=s.name)) for s in (pkp, plain)]
    assert all(adds_up(found) for found in orders), orders
    assert orders[0].get("PPN", 0) > 0 and "PPN" not in orders[1], orders
    asked = rupiah(pg.get_by_text("Transfer tepat").inner_text())
    assert asked == sum(found["Total"] for found in orders) == to_pay
    screenshot(pg, "totals-3-transfer-phone")

    placed = Checkout.objects.get(email="siti@example.id")
    for order in placed.orders.order_by("store__name"):
        pg.goto(f"{live_server.url}/orders/{order.token}/")
        found = parts(pg.get_by_role("main"))
        assert adds_up(found), found
        assert found["Total"] == int(order.total)
        assert found["Subtotal"] == int(order.subtotal) and found["Ongkos kirim"] == int(order.shipping_cost)
        assert found.get("PPN", 0) == int(order.tax)
    assert placed.orders.get(store=pkp).tax > 0 and placed.orders.get(store=plain).tax == 0
    screenshot(pg, "totals-4-order-phone")
