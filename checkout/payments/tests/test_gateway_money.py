"""The amount a gateway charges or refunds is a ``Money``: each provider's units come from it in one place (Stripe's
``to_minor``, Midtrans's ``rupiah``), and a gateway refuses a currency it cannot charge before anything is sent."""

import json
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
import responses

from catalog.money import Money
from checkout.payments.gateways.manual import ManualTransferGateway
from checkout.payments.gateways.midtrans import MidtransGateway, rupiah
from checkout.payments.gateways.stripe import StripeGateway, to_minor
from checkout.payments.models import AttemptStatus
from checkout.payments.registry import gateways_for_channel
from checkout.payments.services import apply_status, refund_order

from .conftest import STRIPE, make_checkout, open_attempt


@pytest.fixture
def idr_by_card(db, chans, store, keys):
    """Rp75.000 × 2 + Rp15.000 shipping − Rp5.000 discount = Rp160.000, paid by card through Stripe."""
    from tests.factories import make_product

    kopi = make_product(store, "Kopi Robusta Dampit", price_idr=75000, stock=5)
    checkout = make_checkout(
        chans["indonesia"], [(kopi, 2)], gateway="stripe", shipping=Decimal(15000), discount=Decimal(5000)
    )
    return checkout, open_attempt(checkout, reference="cs_test_1")


@responses.activate
def test_stripe_receives_a_rupiah_money_times_100(idr_by_card):
    checkout, attempt = idr_by_card
    responses.add(
        responses.POST,
        f"{STRIPE}/v1/checkout/sessions",
        json={"id": "cs_test_1", "object": "checkout.session", "url": "https://checkout.stripe.com/c/pay/1"},
    )
    assert attempt.amount_money == checkout.total_money == Money(Decimal(160000), "IDR")
    StripeGateway().start(attempt, checkout, attempt.amount_money)
    form = parse_qs(responses.calls[0].request.body)
    assert form["line_items[0][price_data][unit_amount]"] == ["16000000"]  # Stripe counts rupiah in cents
    assert form["line_items[0][price_data][currency]"] == ["idr"]


@responses.activate
def test_stripe_refunds_a_ringgit_money_in_sen(myr_checkout):
    attempt = open_attempt(myr_checkout, reference="cs_test_1")
    apply_status(attempt, AttemptStatus.PAID)
    responses.add(
        responses.GET,
        f"{STRIPE}/v1/checkout/sessions/cs_test_1",
        json={"id": "cs_test_1", "object": "checkout.session", "payment_intent": "pi_1"},
    )
    responses.add(responses.POST, f"{STRIPE}/v1/refunds", json={"id": "re_1", "object": "refund", "status": "pending"})
    batik = myr_checkout.orders.get(total=Decimal("80.00"))
    refund = refund_order(batik, Decimal("10.55"), reason="Kemasan penyok", refund_key="rf-sen")
    assert refund.amount_money == Money(Decimal("10.55"), "MYR")
    assert parse_qs(responses.calls[1].request.body)["amount"] == ["1055"]


def test_stripe_units_come_from_a_money_and_nothing_else():
    assert to_minor(Money(Decimal("150000"), "IDR")) == 15000000
    assert to_minor(Money(Decimal("146.10"), "MYR")) == 14610
    assert to_minor(Money(Decimal("500"), "JPY")) == 500  # zero-decimal at Stripe
    with pytest.raises(TypeError):
        to_minor(Decimal("146.10"))  # a bare amount has no currency to convert from
    with pytest.raises(ValueError):
        to_minor(Money(Decimal("10.5"), "JPY"))  # finer than Stripe's unit: refused, never rounded
    with pytest.raises(ValueError):
        to_minor(Money(Decimal("10"), "ABC"))  # not a currency


def test_midtrans_gross_amount_is_integer_rupiah(idr_checkout):
    attempt = open_attempt(idr_checkout)
    order = idr_checkout.orders.get()
    assert order.total_money == attempt.amount_money == Money(Decimal(160000), "IDR")
    assert order.discount_money == Money(Decimal(5000), "IDR") and order.currency == "IDR"
    params = MidtransGateway().snap_params(attempt, idr_checkout, attempt.amount_money)
    gross = params["transaction_details"]["gross_amount"]
    assert gross == 160000 and isinstance(gross, int)
    assert '"gross_amount": 160000' in json.dumps(params)  # never "160000.00"
    assert sum(item["price"] * item["quantity"] for item in params["item_details"]) == gross
    assert all(isinstance(item["price"], int) for item in params["item_details"])
    assert rupiah(Money(Decimal("160000.00"), "IDR")) == 160000
    with pytest.raises(ValueError):
        rupiah(Money(Decimal("160000.50"), "IDR"))


@responses.activate
def test_midtrans_refuses_a_ringgit_money_before_anything_is_sent(myr_checkout):
    attempt = open_attempt(myr_checkout, gateway="midtrans")
    gateway = MidtransGateway()
    with pytest.raises(ValueError):
        gateway.start(attempt, myr_checkout, attempt.amount_money)
    refund = type("Refund", (), {"refund_key": "rf-1", "reason": "x"})()
    with pytest.raises(ValueError):
        gateway.refund(attempt, refund, Money(Decimal("25.00"), "MYR"))
    with pytest.raises(ValueError):
        rupiah(Money(Decimal("25"), "MYR"))
    assert not responses.calls


def test_a_gateway_takes_a_money_not_a_bare_amount(idr_checkout):
    attempt = open_attempt(idr_checkout, gateway="manual")
    with pytest.raises(TypeError):
        ManualTransferGateway().start(attempt, idr_checkout, attempt.amount)
    assert ManualTransferGateway().start(attempt, idr_checkout, attempt.amount_money).redirect_url


def test_a_channel_never_offers_a_gateway_that_cannot_take_its_currency(chans, keys):
    ringgit = chans["international"]
    ringgit.payment_gateways = "midtrans,stripe"
    assert [g.name for g in gateways_for_channel(ringgit)] == ["stripe"]
    assert [g.name for g in gateways_for_channel(chans["indonesia"])] == ["midtrans", "manual"]
