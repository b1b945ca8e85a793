"""Test helpers: a cart filled through the real cart service and an order placed through the real placement."""

from __future__ import annotations

import uuid
from decimal import Decimal

from catalog.models import Stock
from checkout.models import Cart, ShippingRate
from checkout.services.cart import add_to_cart
from checkout.services.placement import CheckoutDetails, place_order, quote_cart


def details(**overrides) -> CheckoutDetails:
    data = dict(
        email="pembeli@example.id",
        phone="+6281234567890",
        recipient_name="Siti Aminah",
        street_address="Jl. Pesantren No. 1",
        country="ID",
        province_code="35",
        regency_code="35.07",
        district_code="35.07.01",
        village_code="35.07.01.2001",
        region_label="Tulungrejo, Donomulyo, Kabupaten Malang, Jawa Timur",
        postcode="65167",
        gateway="manual",
        payment_method="bank_transfer",
    )
    data.update(overrides)
    return CheckoutDetails(**data)


def flat_rate(store, channel, price=Decimal("15000"), **kw) -> ShippingRate:
    return ShippingRate.objects.create(store=store, channel=channel, name=kw.pop("name", "JNE REG"), price=price, **kw)


def cart_with(channel, *items, user=None) -> Cart:
    """items: (product, quantity) pairs."""
    cart = Cart.objects.create(channel=channel, user=user)
    for product, qty in items:
        add_to_cart(cart, product.variants.first().pk, qty)
    return cart


def place(cart, channel, *, voucher_code="", key=None, shipping=None, user=None, **detail_overrides):
    """Place the cart's order the way the checkout form does: quote, snapshot, submit."""
    d = details(**detail_overrides)
    quote = quote_cart(cart, channel, d, voucher_code=voucher_code)
    if shipping is None:
        shipping = {}
        for group in quote.stores:
            if not group.shipping_options:
                rate = flat_rate(group.store, channel)
                shipping[group.store.pk] = str(rate.pk)
            else:
                shipping[group.store.pk] = group.shipping_options[0].key
    quote = quote_cart(cart, channel, d, shipping_choices=shipping, voucher_code=voucher_code)
    return place_order(
        cart=cart, channel=channel, details=d, shipping_choices=shipping, voucher_code=voucher_code,
        idempotency_key=key or uuid.uuid4().hex, snapshot=quote.signed_snapshot(), user=user,
    ).checkout


def stock_of(product) -> Stock:
    v = product.variants.first()
    return Stock.objects.get(store=product.store, sku=v.sku)
