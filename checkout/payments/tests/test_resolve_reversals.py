"""A marketplace admin settles what the shop left for a person: a reversal it could not place on one store order,
or a dispute the store won. Store editors see the warning but cannot settle it."""

from decimal import Decimal

import pytest

from checkout.models import OrderStatus
from checkout.payments.models import ExternalReversal, PaymentEvent, Refund
from checkout.services.orders import ATTENTION_EVENT, ATTENTION_RESOLVED_EVENT
from tests.factories import UserFactory, make_curator, make_editor, make_product

from .conftest import make_checkout, post_midtrans, post_stripe, st_event
from .test_external_reversals import dashboard_refund, orders_of, paid

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("provider_api")]


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin-pasar", is_staff=True, is_superuser=True)


@pytest.fixture
def flagged(client, paid_two_stores):
    """A 100 000 dashboard refund on a 75 000 + 250 000 payment: matches neither store order, so it is flagged."""
    post_midtrans(client, dashboard_refund(paid_two_stores, 100000))
    client.logout()
    return ExternalReversal.objects.get()


@pytest.fixture
def paid_two_stores(db, chans, store, other_store, keys):
    kopi = make_product(store, "Kopi Dampit", price_idr=75000, stock=5)
    batik = make_product(other_store, "Batik Tulis", price_idr=250000, stock=5)
    return paid(make_checkout(chans["indonesia"], [(kopi, 1), (batik, 1)]))


def resolve_url(reversal):
    return f"/admin/payments/reversals/{reversal.pk}/resolve/"


def test_admin_places_a_flagged_refund_on_the_order_it_was_for(client, flagged, admin_user):
    orders = orders_of(flagged.attempt)
    batik = orders["batik-al-hikam"]
    client.force_login(admin_user)
    page = client.get(f"/admin/pesanan/{batik.pk}/").content.decode()
    assert "data-attention" in page and resolve_url(flagged) in page

    back = f"/admin/pesanan/{batik.pk}/"
    response = client.post(
        resolve_url(flagged) + f"?next={back}",
        {"target": str(batik.pk), "note": "Dashboard: refund batik rusak", "next": back},
    )

    assert response.status_code == 302 and response["Location"] == f"/admin/pesanan/{batik.pk}/"
    flagged.refresh_from_db()
    assert flagged.outcome == "resolved" and flagged.order == batik and flagged.resolved_by == admin_user
    assert flagged.resolution_note == "Dashboard: refund batik rusak"
    refund = Refund.objects.get()
    assert (refund.order, refund.amount, refund.status, refund.refund_key) == (
        batik, Decimal(100000), "succeeded", f"ext-{flagged.pk}"
    )
    orders = orders_of(flagged.attempt)
    assert orders["batik-al-hikam"].refunded_amount == Decimal(100000)
    assert orders["batik-al-hikam"].status == OrderStatus.PAID  # partial: still to be shipped
    assert orders["kopi-an-nur"].refunded_amount == 0
    for order in orders.values():
        assert order.events.filter(type=ATTENTION_RESOLVED_EVENT, user=admin_user).count() == 1
        assert "data-attention" not in client.get(f"/admin/pesanan/{order.pk}/").content.decode()


def test_admin_can_record_that_the_money_belonged_to_no_order(client, flagged, admin_user):
    client.force_login(admin_user)
    response = client.post(resolve_url(flagged), {"target": "none", "note": "Uang pembayaran ganda, sudah kembali"})
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert flagged.outcome == "resolved" and flagged.order is None
    assert not Refund.objects.exists()
    assert all(o.refunded_amount == 0 for o in orders_of(flagged.attempt).values())


@pytest.mark.parametrize(
    "data, error",
    [
        ({"target": "none", "note": "   "}, "harus diisi"),
        ({"target": "", "note": "cek"}, "harus diisi"),
        ({"target": "999999", "note": "cek"}, "pilihan yang valid"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(client, flagged, admin_user, data, error):
    client.force_login(admin_user)
    response = client.post(resolve_url(flagged), data)
    assert response.status_code == 400 and error in response.content.decode()
    flagged.refresh_from_db()
    assert flagged.outcome == "needs_attention" and not Refund.objects.exists()


def test_more_than_the_chosen_order_has_left_is_refused(client, flagged, admin_user):
    kopi = orders_of(flagged.attempt)["kopi-an-nur"]  # 75 000 order, the reversal is 100 000
    client.force_login(admin_user)
    response = client.post(resolve_url(flagged), {"target": str(kopi.pk), "note": "salah pilih"})
    assert response.status_code == 400 and "melebihi sisa" in response.content.decode()
    flagged.refresh_from_db()
    assert flagged.outcome == "needs_attention" and not Refund.objects.exists()
    assert orders_of(flagged.attempt)["kopi-an-nur"].refunded_amount == 0


def test_settling_twice_records_one_refund(client, flagged, admin_user):
    batik = orders_of(flagged.attempt)["batik-al-hikam"]
    client.force_login(admin_user)
    client.post(resolve_url(flagged), {"target": str(batik.pk), "note": "pertama"})
    again = client.post(resolve_url(flagged), {"target": str(batik.pk), "note": "kedua"})
    assert again.status_code == 302
    assert Refund.objects.count() == 1
    assert orders_of(flagged.attempt)["batik-al-hikam"].refunded_amount == Decimal(100000)


def test_store_editors_see_the_warning_but_cannot_settle(client, flagged, store):
    own = orders_of(flagged.attempt)["kopi-an-nur"]
    client.force_login(make_editor(store))
    page = client.get(f"/admin/pesanan/{own.pk}/").content.decode()
    assert "data-attention" in page and resolve_url(flagged) not in page and "Admin marketplace" in page
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with an error message.
    for response in (
        client.get(resolve_url(flagged)),
        client.post(resolve_url(flagged), {"target": str(own.pk), "note": "punya saya"}),
    ):
        assert response.status_code == 302 and response["Location"] == "/admin/"
    flagged.refresh_from_db()
    assert flagged.outcome == "needs_attention" and not Refund.objects.exists()


# ------------------------------------------------------------------------------------------------ Stripe disputes


@pytest.fixture
def paid_myr_one_store(db, chans, store, keys):
    kopi = make_product(store, "Kopi Robusta", price_myr="12.50", stock=5)
    return paid(make_checkout(chans["international"], [(kopi, 2)], gateway="stripe"), reference="cs_test_9")


def dispute(attempt, status=None):
    body = {
        "id": "dp_9",
        "object": "dispute",
        "amount": 2500,
        "currency": "myr",
        "charge": "ch_9",
        "payment_intent": "pi_test_9",
        "metadata": {"attempt": attempt.provider_id},
        "reason": "fraudulent",
    }
    if status:
        body["status"] = status
    return body


def test_a_won_dispute_is_left_for_a_person_and_never_undone_automatically(client, paid_myr_one_store, admin_user):
    attempt = paid_myr_one_store
    post_stripe(client, st_event("charge.dispute.created", dispute(attempt)))
    order = attempt.checkout.orders.get()
    order.refresh_from_db()
    assert order.refunded_amount == Decimal("25.00") and order.status == OrderStatus.REFUNDED  # the chargeback

    post_stripe(client, st_event("charge.dispute.closed", dispute(attempt, "won")))
    post_stripe(client, st_event("charge.dispute.closed", dispute(attempt, "won")))  # repeated: once

    won = ExternalReversal.objects.get(kind="dispute_won")
    assert won.outcome == "needs_attention" and won.amount == Decimal("25.00") and won.order == order
    order.refresh_from_db()
    assert order.refunded_amount == Decimal("25.00") and order.status == OrderStatus.REFUNDED  # unchanged
    assert order.events.filter(type=ATTENTION_EVENT, message__contains="dp_9").count() == 1
    assert PaymentEvent.objects.filter(outcome="needs_attention").count() == 1

    client.force_login(admin_user)
    form = client.get(resolve_url(won)).content.decode()
    assert f'value="{order.pk}"' not in form  # money that came back cannot be recorded as a refund
    client.post(resolve_url(won), {"target": "none", "note": "Dana kembali; pembeli dihubungi, kirim ulang"})
    won.refresh_from_db()
    assert won.outcome == "resolved"
    assert "data-attention" not in client.get(f"/admin/pesanan/{order.pk}/").content.decode()


def test_a_lost_dispute_changes_nothing(client, paid_myr_one_store):
    attempt = paid_myr_one_store
    post_stripe(client, st_event("charge.dispute.created", dispute(attempt)))
    response = post_stripe(client, st_event("charge.dispute.closed", dispute(attempt, "lost")))
    assert response.status_code == 200
    assert ExternalReversal.objects.count() == 1
    assert PaymentEvent.objects.filter(outcome="ignored", detail__contains="lost").count() == 1


def test_marketplace_admins_see_open_reports_on_the_dashboard_and_editors_do_not(client, flagged, admin_user, store):
    client.force_login(make_editor(store))
    assert "Laporan pembayaran perlu diperiksa" not in client.get("/admin/").content.decode()

    client.force_login(admin_user)
    dashboard = client.get("/admin/").content.decode()
    assert "Laporan pembayaran perlu diperiksa" in dashboard and resolve_url(flagged) in dashboard
    for order in orders_of(flagged.attempt).values():
        assert f"/admin/pesanan/{order.pk}/" in dashboard
    client.post(resolve_url(flagged), {"target": "none", "note": "pembayaran ganda"})
    assert "Laporan pembayaran perlu diperiksa" not in client.get("/admin/").content.decode()


def test_curators_see_open_reports_on_their_home_but_cannot_settle_them(client, flagged):
    """The marketplace's home for curators lists the same reports read-only: settling moves money between stores'
    orders, which only administrators do."""
    curator = make_curator()
    client.force_login(curator)
    dashboard = client.get("/admin/").content.decode()
    assert "Laporan pembayaran perlu diperiksa" in dashboard
    assert resolve_url(flagged) not in dashboard
    assert all(order.number in dashboard for order in orders_of(flagged.attempt).values())
    can_open = curator.has_perm("checkout.view_order")
    assert all((f"/admin/pesanan/{o.pk}/" in dashboard) == can_open for o in orders_of(flagged.attempt).values())
    assert client.get(resolve_url(flagged)).status_code in (302, 403)
