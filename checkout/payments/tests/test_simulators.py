"""The offline simulators: the real client libraries talk to /_sim/ on the shop's own origin, a person picks an
outcome on the payment page, and a correctly signed notification comes back. Run in-process (no socket)."""

from decimal import Decimal

import pytest
import requests

from checkout.models import OrderStatus
from checkout.payments.models import AttemptStatus, PaymentEvent, Refund
from checkout.payments.services import refund_order, start_payment

ORIGIN = "http://127.0.0.1:8000"


@pytest.fixture
def sim(keys, loopback_to_django):
    keys.MIDTRANS_SERVER_KEY = keys.MIDTRANS_CLIENT_KEY = ""
    keys.STRIPE_SECRET_KEY = keys.STRIPE_WEBHOOK_SECRET = ""
    keys.WAGTAILADMIN_BASE_URL = ORIGIN
    keys.OPOP_PUBLIC_URL = ""
    keys.OPOP_DEMO = True
    return loopback_to_django


def test_midtrans_journey_pays_in_idr_and_refunds_part(sim, idr_checkout):
    attempt = start_payment(idr_checkout)
    assert attempt.redirect_url.startswith(f"{ORIGIN}/_sim/midtrans/snap/v4/redirection/")
    page = requests.get(attempt.redirect_url)
    assert page.status_code == 200 and "SIMULATOR" in page.text and "Rp160.000" in page.text

    back = requests.post(attempt.redirect_url, data={"outcome": "paid"}, allow_redirects=False)
    assert back.status_code == 302
    location = back.headers["Location"]
    assert f"/payments/return/{attempt.provider_id}?t=" in location and f"order_id={attempt.provider_id}" in location
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PAID
    assert set(idr_checkout.orders.values_list("status", flat=True)) == {OrderStatus.PAID}
    event = PaymentEvent.objects.get(gateway="midtrans")
    assert event.signature_valid and event.outcome == "applied"

    order = idr_checkout.orders.get()
    refund = refund_order(order, Decimal(45000), reason="Satu bungkus pecah", refund_key="rf-sim-1")
    order.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED and order.refunded_amount == 45000
    assert order.status == OrderStatus.PAID

    ret = requests.get(f"{ORIGIN}/payments/return/{attempt.provider_id}")
    assert ret.status_code == 200 and "Pembayaran diterima" in ret.text


def test_card_refund_waits_for_the_bank_then_completes_and_releases_the_order(sim, idr_checkout):
    """Midtrans answers a card refund with 201; the card sample's first notification (no ``bank_confirmed_at``)
    changes nothing; the second (the bank confirmed) completes it: the order leaves "paid" and its stock is freed."""
    from catalog.models import Stock

    attempt = start_payment(idr_checkout)
    requests.post(attempt.redirect_url, data={"outcome": "paid_card"}, allow_redirects=False)
    order = idr_checkout.orders.get()
    stock = Stock.objects.get(sku=order.lines.get().sku)
    assert order.status == OrderStatus.PAID and stock.quantity_allocated == 2

    refund = refund_order(order, order.total, reason="Pembeli membatalkan", refund_key="rf-card-1")
    order.refresh_from_db()
    assert refund.status == Refund.Status.PENDING and order.status == OrderStatus.PAID
    acknowledged = PaymentEvent.objects.filter(gateway="midtrans").order_by("-pk").first()
    assert acknowledged.outcome == "ignored"  # listed in refunds[], not yet confirmed by the bank

    requests.post(f"{ORIGIN}/_sim/midtrans/v2/{attempt.provider_id}/refund/confirm")
    refund.refresh_from_db()
    order.refresh_from_db()
    stock.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED
    assert order.status == OrderStatus.REFUNDED and order.refunded_amount == order.total
    assert stock.quantity_allocated == 0


@pytest.mark.parametrize("gateway", ["midtrans", "stripe"])
def test_buyer_who_abandons_on_the_payment_page_releases_the_items_at_once(sim, idr_checkout, gateway):
    from catalog.models import Stock
    from checkout.services.stock import available_for

    idr_checkout.gateway = gateway
    idr_checkout.save(update_fields=["gateway"])
    attempt = start_payment(idr_checkout)
    stock = Stock.objects.get(sku=idr_checkout.orders.get().lines.get().sku)
    assert available_for([stock])[stock.pk] == 3  # 5 in stock, 2 reserved

    back = requests.post(attempt.redirect_url, data={"outcome": "abandon"}, allow_redirects=False)
    page = requests.get(back.headers["Location"])
    assert page.status_code == 200 and "Pembayaran dibatalkan" in page.text  # Indonesian, the first language
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.CANCELLED
    assert set(idr_checkout.orders.values_list("status", flat=True)) == {OrderStatus.CANCELLED}
    assert available_for([stock])[stock.pk] == 5
    # Back on the old payment page: Stripe's session is expired (nothing charged); a Snap page cannot be closed
    # through the API before a method was picked, so a payment there is refunded automatically.
    requests.post(attempt.redirect_url, data={"outcome": "paid"}, allow_redirects=False)
    order = idr_checkout.orders.get()
    assert order.status == (OrderStatus.REFUNDED if gateway == "midtrans" else OrderStatus.CANCELLED)
    refunds = list(Refund.objects.values_list("kind", "status"))
    assert refunds == ([("out_of_stock", "succeeded")] if gateway == "midtrans" else [])


def test_stripe_journey_pays_in_myr(sim, myr_checkout):
    myr_checkout.gateway = "stripe"
    myr_checkout.save()
    attempt = start_payment(myr_checkout)
    assert attempt.redirect_url.startswith(f"{ORIGIN}/_sim/stripe/pay/cs_test_sim_")
    page = requests.get(attempt.redirect_url)
    assert "RM105,00" in page.text  # the simulator page is in Indonesian: Indonesian numbers
    back = requests.post(attempt.redirect_url, data={"outcome": "paid"}, allow_redirects=False)
    assert back.status_code == 302 and f"session_id={attempt.provider_reference}" in back.headers["Location"]
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PAID
    assert set(myr_checkout.orders.values_list("status", flat=True)) == {OrderStatus.PAID}

    batik = myr_checkout.orders.get(total=Decimal("80.00"))
    refund_order(batik, Decimal("30.00"), reason="Warna berbeda", refund_key="rf-sim-2")
    batik.refresh_from_db()
    assert batik.refunded_amount == Decimal("30.00")
    # the simulator also sends refund.created; it is stored and changes nothing twice
    assert PaymentEvent.objects.filter(gateway="stripe", signature_valid=True).count() == 2


@pytest.mark.parametrize(
    "outcome,attempt_status,order_status",
    [
        ("expired", AttemptStatus.EXPIRED, OrderStatus.EXPIRED),
        ("failed", AttemptStatus.FAILED, OrderStatus.AWAITING_PAYMENT),
    ],
)
def test_midtrans_simulator_failure_outcomes(sim, idr_checkout, outcome, attempt_status, order_status):
    attempt = start_payment(idr_checkout)
    requests.post(attempt.redirect_url, data={"outcome": outcome}, allow_redirects=False)
    attempt.refresh_from_db()
    assert attempt.status == attempt_status
    assert set(idr_checkout.orders.values_list("status", flat=True)) == {order_status}
    if outcome == "failed":  # the buyer tries again: a new attempt, a new Snap transaction
        again = start_payment(idr_checkout)
        assert again.number == 2 and again.redirect_url != attempt.redirect_url


def test_stripe_simulator_expiry(sim, myr_checkout):
    attempt = start_payment(myr_checkout)
    requests.post(attempt.redirect_url, data={"outcome": "expired"}, allow_redirects=False)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED
    assert set(myr_checkout.orders.values_list("status", flat=True)) == {OrderStatus.EXPIRED}


@pytest.mark.parametrize(
    "override",
    [
        {"OPOP_DEMO": False},
        {"MIDTRANS_SERVER_KEY": "Mid-server-REALPRODUCTIONKEY"},
        {"MIDTRANS_IS_PRODUCTION": True},
        {"STRIPE_SECRET_KEY": "sk_live_realkey"},
    ],
)
def test_simulators_refuse_outside_demo_or_with_production_keys(client, db, sim, settings, override):
    for name, value in override.items():
        setattr(settings, name, value)
    assert (
        client.post(
            "/_sim/midtrans/snap/v1/transactions", data="{}", content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get("/_sim/stripe/pay/cs_test_x").status_code == 404


def test_simulator_refuses_a_caller_without_the_key(client, db, sim):
    resp = client.post("/_sim/midtrans/snap/v1/transactions", data="{}", content_type="application/json")
    assert resp.status_code == 401
    assert client.get("/_sim/stripe/v1/checkout/sessions/cs_x").status_code == 401


def test_switching_to_midtrans_expires_the_open_stripe_session_so_it_cannot_be_paid(
    sim, idr_checkout, django_capture_on_commit_callbacks
):
    idr_checkout.gateway = "stripe"
    idr_checkout.save(update_fields=["gateway"])
    old = start_payment(idr_checkout)
    idr_checkout.gateway = "midtrans"
    idr_checkout.save(update_fields=["gateway"])
    with django_capture_on_commit_callbacks(execute=True):
        new = start_payment(idr_checkout)
    old.refresh_from_db()
    assert old.status == AttemptStatus.EXPIRED and new.status == AttemptStatus.PENDING
    # The buyer goes back to the old Stripe tab and clicks "paid": the session is closed, nothing is charged.
    requests.post(old.redirect_url, data={"outcome": "paid"}, allow_redirects=False)
    old.refresh_from_db()
    assert old.status == AttemptStatus.EXPIRED
    assert set(idr_checkout.orders.values_list("status", flat=True)) == {OrderStatus.AWAITING_PAYMENT}


def test_midtrans_simulator_has_nothing_to_expire_before_the_buyer_picks_a_method(sim, idr_checkout):
    from checkout.payments.errors import ProviderError
    from checkout.payments.gateways.midtrans import MidtransGateway

    attempt = start_payment(idr_checkout)
    assert MidtransGateway().cancel(attempt) is None  # 404, like Midtrans
    requests.post(attempt.redirect_url, data={"outcome": "paid"}, allow_redirects=False)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PAID
    with pytest.raises(ProviderError):  # a settled transaction cannot be expired or cancelled (412)
        MidtransGateway().cancel(attempt)
