"""No money amount a seller sets goes below zero, and no placement takes less than the goods (issue 10, finding 2).

Attack: the editor of one store saved a shipping rate of -400,000; a two-store cart then paid the other store less
than its goods. Now the form refuses it (field validators: Wagtail's snippet forms show the message), the database
refuses it (check constraints, for writes that skip the form), pricing never offers such a row, and placement
refuses any quote whose amounts are below zero or do not add up, whatever a pricing strategy returns.
"""

from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from catalog.models import VariantPrice
from catalog.money import NotNegative
from checkout.errors import InvalidAmount, ShippingError
from checkout.models import Checkout, Order, ShippingRate, Voucher
from checkout.models.voucher import PERCENT_TOO_HIGH
from checkout.services import pricing
from checkout.services.placement import quote_cart
from checkout.services.pricing import ShippingOption, StoreRules, build_quote
from checkout.tests.utils import cart_with, details, flat_rate, place
from tests.factories import make_editor, make_product
from tests.i18n import shown

from .test_checkout import ADDRESS

pytestmark = pytest.mark.django_db

RATE_ADD = "wagtailsnippets_checkout_shippingrate:add"
RATE_EDIT = "wagtailsnippets_checkout_shippingrate:edit"
VOUCHER_ADD = "wagtailsnippets_checkout_voucher:add"
NEGATIVE = shown(NotNegative.message)


def rate_form(chans, **overrides):
    data = {
        "name": "JNE REG",
        "channel": chans["indonesia"].pk,
        "destination_country": "ID",
        "destination_province_code": "",
        "destination_regency_code": "",
        "max_weight_grams": "",
        "price": "15000",
        "free_above": "",
        "estimated_days": "2-3",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def voucher_form(chans, **overrides):
    data = {
        "code": "HEMAT",
        "channel": chans["indonesia"].pk,
        "kind": "fixed",
        "value": "5000",
        "min_spend": "0",
        "usage_limit": "",
        "starts_at": "",
        "ends_at": "",
        "is_active": "on",
    }
    data.update(overrides)
    return data


@contextmanager
def check_constraints_off(table: str, *names: str):
    """Write rows the constraints refuse, as a database without them (or a raw import) would hold them."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        else:
            for name in names:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    try:
        yield
    finally:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")


# --- The form --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["price", "free_above"])
def test_editor_posting_a_negative_rate_gets_the_form_error_and_nothing_is_saved(client, store, chans, field):
    client.force_login(make_editor(store))
    response = client.post(reverse(RATE_ADD), rate_form(chans, **{field: "-400000"}))
    assert response.status_code == 200
    assert NEGATIVE in response.content.decode()
    assert not ShippingRate.objects.exists()


def test_editor_editing_a_rate_to_negative_gets_the_form_error_and_the_rate_is_unchanged(
    client, store, chans
):
    rate = flat_rate(store, chans["indonesia"])
    client.force_login(make_editor(store))
    response = client.post(reverse(RATE_EDIT, args=[rate.pk]), rate_form(chans, price="-400000"))
    assert response.status_code == 200
    assert NEGATIVE in response.content.decode()
    rate.refresh_from_db()
    assert rate.price == Decimal("15000")


def test_a_rate_in_fractional_rupiah_is_refused_in_the_form(client, store, chans):
    client.force_login(make_editor(store))
    response = client.post(reverse(RATE_ADD), rate_form(chans, price="15000.50"))
    assert response.status_code == 200
    assert not ShippingRate.objects.exists()


def test_an_honest_rate_is_saved(client, store, chans):
    client.force_login(make_editor(store))
    response = client.post(reverse(RATE_ADD), rate_form(chans, free_above="0"))
    assert response.status_code == 302
    assert ShippingRate.objects.get(store=store).price == Decimal("15000")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"value": "-5000"}, "value"),
        ({"min_spend": "-1"}, "min_spend"),
        ({"kind": "percent", "value": "-10"}, "value"),
    ],
)
def test_editor_posting_a_negative_voucher_amount_gets_the_form_error(client, store, chans, overrides, field):
    client.force_login(make_editor(store))
    response = client.post(reverse(VOUCHER_ADD), voucher_form(chans, **overrides))
    assert response.status_code == 200
    assert NEGATIVE in response.content.decode()
    assert not Voucher.objects.exists()


def test_a_percent_voucher_above_100_is_refused_in_the_form(client, store, chans):
    client.force_login(make_editor(store))
    response = client.post(reverse(VOUCHER_ADD), voucher_form(chans, kind="percent", value="150"))
    assert response.status_code == 200
    assert shown(PERCENT_TOO_HIGH) in response.content.decode()
    assert not Voucher.objects.exists()


def test_a_fixed_voucher_above_100_and_a_percent_of_100_are_fine(client, store, chans):
    client.force_login(make_editor(store))
    assert client.post(reverse(VOUCHER_ADD), voucher_form(chans, value="150000")).status_code == 302
    assert (
        client.post(
            reverse(VOUCHER_ADD), voucher_form(chans, code="GRATIS", kind="percent", value="100")
        ).status_code
        == 302
    )


# --- The database ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [{"price": Decimal("-400000")}, {"free_above": Decimal("-1")}],
)
def test_database_refuses_a_negative_rate_saved_past_the_form(store, chans, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        ShippingRate.objects.create(
            store=store, channel=chans["indonesia"], name="JNE", **{"price": 0, **fields}
        )


def test_database_refuses_a_rate_turned_negative_by_a_raw_update(store, chans):
    rate = flat_rate(store, chans["indonesia"])
    with pytest.raises(IntegrityError), transaction.atomic():
        ShippingRate.objects.filter(pk=rate.pk).update(price=Decimal("-400000"))


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "fixed", "value": Decimal("-5000")},
        {"kind": "fixed", "value": Decimal("5000"), "min_spend": Decimal("-1")},
        {"kind": "percent", "value": Decimal("101")},
    ],
)
def test_database_refuses_a_negative_voucher_or_a_percent_above_100(store, chans, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Voucher.objects.create(store=store, channel=chans["indonesia"], code="X", **fields)


def test_database_refuses_negative_prices_and_compare_at_prices(store, chans):
    product = make_product(store, "Kopi")
    price = VariantPrice.objects.get(variant__product=product, channel=chans["indonesia"])
    for fields in ({"amount": Decimal("-1")}, {"compare_at_amount": Decimal("-1")}):
        with pytest.raises(IntegrityError), transaction.atomic():
            VariantPrice.objects.filter(pk=price.pk).update(**fields)


# --- Pricing and placement -------------------------------------------------------------------------------------


def two_store_cart(store, other_store, chans):
    kopi = make_product(store, "Kopi", price_idr=100000)
    batik = make_product(other_store, "Batik", price_idr=1792500)
    return cart_with(chans["indonesia"], (kopi, 1), (batik, 1))


def test_a_negative_rate_in_the_database_is_never_offered_and_the_total_covers_the_goods(
    store, other_store, chans
):
    channel = chans["indonesia"]
    cart = two_store_cart(store, other_store, chans)
    with check_constraints_off(ShippingRate._meta.db_table, "shipping_rate_price_not_negative"):
        tampered = flat_rate(store, channel, price=Decimal("-400000"), name="Murah")
    honest = flat_rate(other_store, channel)
    mine = flat_rate(store, channel, name="JNE REG")
    quote = quote_cart(cart, channel, details())
    offered = {o.key for g in quote.stores for o in g.shipping_options}
    assert str(tampered.pk) not in offered and str(mine.pk) in offered
    checkout = place(cart, channel, shipping={store.pk: str(mine.pk), other_store.pk: str(honest.pk)})
    orders = {o.store_id: o for o in Order.objects.filter(checkout=checkout)}
    assert orders[other_store.pk].total == Decimal("1792500") + Decimal("15000")
    assert checkout.total >= Decimal("100000") + Decimal("1792500")
    with pytest.raises(ShippingError):  # not an option: a buyer posting its key cannot choose it
        place(
            cart_with(channel, (make_product(store, "Teh", price_idr=5000), 1)),
            channel,
            shipping={store.pk: str(tampered.pk)},
        )


class NegativeShipping(StoreRules):
    """A broken strategy (a project's own, or a row past every check): pricing returns what it returns."""

    class Shipping:
        def options(self, store, channel, address, weight, subtotal):
            return [ShippingOption("tampered", "Kilat", Decimal("-400000"), False)]

    shipping = Shipping()


def test_placement_refuses_a_negative_shipping_amount_whatever_the_strategy_returns(
    store, other_store, chans, settings
):
    settings.OPOP_STORE_RULES = f"{__name__}.NegativeShipping"
    channel = chans["indonesia"]
    cart = two_store_cart(store, other_store, chans)
    with pytest.raises(InvalidAmount) as refused:
        place(cart, channel, shipping={store.pk: "tampered", other_store.pk: "tampered"})
    assert refused.value.changes == [refused.value.message]
    assert not Checkout.objects.exists() and not Order.objects.exists()


def test_placement_refuses_a_negative_line_amount(store, chans, monkeypatch):
    channel = chans["indonesia"]
    cart = cart_with(channel, (make_product(store, "Kopi", price_idr=100000), 1))
    monkeypatch.setattr(
        pricing, "unit_prices", lambda variants, channel: {v.pk: Decimal("-1") for v in variants}
    )
    with pytest.raises(InvalidAmount):
        place(cart, channel)
    assert not Order.objects.exists()


def test_quote_with_an_amount_that_does_not_add_up_is_refused(store, chans):
    channel = chans["indonesia"]
    product = make_product(store, "Kopi", price_idr=100000)
    rate = flat_rate(store, channel)
    variant = product.variants.select_related("product__store").first()
    quote = build_quote([(variant, 2)], channel, shipping_choices={store.pk: str(rate.pk)})
    pricing.refuse_invalid_amounts(quote)  # an honest quote passes
    quote.stores[0].total -= 1
    with pytest.raises(InvalidAmount):
        pricing.refuse_invalid_amounts(quote)


def test_the_checkout_page_tells_the_buyer_and_places_nothing(client, store, chans, settings):
    settings.OPOP_STORE_RULES = f"{__name__}.NegativeShipping"
    product = make_product(store, "Kopi", price_idr=100000)
    client.post("/cart/add/", {"variant": product.variants.first().pk, "quantity": 1})
    data = {**ADDRESS, f"shipping_{store.pk}": "tampered", "action": "refresh"}
    form = client.post("/checkout/", data).context["form"]
    data.update(
        action="place", idempotency_key=form["idempotency_key"].value(), snapshot=form["snapshot"].value()
    )
    response = client.post("/checkout/", data)
    assert response.status_code == 400  # the page again, with the reason; never a 500
    assert shown(pricing.STORE_AMOUNT_INVALID, store=store.name) in response.content.decode()
    assert not Checkout.objects.exists() and not Order.objects.exists()
