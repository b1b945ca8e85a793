"""Checkout page: address hierarchy, shipping per store, vouchers, PPN, consent, idempotent placement,
and refusing bad or tampered input without changing anything."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone, translation

from catalog.models import Stock, VariantPrice
from checkout import regions
from checkout.forms import CheckoutForm, country_name
from checkout.models import Checkout, Order, Reservation, ShippingRate, Voucher
from checkout.services.orders import mark_checkout_paid
from tests.factories import CHECKOUT_ADDRESS as ADDRESS
from tests.factories import make_product

from .utils import flat_rate

pytestmark = pytest.mark.django_db



@pytest.fixture
def idr(chans):
    return chans["indonesia"]


@pytest.fixture
def coffee(store, idr):
    flat_rate(store, idr, Decimal("15000"), name="JNE REG")
    flat_rate(store, idr, Decimal("0"), name="Ambil di pondok", is_pickup=True)
    return make_product(store, "Kopi Arabika", stock=5, price_idr=50000)


@pytest.fixture
def batik(other_store, idr):
    other_store.is_pkp = True
    other_store.save()
    flat_rate(other_store, idr, Decimal("20000"), name="J&T", destination_province_code="35")
    flat_rate(other_store, idr, Decimal("9000"), name="J&T", destination_regency_code="35.07")
    return make_product(other_store, "Batik Tulis", stock=2, price_idr=300000)


def add(client, product, qty=1):
    client.post("/cart/add/", {"variant": product.variants.first().pk, "quantity": qty})


def form_state(client, data=None):
    """Render the checkout page (refresh) and return the hidden fields and shipping options it shows."""
    response = client.post("/checkout/", {**(data or ADDRESS), "action": "refresh"}) if data is not False else client.get("/checkout/")
    form = response.context["form"]
    quote = response.context["quote"]
    return response, form["idempotency_key"].value(), form["snapshot"].value(), quote


def place(client, extra=None, shipping=None):
    data = {**ADDRESS, **(extra or {})}
    response, key, snapshot, quote = form_state(client, data)
    for group in quote.stores:
        key_name = f"shipping_{group.store.pk}"
        if key_name not in data:
            data[key_name] = (shipping or {}).get(group.store.pk) or group.shipping_options[-1].key
    # Re-render with the shipping choice so the snapshot covers exactly what the buyer confirms.
    response, key, snapshot, quote = form_state(client, data)
    data.update(action="place", idempotency_key=key, snapshot=snapshot)
    return client.post("/checkout/", data), data, quote


def test_checkout_page_offers_region_levels_step_by_step(client, coffee):
    add(client, coffee)
    page = client.get("/checkout/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Jawa Timur" in html and "Kabupaten Malang" not in html
    response, *_ = form_state(client, {**ADDRESS, "regency": "", "district": "", "village": ""})
    html = response.content.decode()
    assert "Kabupaten Malang" in html and "Donomulyo" not in html
    response, *_ = form_state(client, {**ADDRESS, "district": "", "village": ""})
    assert "Donomulyo" in response.content.decode()


def _select(html: str, name: str) -> tuple[bool, list[str]]:
    """(disabled, option values) of the <select name=...> in ``html``."""
    match = re.search(rf'<select name="{name}"([^>]*)>(.*?)</select>', html, re.S)
    assert match, name
    return "disabled" in match.group(1), re.findall(r'<option value="([^"]*)"', match.group(2))


def test_lower_region_levels_are_empty_and_disabled_until_the_level_above_is_chosen(client, coffee):
    add(client, coffee)
    html = client.get("/checkout/").content.decode()
    disabled, provinces = _select(html, "province")
    assert not disabled and len(provinces) == 39  # the blank prompt and the 38 provinces
    for level in ("regency", "district", "village"):
        assert _select(html, level) == (True, [""]), level  # not the 38 provinces
    # Without JavaScript: the buyer picks the province and presses the update button; the page comes back with
    # the regencies of that province and the levels below still waiting.
    response, *_ = form_state(client, {**ADDRESS, "regency": "", "district": "", "village": ""})
    html = response.content.decode()
    disabled, regencies = _select(html, "regency")
    assert not disabled and "35.07" in regencies and all(c.startswith("35.") for c in regencies[1:])
    assert _select(html, "district") == (True, [""]) and _select(html, "village") == (True, [""])
    response, *_ = form_state(client, {**ADDRESS, "village": ""})
    html = response.content.decode()
    assert _select(html, "village")[0] is False and "35.07.01.2001" in _select(html, "village")[1]


def test_a_made_up_region_code_offers_no_children(client, coffee):
    add(client, coffee)
    response, *_ = form_state(
        client, {**ADDRESS, "province": "x", "regency": "", "district": "", "village": ""}
    )
    assert _select(response.content.decode(), "regency") == (True, [""])
    assert regions.children("x") == () and regions.children("-") == () and len(regions.children(None)) == 38


def test_shipping_uses_most_specific_rate_and_ppn_for_pkp_store(client, coffee, batik):
    add(client, coffee, 2)
    add(client, batik, 1)
    _r, _k, _s, quote = form_state(client)
    groups = {g.store.slug: g for g in quote.stores}
    jt = groups["batik-al-hikam"].shipping_options
    assert [(o.name, o.cost) for o in jt] == [("J&T", Decimal("9000"))]  # regency rate beats province rate
    assert groups["batik-al-hikam"].tax == Decimal("33000")  # 11% of 300.000, whole rupiah
    assert groups["kopi-an-nur"].tax == 0
    assert {o.is_pickup for o in groups["kopi-an-nur"].shipping_options} == {True, False}


def test_guest_buys_from_two_stores_in_one_checkout(client, coffee, batik, django_capture_on_commit_callbacks):
    add(client, coffee, 2)
    add(client, batik, 1)
    with django_capture_on_commit_callbacks(execute=True):
        response, data, quote = place(client, shipping=None)
    assert response.status_code == 302, response.content.decode()[:2000]
    checkout = Checkout.objects.get()
    assert checkout.phone == "+6281234567890"
    assert checkout.postcode == "65167"  # from the village
    assert "Donomulyo" in checkout.region_label
    assert checkout.terms_version and checkout.consented_at
    orders = {o.store.slug: o for o in checkout.orders.all()}
    assert set(orders) == {"kopi-an-nur", "batik-al-hikam"}
    batik_order = orders["batik-al-hikam"]
    assert (batik_order.subtotal, batik_order.shipping_cost, batik_order.tax, batik_order.total) == (
        Decimal("300000"), Decimal("9000"), Decimal("33000"), Decimal("342000")
    )
    assert checkout.total == sum(o.total for o in orders.values()) == quote.total
    assert Reservation.objects.filter(status="active").count() == 2
    assert len([m for m in mail.outbox if "diterima" in m.subject]) == 2
    assert not client.get("/cart/").context["quote"]  # cart emptied


def test_double_submit_returns_the_same_checkout(client, coffee):
    add(client, coffee, 1)
    first, data, _q = place(client)
    assert first.status_code == 302
    second = client.post("/checkout/", data)
    assert Checkout.objects.count() == 1 and Order.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]  # same payment page


def test_price_change_since_page_was_shown_is_explained_before_anything_is_placed(client, coffee):
    add(client, coffee, 1)
    response, key, snapshot, quote = form_state(client)
    data = {**ADDRESS, f"shipping_{coffee.store.pk}": quote.stores[0].shipping_options[-1].key}
    response, key, snapshot, quote = form_state(client, data)
    VariantPrice.objects.filter(variant=coffee.variants.first(), channel__slug="indonesia").update(amount=55000)
    response = client.post("/checkout/", {**data, "action": "place", "idempotency_key": key, "snapshot": snapshot})
    assert response.status_code == 400
    assert "Rp50.000" in response.content.decode() and "Rp55.000" in response.content.decode()
    assert not Checkout.objects.exists()


def test_tampered_snapshot_is_refused(client, coffee):
    add(client, coffee, 1)
    response, key, snapshot, quote = form_state(client)
    data = {**ADDRESS, f"shipping_{coffee.store.pk}": quote.stores[0].shipping_options[-1].key,
            "action": "place", "idempotency_key": "k-tampered", "snapshot": snapshot[:-3] + "abc"}
    response = client.post("/checkout/", data)
    assert response.status_code == 400
    assert "tidak valid" in response.content.decode()
    assert not Checkout.objects.exists()


def test_tampered_shipping_choice_is_refused(client, coffee, batik):
    add(client, coffee, 1)
    other_rate = ShippingRate.objects.filter(store=batik.store).first()
    response, data, _q = place(client, extra={f"shipping_{coffee.store.pk}": str(other_rate.pk)})
    assert response.status_code == 400
    assert not Checkout.objects.exists()


def test_address_missing_district_is_refused(client, coffee):
    add(client, coffee, 1)
    response, data, _q = place(client, extra={"district": "", "village": ""})
    assert response.status_code == 400
    assert "Pilih kecamatan." in response.content.decode()
    assert not Checkout.objects.exists()


def test_consent_is_required(client, coffee):
    add(client, coffee, 1)
    response, data, _q = place(client, extra={"accept_terms": ""})
    assert response.status_code == 400 and not Checkout.objects.exists()


def test_invalid_phone_is_refused(client, coffee):
    add(client, coffee, 1)
    response, data, _q = place(client, extra={"phone": "12"})
    assert response.status_code == 400 and "telepon" in response.content.decode()
    assert not Checkout.objects.exists()


@pytest.fixture
def voucher_factory(idr):
    def make(code="HEMAT10", **kw):
        kw.setdefault("kind", Voucher.Kind.PERCENT)
        kw.setdefault("value", Decimal("10"))
        return Voucher.objects.create(code=code, channel=idr, **kw)

    return make


def test_store_voucher_discounts_only_that_store(client, coffee, batik, voucher_factory):
    voucher_factory("KOPI10", store=coffee.store)
    add(client, coffee, 2)
    add(client, batik, 1)
    response, _d, quote = place(client, extra={"voucher_code": "kopi10"})
    assert response.status_code == 302
    orders = {o.store.slug: o for o in Order.objects.all()}
    assert orders["kopi-an-nur"].discount == Decimal("10000")
    assert orders["batik-al-hikam"].discount == 0
    assert Voucher.objects.get().used_count == 1


def test_marketplace_fixed_voucher_is_shared_across_stores(client, coffee, batik, voucher_factory):
    voucher_factory("OPOP25", kind=Voucher.Kind.FIXED, value=Decimal("25000"))
    add(client, coffee, 1)
    add(client, batik, 1)
    response, _d, _q = place(client, extra={"voucher_code": "OPOP25"})
    assert response.status_code == 302
    assert sum(o.discount for o in Order.objects.all()) == Decimal("25000")


@pytest.mark.parametrize(
    "voucher_kwargs, message",
    [
        ({"ends_at": timezone.now() - timedelta(days=1)}, "kedaluwarsa"),
        ({"usage_limit": 1, "used_count": 1}, "habis"),
        ({"min_spend": Decimal("500000")}, "minimal"),
        ({"store": "other"}, "hanya berlaku"),
        ({"is_active": False}, "tidak dikenal"),
    ],
)
def test_voucher_that_does_not_apply_is_refused_and_nothing_changes(
    client, coffee, other_store, voucher_factory, voucher_kwargs, message
):
    if voucher_kwargs.get("store") == "other":
        voucher_kwargs = {"store": other_store}
    voucher_factory("SALAH", **voucher_kwargs)
    add(client, coffee, 1)
    response, data, _q = place(client, extra={"voucher_code": "SALAH"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Checkout.objects.exists()


def test_sold_out_between_cart_and_checkout_says_so(client, coffee):
    add(client, coffee, 2)
    response, key, snapshot, quote = form_state(client)
    data = {**ADDRESS, f"shipping_{coffee.store.pk}": quote.stores[0].shipping_options[-1].key}
    response, key, snapshot, quote = form_state(client, data)
    Stock.objects.filter(sku=coffee.variants.first().sku).update(quantity=0)
    response = client.post("/checkout/", {**data, "action": "place", "idempotency_key": key, "snapshot": snapshot})
    assert response.status_code == 400 and "habis" in response.content.decode()
    assert not Checkout.objects.exists()


def test_order_page_by_token_and_account_page(client, coffee, django_user_model):
    add(client, coffee, 1)
    place(client)
    order = Order.objects.get()
    page = client.get(f"/orders/{order.token}/")
    assert page.status_code == 200 and order.number in page.content.decode()
    assert client.get("/orders/not-a-real-token-but-long-enough/").status_code == 404
    mark_checkout_paid(order.checkout)
    assert "Dibayar" in client.get(f"/orders/{order.token}/").content.decode()
    assert client.get("/account/orders/").status_code == 302  # login required


def test_logged_in_buyer_sees_orders_in_account(client, coffee):
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    add(client, coffee, 1)
    place(client)
    order = Order.objects.get()
    assert order.checkout.user == user
    page = client.get("/account/orders/")
    assert order.number in page.content.decode()


def test_malaysia_channel_takes_an_international_address(client, store, chans):
    chans["international"].payment_gateways = "manual"  # Stripe has no keys in tests
    chans["international"].save()
    flat_rate(store, chans["international"], Decimal("30.00"), name="Pos Laju", destination_country="MY")
    coffee = make_product(store, "Kopi Ekspor", stock=5, price_myr="20.00")
    session = client.session
    session["opop_channel"] = "international"
    session.save()
    add(client, coffee, 1)
    data = {"email": "aminah@example.my", "phone": "+60 12-345 6789", "recipient_name": "Aminah",
            "country": "MY", "state": "Selangor", "city": "Shah Alam", "postcode": "40000",
            "street_address": "No 1, Jalan 2", "gateway": "manual", "accept_terms": "on"}
    response, _d, _q = place(client, extra={k: "" for k in ("province", "regency", "district", "village")} | data)
    assert response.status_code == 302, response.content.decode()[:3000]
    checkout = Checkout.objects.get()
    assert checkout.currency == "MYR" and checkout.country == "MY" and checkout.phone == "+60123456789"
    assert checkout.total == Decimal("50.00")


def test_international_checkout_names_the_countries_in_the_buyers_language(client, store, chans):
    intl = chans["international"]
    intl.payment_gateways = "manual"
    intl.save()
    coffee = make_product(store, "Kopi Ekspor", stock=5, price_myr="20.00")
    session = client.session
    session["opop_channel"] = "international"
    session.save()
    add(client, coffee, 1)
    html = client.get("/checkout/").content.decode()
    assert '<option value="MY"' in html and ">Malaysia</option>" in html
    assert ">MY</option>" not in html
    with translation.override("en"):
        english = dict(CheckoutForm(channel=intl, gateways=[]).fields["country"].choices)
        assert english["SG"] == "Singapore" and english["BN"] == "Brunei"
    with translation.override("id"):
        indonesian = dict(CheckoutForm(channel=intl, gateways=[]).fields["country"].choices)
        assert indonesian["SG"] == "Singapura" and indonesian["BN"] == "Brunei Darussalam"
    assert country_name("NL", "id") == "Belanda" and country_name("NL", "en") == "Netherlands"
    assert country_name("ZZZ", "en") == "ZZZ"  # unknown code: shown as is


def test_buyer_picks_shipping_on_the_page_and_places_in_one_go(client, coffee, batik):
    add(client, coffee, 1)
    add(client, batik, 1)
    response, key, snapshot, quote = form_state(client)  # shown with options, none chosen yet
    data = {**ADDRESS, "action": "place", "idempotency_key": key, "snapshot": snapshot}
    for group in quote.stores:
        data[f"shipping_{group.store.pk}"] = group.shipping_options[0].key
    response = client.post("/checkout/", data)
    assert response.status_code == 302
    assert Order.objects.count() == 2


def test_shipping_price_change_since_page_was_shown_is_explained(client, coffee):
    add(client, coffee, 1)
    response, key, snapshot, quote = form_state(client)
    jne = next(o for o in quote.stores[0].shipping_options if o.name == "JNE REG")
    ShippingRate.objects.filter(pk=jne.key).update(price=Decimal("18000"))
    data = {**ADDRESS, "action": "place", "idempotency_key": key, "snapshot": snapshot,
            f"shipping_{coffee.store.pk}": jne.key}
    response = client.post("/checkout/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ongkos kirim JNE REG" in html and "Rp18.000" in html
    assert not Checkout.objects.exists()


def test_switching_shipping_without_refreshing_shows_the_new_total_before_placing(client, coffee):
    add(client, coffee, 1)
    response, key, snapshot, quote = form_state(client)  # page shows JNE REG (first option) in the total
    pickup = next(o for o in quote.stores[0].shipping_options if o.is_pickup)
    data = {**ADDRESS, "action": "place", "idempotency_key": key, "snapshot": snapshot,
            f"shipping_{coffee.store.pk}": pickup.key}
    response = client.post("/checkout/", data)
    assert response.status_code == 400
    assert "Ambil di pondok" in response.content.decode() and "Total bayar sekarang" in response.content.decode()
    assert not Checkout.objects.exists()
    response = client.post("/checkout/", {**data, "snapshot": response.context["form"]["snapshot"].value()})
    assert response.status_code == 302  # confirmed on the updated page


def test_refreshing_the_form_shows_no_required_field_errors(client, coffee):
    add(client, coffee, 1)
    response = client.post("/checkout/", {"province": "35", "action": "refresh"})
    assert response.status_code == 200
    assert "Wajib" not in response.content.decode() and "harus diisi" not in response.content.decode()
    assert "Kabupaten Malang" in response.content.decode()


def test_reused_idempotency_key_with_another_email_does_not_reveal_that_checkout(client, coffee):
    add(client, coffee, 1)
    first, data, _q = place(client)
    assert first.status_code == 302
    response = client.post("/checkout/", {**data, "email": "penyusup@example.id"})
    assert response.status_code == 302 and response["Location"] == "/cart/"
    assert Checkout.objects.get().token not in response["Location"]
    assert Checkout.objects.count() == 1
