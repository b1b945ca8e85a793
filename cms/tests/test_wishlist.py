"""Saving products without logging in (session), merged into the account at login; the private wishlist page."""

import pytest
from django.test import Client

from catalog.models import WishlistItem
from catalog.services.wishlist import SESSION_KEY
from tests.factories import UserFactory, make_product

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


@pytest.fixture
def kopi(store):
    return make_product(store, "Kopi Ijen", slug="kopi-ijen")


@pytest.fixture
def teh(store):
    return make_product(store, "Teh Tubruk", slug="teh-tubruk")


def save(client, product, **headers):
    return client.post("/wishlist/add/", {"product": product.pk}, **(headers or SAME_ORIGIN))


def test_the_product_page_has_a_plain_save_button_that_posts_to_the_wishlist(kopi):
    html = Client().get("/kopi-an-nur/p/kopi-ijen/").content.decode()
    assert 'action="/wishlist/add/"' in html and f'name="product" value="{kopi.pk}"' in html
    assert "Simpan" in html


def test_a_guest_saves_from_the_shared_page_and_sees_it_on_the_private_wishlist_page(kopi, teh):
    guest = Client(enforce_csrf_checks=True)
    assert save(guest, kopi).status_code == 302
    assert save(guest, teh, HTTP_SEC_FETCH_SITE="same-origin").status_code == 302
    assert save(guest, kopi).status_code == 302  # saving twice keeps one entry, moved first
    assert guest.session[SESSION_KEY] == [kopi.pk, teh.pk]
    page = guest.get("/wishlist/")
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    html = page.content.decode()
    assert html.index("Kopi Ijen") < html.index("Teh Tubruk")
    assert not WishlistItem.objects.exists()


def test_a_cross_site_save_is_refused(kopi):
    attacker = Client(enforce_csrf_checks=True)
    assert save(attacker, kopi, HTTP_ORIGIN="https://evil.example").status_code == 403
    assert SESSION_KEY not in attacker.session


def test_a_guest_removes_a_saved_product(kopi, teh):
    guest = Client()
    save(guest, kopi)
    save(guest, teh)
    guest.post("/wishlist/remove/", {"product": kopi.pk})
    assert guest.session[SESSION_KEY] == [teh.pk]
    assert "Kopi Ijen" not in guest.get("/wishlist/").content.decode()


def test_an_unknown_or_hidden_product_is_not_saved(kopi, store):
    hidden = make_product(store, "Draf", slug="draf", live=False)
    guest = Client()
    for bad in (hidden.pk, 999999, "abc", ""):
        response = guest.post("/wishlist/add/", {"product": bad}, **SAME_ORIGIN)
        assert response.status_code == 302
    assert guest.session.get(SESSION_KEY, []) == []


def test_saved_products_are_merged_into_the_account_at_login(kopi, teh):
    buyer = UserFactory()
    WishlistItem.objects.create(user=buyer, product=teh)
    client = Client()
    save(client, kopi)
    save(client, teh)
    client.force_login(buyer)
    assert set(WishlistItem.objects.filter(user=buyer).values_list("product_id", flat=True)) == {
        kopi.pk,
        teh.pk,
    }
    assert SESSION_KEY not in client.session
    html = client.get("/wishlist/").content.decode()
    assert "Kopi Ijen" in html and "Teh Tubruk" in html
    client.post("/wishlist/remove/", {"product": kopi.pk})
    assert list(WishlistItem.objects.filter(user=buyer).values_list("product_id", flat=True)) == [teh.pk]


def test_the_wishlist_page_lists_only_products_still_visible(kopi, teh):
    guest = Client()
    save(guest, kopi)
    save(guest, teh)
    teh.unpublish()
    html = guest.get("/wishlist/").content.decode()
    assert "Kopi Ijen" in html and "Teh Tubruk" not in html
