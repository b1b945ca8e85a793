"""The "Pesanan" admin: each store's editors see and act on their own orders only; admins see all."""

import pytest
from django.contrib.auth import get_user_model

from checkout.models import OrderStatus, ShippingRate
from checkout.services.orders import mark_checkout_paid
from tests.factories import make_editor, make_product

from .utils import cart_with, flat_rate, place, stock_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders(chans, store, other_store):
    idr = chans["indonesia"]
    honey = make_product(store, "Madu", stock=5)
    batik = make_product(other_store, "Batik", stock=5)
    checkout = place(cart_with(idr, (honey, 2), (batik, 1)), idr)
    mark_checkout_paid(checkout)
    return {o.store.slug: o for o in checkout.orders.all()}, honey


@pytest.fixture
def editor_a(store):
    return make_editor(store)


def test_editor_sees_only_own_store_orders_in_listing(client, orders, editor_a):
    by_store, _ = orders
    client.force_login(editor_a)
    html = client.get("/admin/snippets/checkout/order/").content.decode()
    assert by_store["kopi-an-nur"].number in html
    assert by_store["batik-al-hikam"].number not in html


def test_editor_of_store_a_cannot_open_or_change_order_of_store_b(client, orders, editor_a):
    by_store, _ = orders
    foreign = by_store["batik-al-hikam"]
    client.force_login(editor_a)
    assert client.get(f"/admin/pesanan/{foreign.pk}/").status_code == 404
    assert client.get(f"/admin/pesanan/{foreign.pk}/slip/").status_code == 404
    assert client.get(f"/admin/snippets/checkout/order/edit/{foreign.pk}/").status_code == 404
    response = client.post(f"/admin/pesanan/{foreign.pk}/", {"action": "cancel", "reason": "iseng"})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == OrderStatus.PAID


def test_editor_marks_processing_then_shipped_with_tracking(client, orders, editor_a):
    by_store, honey = orders
    own = by_store["kopi-an-nur"]
    client.force_login(editor_a)
    page = client.get(f"/admin/pesanan/{own.pk}/")
    assert page.status_code == 200 and "Tandai dikirim" in page.content.decode()
    client.post(f"/admin/pesanan/{own.pk}/", {"action": "processing"})
    client.post(f"/admin/pesanan/{own.pk}/", {"action": "shipped", "courier": "JNE", "tracking_number": ""})
    own.refresh_from_db()
    assert own.status == OrderStatus.PROCESSING  # no tracking number: refused
    client.post(f"/admin/pesanan/{own.pk}/", {"action": "shipped", "courier": "JNE", "tracking_number": "JNE123"})
    own.refresh_from_db()
    assert own.status == OrderStatus.SHIPPED and own.tracking_number == "JNE123"
    assert own.events.filter(to_status="shipped", user=editor_a).exists()
    assert "JNE123" in client.get(f"/orders/{own.token}/").content.decode()  # the buyer sees it


def test_cancel_needs_a_reason_and_releases_stock(client, orders, editor_a):
    by_store, honey = orders
    own = by_store["kopi-an-nur"]
    client.force_login(editor_a)
    client.post(f"/admin/pesanan/{own.pk}/", {"action": "cancel", "reason": " "})
    own.refresh_from_db()
    assert own.status == OrderStatus.PAID
    client.post(f"/admin/pesanan/{own.pk}/", {"action": "cancel", "reason": "Madu habis terjual di toko"})
    own.refresh_from_db()
    assert own.status == OrderStatus.CANCELLED
    assert stock_of(honey).quantity_allocated == 0


def test_packing_slip_prints_address_and_lines(client, orders, editor_a):
    by_store, _ = orders
    own = by_store["kopi-an-nur"]
    client.force_login(editor_a)
    html = client.get(f"/admin/pesanan/{own.pk}/slip/").content.decode()
    assert own.number in html and "Siti Aminah" in html and "Madu" in html
    # No inline handler or style: the print button is wired by a static script.
    assert "onclick" not in html and "<style" not in html and "data-print" in html


def test_edit_url_opens_the_order_page_not_a_raw_form(client, orders, editor_a):
    by_store, _ = orders
    own = by_store["kopi-an-nur"]
    client.force_login(editor_a)
    response = client.get(f"/admin/snippets/checkout/order/edit/{own.pk}/")
    assert response.status_code == 302 and response["Location"].endswith(f"/admin/pesanan/{own.pk}/")


def test_admin_sees_all_orders(client, orders):
    by_store, _ = orders
    admin = get_user_model().objects.create_superuser("root", "root@example.id", "pw")
    client.force_login(admin)
    html = client.get("/admin/snippets/checkout/order/").content.decode()
    assert all(o.number in html for o in by_store.values())
    assert client.get(f"/admin/pesanan/{by_store['batik-al-hikam'].pk}/").status_code == 200


def test_editor_sees_only_own_shipping_rates(client, chans, store, other_store, editor_a):
    flat_rate(store, chans["indonesia"], name="Kurir Pondok")
    theirs = flat_rate(other_store, chans["indonesia"], name="Kurir Tetangga")
    client.force_login(editor_a)
    html = client.get("/admin/snippets/checkout/shippingrate/").content.decode()
    assert "Kurir Pondok" in html and "Kurir Tetangga" not in html
    assert client.get(f"/admin/snippets/checkout/shippingrate/edit/{theirs.pk}/").status_code == 404
    assert ShippingRate.objects.filter(pk=theirs.pk).exists()


def test_listing_filters_by_status(client, orders, editor_a):
    by_store, _ = orders
    own = by_store["kopi-an-nur"]
    client.force_login(editor_a)
    assert own.number in client.get("/admin/snippets/checkout/order/?status=paid").content.decode()
    assert own.number not in client.get("/admin/snippets/checkout/order/?status=shipped").content.decode()


def _ship(order, user):
    from checkout.services.orders import mark_shipped

    mark_shipped(order, courier="JNE", tracking_number="JNE777", user=user)


def test_editor_marks_own_shipped_order_delivered_then_completed(client, orders, editor_a):
    by_store, _ = orders
    own = by_store["kopi-an-nur"]
    _ship(own, editor_a)
    client.force_login(editor_a)
    page = client.get(f"/admin/pesanan/{own.pk}/").content.decode()
    assert "Tandai sudah diterima pembeli" in page and "Tandai selesai" not in page
    response = client.post(f"/admin/pesanan/{own.pk}/", {"action": "delivered"}, follow=True)
    own.refresh_from_db()
    assert own.status == OrderStatus.DELIVERED
    assert "ditandai sudah diterima pembeli" in response.content.decode()
    assert "Tandai selesai" in response.content.decode()
    client.post(f"/admin/pesanan/{own.pk}/", {"action": "completed"})
    own.refresh_from_db()
    assert own.status == OrderStatus.COMPLETED
    assert own.events.filter(from_status="shipped", to_status="delivered", user=editor_a).exists()
    assert own.events.filter(from_status="delivered", to_status="completed", user=editor_a).exists()


def test_editor_of_store_a_cannot_mark_order_of_store_b_delivered_or_completed(client, orders, editor_a):
    by_store, _ = orders
    foreign = by_store["batik-al-hikam"]
    _ship(foreign, None)
    client.force_login(editor_a)
    for action in ("delivered", "completed"):
        assert client.post(f"/admin/pesanan/{foreign.pk}/", {"action": action}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == OrderStatus.SHIPPED
    assert not foreign.events.filter(to_status__in=["delivered", "completed"]).exists()


def test_delivered_before_shipping_or_completed_before_delivery_is_refused_with_a_message(client, orders, editor_a):
    by_store, _ = orders
    own = by_store["kopi-an-nur"]  # paid, not shipped
    client.force_login(editor_a)
    page = client.get(f"/admin/pesanan/{own.pk}/").content.decode()
    assert "Tandai sudah diterima pembeli" not in page and "Tandai selesai" not in page
    response = client.post(f"/admin/pesanan/{own.pk}/", {"action": "delivered"}, follow=True)
    assert response.status_code == 200
    assert "tidak bisa diubah dari" in response.content.decode()
    response = client.post(f"/admin/pesanan/{own.pk}/", {"action": "completed"}, follow=True)
    assert "tidak bisa diubah dari" in response.content.decode()
    own.refresh_from_db()
    assert own.status == OrderStatus.PAID
    assert stock_of(orders[1]).quantity_allocated == 2  # the allocation is untouched
