"""Cart pages: add, change, remove, grouped by store, validated against stock; bad input changes nothing."""

import pytest
from django.contrib.messages import get_messages

from catalog.models import Stock
from checkout.models import Cart, CartLine
from tests.factories import UserFactory, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def coffee(store):
    return make_product(store, "Kopi Arabika Ijen", stock=5, price_idr=45000, price_myr="15.00")


@pytest.fixture
def soap(other_store):
    return make_product(other_store, "Sabun Sereh", stock=10, price_idr=12000)


def add(client, product, qty="1", **extra):
    return client.post("/cart/add/", {"variant": product.variants.first().pk, "quantity": qty, **extra})


def msgs(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_guest_adds_products_of_two_stores_and_sees_them_grouped(client, coffee, soap):
    add(client, coffee, "2")
    add(client, soap, "1")
    page = client.get("/cart/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Kopi An Nur" in html and "Batik Al Hikam" in html
    assert "Rp90.000" in html and "Rp12.000" in html and "Rp102.000" in html
    assert Cart.objects.get().lines.count() == 2


def test_adding_twice_adds_up(client, coffee):
    add(client, coffee, "2")
    add(client, coffee, "1")
    assert CartLine.objects.get().quantity == 3


def test_prices_follow_the_visitors_channel(client, coffee, chans):
    session = client.session
    session["opop_channel"] = "international"
    session.save()
    add(client, coffee, "1")
    html = client.get("/cart/").content.decode()
    assert "RM15.00" in html and "Rp45.000" not in html


@pytest.mark.parametrize("qty", ["0", "-3", "abc", "", "1000000", "2.5"])
def test_bad_quantity_is_refused_with_a_message_and_nothing_changes(client, coffee, qty):
    response = add(client, coffee, qty)
    assert response.status_code == 302
    assert msgs(response) and "Jumlah" in msgs(response)[0]
    assert not CartLine.objects.exists()


def test_more_than_available_is_refused_and_says_how_many_are_left(client, coffee):
    response = add(client, coffee, "6")
    assert "tinggal 5" in msgs(response)[0]
    assert not CartLine.objects.exists()


def test_sold_out_variant_is_refused(client, coffee):
    Stock.objects.filter(sku=coffee.variants.first().sku).update(quantity=0)
    response = add(client, coffee, "1")
    assert "habis" in msgs(response)[0]
    assert not CartLine.objects.exists()


def test_variant_of_inactive_store_is_refused(client, coffee, store):
    store.is_active = False
    store.save()
    response = add(client, coffee, "1")
    assert "tidak tersedia" in msgs(response)[0]
    assert not CartLine.objects.exists()


def test_unpublished_product_is_refused(client, store):
    draft = make_product(store, "Kopi Draf", live=False)
    response = add(client, draft, "1")
    assert "tidak tersedia" in msgs(response)[0]
    assert not CartLine.objects.exists()


def test_unknown_or_tampered_variant_id_is_refused(client, coffee):
    for bad in ["999999", "abc", "1 OR 1=1"]:
        response = client.post("/cart/add/", {"variant": bad, "quantity": "1"})
        assert response.status_code == 302
    assert not CartLine.objects.exists()


def test_change_quantity_and_remove(client, coffee):
    add(client, coffee, "1")
    line = CartLine.objects.get()
    client.post(f"/cart/lines/{line.pk}/", {"quantity": "4"})
    line.refresh_from_db()
    assert line.quantity == 4
    response = client.post(f"/cart/lines/{line.pk}/", {"quantity": "9"})
    assert "tinggal 5" in msgs(response)[-1]
    line.refresh_from_db()
    assert line.quantity == 4
    client.post(f"/cart/lines/{line.pk}/", {"action": "remove"})
    assert not CartLine.objects.exists()


def test_cannot_touch_another_visitors_cart_line(client, coffee):
    other = Cart.objects.create(channel=coffee.store and Cart._meta.get_field("channel").related_model.objects.first())
    line = CartLine.objects.create(cart=other, variant=coffee.variants.first(), quantity=1)
    add(client, coffee, "1")
    client.post(f"/cart/lines/{line.pk}/", {"action": "remove"})
    client.post(f"/cart/lines/{line.pk}/", {"quantity": "3"})
    line.refresh_from_db()
    assert line.quantity == 1


def test_cart_get_does_not_accept_add(client, coffee):
    assert client.get("/cart/add/").status_code == 405


def test_guest_cart_merges_into_account_on_login(client, coffee, soap, chans):
    user = UserFactory()
    own = Cart.objects.create(channel=chans["indonesia"], user=user)
    CartLine.objects.create(cart=own, variant=coffee.variants.first(), quantity=1)
    add(client, coffee, "2")
    add(client, soap, "1")
    # Through the sign-in page: django-axes refuses client.login(), which authenticates without a request.
    client.post("/admin/login/", {"username": user.username, "password": "pw-test-123"})
    assert "_auth_user_id" in client.session
    assert Cart.objects.count() == 1
    lines = {ln.variant_id: ln.quantity for ln in Cart.objects.get().lines.all()}
    assert lines == {coffee.variants.first().pk: 3, soap.variants.first().pk: 1}
