"""Refunds from the Wagtail admin: full or partial per store order, idempotent, scoped to the editor's stores."""

import json
from decimal import Decimal

import pytest
import responses
from django.utils import translation

from catalog.money import Money
from checkout.models import OrderStatus
from checkout.payments.errors import RefundError
from checkout.payments.models import AttemptStatus, PaymentAttempt, Refund
from checkout.payments.services import apply_status, notify_out_of_stock_refund, refund_order
from tests.factories import make_editor

from .conftest import (
    CORE,
    STRIPE,
    mt_refund_entry,
    mt_signed,
    mt_tx,
    open_attempt,
    post_midtrans,
    post_stripe,
    provider_knows,
    st_event,
)


@pytest.fixture
def paid_idr(idr_checkout):
    attempt = open_attempt(idr_checkout)
    apply_status(attempt, AttemptStatus.PAID)
    return attempt


@pytest.fixture
def paid_myr(myr_checkout):
    attempt = open_attempt(myr_checkout, reference="cs_test_1")
    apply_status(attempt, AttemptStatus.PAID)
    return attempt


def refund_url(order):
    return f"/admin/payments/orders/{order.pk}/refund/"


@responses.activate
def test_partial_refund_of_one_store_order_via_midtrans_is_idempotent(paid_idr):
    responses.add(
        responses.POST,
        f"{CORE}/v2/{paid_idr.provider_id}/refund",
        json={"status_code": "200", "status_message": "Success", "refund_chargeback_id": 1},
    )
    order = paid_idr.checkout.orders.get()
    r1 = refund_order(order, Decimal(50000), reason="Kemasan rusak", refund_key="rf-abc")
    r2 = refund_order(order, Decimal(50000), reason="Kemasan rusak", refund_key="rf-abc")  # double submit
    assert r1.pk == r2.pk and len(responses.calls) == 1
    sent = json.loads(responses.calls[0].request.body)
    assert sent == {"refund_key": "rf-abc", "amount": 50000, "reason": "Kemasan rusak"}
    order.refresh_from_db()
    assert order.refunded_amount == 50000 and order.status == OrderStatus.PAID
    paid_idr.refresh_from_db()
    assert paid_idr.status == AttemptStatus.PARTIALLY_REFUNDED


@responses.activate
def test_a_refund_given_as_money_must_be_in_the_orders_currency(paid_idr):
    responses.add(
        responses.POST,
        f"{CORE}/v2/{paid_idr.provider_id}/refund",
        json={"status_code": "200", "status_message": "Success", "refund_chargeback_id": 1},
    )
    order = paid_idr.checkout.orders.get()
    with pytest.raises(ValueError):
        refund_order(order, Money(Decimal("10.00"), "MYR"), reason="Kemasan rusak", refund_key="rf-myr")
    assert not Refund.objects.exists() and not responses.calls
    refund = refund_order(order, Money(Decimal(20000), "IDR"), reason="Kemasan rusak", refund_key="rf-idr")
    assert refund.amount_money == Money(Decimal(20000), "IDR")
    assert json.loads(responses.calls[0].request.body)["amount"] == 20000


@responses.activate
def test_refund_cannot_exceed_what_is_left_and_needs_a_reason(paid_idr):
    order = paid_idr.checkout.orders.get()
    with pytest.raises(RefundError):
        refund_order(order, order.total + 1, reason="x", refund_key="k1")
    with pytest.raises(RefundError):
        refund_order(order, Decimal("100.50"), reason="x", refund_key="k2")  # fractional rupiah
    with pytest.raises(RefundError):
        refund_order(order, Decimal(1000), reason="  ", refund_key="k3")
    assert not Refund.objects.exists() and not responses.calls


@responses.activate
def test_stripe_refund_of_one_store_of_a_multi_store_payment(paid_myr):
    responses.add(
        responses.GET,
        f"{STRIPE}/v1/checkout/sessions/cs_test_1",
        json={"id": "cs_test_1", "object": "checkout.session", "payment_intent": "pi_1"},
    )
    responses.add(
        responses.POST,
        f"{STRIPE}/v1/refunds",
        json={"id": "re_1", "object": "refund", "status": "succeeded", "amount": 8000},
    )
    batik = paid_myr.checkout.orders.get(total=Decimal("80.00"))
    refund = refund_order(batik, batik.total, reason="Stok rusak", refund_key="rf-batik")
    sent = responses.calls[1].request
    assert sent.headers["Idempotency-Key"] == "rf-rf-batik"
    assert "amount=8000" in sent.body and "payment_intent=pi_1" in sent.body
    batik.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED and batik.status == OrderStatus.REFUNDED
    other = paid_myr.checkout.orders.exclude(pk=batik.pk).get()
    assert other.status == OrderStatus.PAID and other.refunded_amount == 0
    paid_myr.refresh_from_db()
    assert paid_myr.status == AttemptStatus.PARTIALLY_REFUNDED


@responses.activate
def test_provider_refusal_leaves_the_order_untouched(paid_idr):
    responses.add(
        responses.POST,
        f"{CORE}/v2/{paid_idr.provider_id}/refund",
        status=412,
        json={"status_code": "412", "status_message": "cannot be updated"},
    )
    order = paid_idr.checkout.orders.get()
    with pytest.raises(RefundError):
        refund_order(order, Decimal(10000), reason="Batal", refund_key="rf-x")
    order.refresh_from_db()
    assert order.refunded_amount == 0 and Refund.objects.get().status == Refund.Status.FAILED


@responses.activate
def test_pending_midtrans_refund_is_completed_by_its_notification(client, paid_idr):
    responses.add(
        responses.POST,
        f"{CORE}/v2/{paid_idr.provider_id}/refund",
        json={"status_code": "201", "status_message": "pending at bank"},
    )
    order = paid_idr.checkout.orders.get()
    refund = refund_order(order, Decimal(20000), reason="Salah kirim", refund_key="rf-pend")
    order.refresh_from_db()
    assert refund.status == Refund.Status.PENDING and order.refunded_amount == 0
    # The card sample: first listed in refunds[] without bank_confirmed_at (nothing changes), then with it.
    waiting = mt_tx(paid_idr, "partial_refund", payment_type="credit_card",
                    refunds=[mt_refund_entry(1, 20000, "rf-pend", confirmed=False)])
    provider_knows(waiting)
    assert post_midtrans(client, mt_signed(waiting)).content == b"ignored"
    refund.refresh_from_db()
    assert refund.status == Refund.Status.PENDING
    confirmed = mt_tx(paid_idr, "partial_refund", payment_type="credit_card",
                      refunds=[mt_refund_entry(1, 20000, "rf-pend", confirmed=True)])
    provider_knows(confirmed)
    body = mt_signed(confirmed)
    assert "refund_key" not in json.loads(body)  # the key is only inside refunds[]
    assert post_midtrans(client, body).content == b"applied"
    assert post_midtrans(client, body).content == b"duplicate"
    order.refresh_from_db()
    refund.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED and order.refunded_amount == 20000


@responses.activate
def test_full_pending_refund_completed_by_reconciliation_leaves_paid_and_releases_the_stock(paid_idr):
    """The notification never came: ``reconcile_refunds`` asks the status API and completes the refund."""
    from catalog.models import Stock
    from checkout.payments.services import reconcile_refunds

    responses.add(
        responses.POST,
        f"{CORE}/v2/{paid_idr.provider_id}/refund",
        json={"status_code": "201", "status_message": "pending at bank"},
    )
    order = paid_idr.checkout.orders.get()
    stock = Stock.objects.get(sku=order.lines.get().sku)
    assert stock.quantity_allocated == 2
    refund = refund_order(order, order.total, reason="Dibatalkan pembeli", refund_key="rf-all")
    provider_knows(mt_tx(paid_idr, "refund", refunds=[mt_refund_entry(1, order.total, "rf-all", confirmed=False)]))
    assert reconcile_refunds().completed == 0  # still at the bank
    provider_knows(mt_tx(paid_idr, "refund", refunds=[mt_refund_entry(1, order.total, "rf-all", confirmed=True)]))
    assert reconcile_refunds().checked == 0  # asked 10 minutes ago: not yet again
    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=11)):
        report = reconcile_refunds()
    assert (report.checked, report.completed) == (1, 1)
    refund.refresh_from_db()
    order.refresh_from_db()
    stock.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED
    assert order.status == OrderStatus.REFUNDED and stock.quantity_allocated == 0
    paid_idr.refresh_from_db()
    assert paid_idr.status == AttemptStatus.REFUNDED


def test_stripe_refund_event_completes_a_pending_refund(client, paid_myr):
    order = paid_myr.checkout.orders.first()
    refund = Refund.objects.create(
        order=order, attempt=paid_myr, amount=order.total, reason="r", refund_key="rf-s"
    )
    obj = {
        "id": "re_1",
        "object": "refund",
        "status": "succeeded",
        "amount": int(order.total * 100),
        "currency": "myr",
        "metadata": {"refund_key": "rf-s", "attempt": paid_myr.provider_id},
    }
    assert post_stripe(client, st_event("refund.updated", obj, "evt_r")).status_code == 200
    refund.refresh_from_db()
    order.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED and order.status == OrderStatus.REFUNDED


# ------------------------------------------------------------------------------------------------ admin


@responses.activate
def test_editor_refunds_part_of_their_store_order_from_the_admin(client, paid_idr, store):
    responses.add(
        responses.POST,
        f"{CORE}/v2/{paid_idr.provider_id}/refund",
        json={"status_code": "200", "status_message": "Success"},
    )
    client.force_login(make_editor(store))
    order = paid_idr.checkout.orders.get()
    page = client.get(refund_url(order))
    assert page.status_code == 200
    key = page.context["form"].initial["refund_key"]
    data = {"amount": "25000", "reason": "Satu bungkus rusak", "refund_key": key}
    assert client.post(refund_url(order), data).status_code == 302
    assert client.post(refund_url(order), data).status_code == 302  # double submit: same key, one refund
    order.refresh_from_db()
    assert order.refunded_amount == 25000 and Refund.objects.count() == 1 and len(responses.calls) == 1


def test_editor_of_store_a_cannot_refund_order_of_store_b(client, paid_idr, other_store):
    client.force_login(make_editor(other_store))
    order = paid_idr.checkout.orders.get()
    assert client.get(refund_url(order)).status_code == 404
    resp = client.post(refund_url(order), {"amount": "1000", "reason": "x", "refund_key": "rf-evil"})
    assert resp.status_code == 404
    assert not Refund.objects.exists()


def test_admin_form_refuses_bad_input_with_a_message(client, paid_idr, store):
    client.force_login(make_editor(store))
    order = paid_idr.checkout.orders.get()
    for data in (
        {"amount": "abc", "reason": "x"},
        {"amount": "99999999", "reason": "x"},
        {"amount": "1000", "reason": ""},
        {"amount": "-5", "reason": "x"},
        {"amount": "10.5", "reason": "x"},
    ):
        resp = client.post(refund_url(order), {**data, "refund_key": "rf-1"})
        assert resp.status_code == 200 and resp.context["form"].errors
    assert not Refund.objects.exists()


def test_manual_transfer_confirmed_by_the_store_marks_the_order_paid(client, db, chans, store):
    from tests.factories import make_product

    from .conftest import make_checkout

    product = make_product(store, "Madu Hutan", price_idr=90000)
    checkout = make_checkout(chans["indonesia"], [(product, 1)], gateway="manual")
    attempt = open_attempt(checkout, gateway="manual")
    client.force_login(make_editor(store))
    resp = client.post(f"/admin/payments/attempts/{attempt.pk}/confirm/")
    assert resp.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PAID
    assert checkout.orders.get().status == OrderStatus.PAID


def test_other_store_cannot_confirm_a_manual_transfer(client, db, chans, store, other_store):
    from tests.factories import make_product

    from .conftest import make_checkout

    product = make_product(store, "Madu Hutan", price_idr=90000)
    checkout = make_checkout(chans["indonesia"], [(product, 1)], gateway="manual")
    attempt = open_attempt(checkout, gateway="manual")
    client.force_login(make_editor(other_store))
    assert client.post(f"/admin/payments/attempts/{attempt.pk}/confirm/").status_code == 404
    assert PaymentAttempt.objects.get(pk=attempt.pk).status == AttemptStatus.PENDING


def test_order_admin_page_shows_the_payment_panel_with_a_refund_button(client, paid_idr, store):
    client.force_login(make_editor(store))
    order = paid_idr.checkout.orders.get()
    page = client.get(f"/admin/pesanan/{order.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert paid_idr.provider_id in html and refund_url(order) in html


def test_out_of_stock_refund_mail_writes_the_amount_as_money(idr_checkout, mailoutbox, django_capture_on_commit_callbacks):
    order = idr_checkout.orders.get()
    with translation.override("id"), django_capture_on_commit_callbacks(execute=True):
        notify_out_of_stock_refund(order)
    body = mailoutbox[0].body
    assert "dana Rp160.000 dikembalikan" in body.replace("\xa0", " ")
    assert "160000.00" not in body and "IDR" not in body
