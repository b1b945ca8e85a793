"""The checkout quote speaks ``Money``: its lines, store groups and total carry their currency, and amounts of two
currencies can never be added into one total."""

from decimal import Decimal

import pytest

from catalog.money import Money
from checkout.errors import InvalidAmount
from checkout.services.pricing import build_quote, refuse_invalid_amounts
from tests.factories import make_product

pytestmark = pytest.mark.django_db


def quote_of(store, other_store, chans):
    kopi = make_product(store, "Kopi Robusta", price_idr=75000)
    batik = make_product(other_store, "Batik Tulis", price_idr=250000)
    lines = [(p.variants.select_related("product__store").first(), qty) for p, qty in ((kopi, 2), (batik, 1))]
    return build_quote(lines, chans["indonesia"])


def test_the_quote_amounts_are_money_in_the_channels_currency(store, other_store, chans):
    quote = quote_of(store, other_store, chans)
    kopi, batik = quote.stores
    assert kopi.lines[0].unit_price_money == Money(Decimal(75000), "IDR")
    assert kopi.lines[0].total_money == Money(Decimal(150000), "IDR")
    assert kopi.subtotal_money == kopi.total_money == Money(Decimal(150000), "IDR")
    assert kopi.shipping_money == kopi.discount_money == Money.zero("IDR")  # nothing chosen or taken off yet
    assert quote.total_money == kopi.total_money + batik.total_money == Money(Decimal(400000), "IDR")
    assert quote.discount_money == Money.zero("IDR")


def test_two_currencies_never_add_up(store, other_store, chans):
    quote = quote_of(store, other_store, chans)
    with pytest.raises(ValueError):
        quote.stores[0].total_money + Money(Decimal("80.00"), "MYR")
    quote.stores[1].currency = "MYR"  # one store's amounts in ringgit: internally consistent, but not rupiah
    assert quote.stores[1].total_money == Money(Decimal(250000), "MYR")
    with pytest.raises(ValueError):
        quote.stores_total()
    with pytest.raises(ValueError):
        refuse_invalid_amounts(quote)
    with pytest.raises(ValueError):
        quote.discount  # noqa: B018 (the property adds the groups' discounts)


def test_a_total_that_does_not_add_up_is_still_refused(store, other_store, chans):
    quote = quote_of(store, other_store, chans)
    quote.total += 1
    with pytest.raises(InvalidAmount):
        refuse_invalid_amounts(quote)
