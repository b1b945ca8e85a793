"""Page cache keys, bounds, slots and entry format (issue 10 finding 8, issue 12's format version)."""

import pytest
from django.core.cache import cache
from django.test import Client

from checkout.models import Cart, CartLine
from checkout.services.cart import SESSION_KEY
from cms.cache import CACHE_HEADER, FORMAT_VERSION, KEY_PREFIX, SLOT_PREFIX, page_cache_key
from cms.models import StorefrontPage
from tests.factories import make_product

pytestmark = pytest.mark.django_db


def page_entries() -> int:
    return sum(1 for key in cache._cache if KEY_PREFIX in key)


@pytest.fixture
def kopi(store):
    return make_product(store, "Kopi Ijen", slug="kopi-ijen")


def test_ad_click_ids_and_utm_tags_are_hits_and_make_no_entries(client, kopi):
    client.get("/kopi-an-nur/p/kopi-ijen/")
    entries = page_entries()
    for i in range(40):
        url = f"/kopi-an-nur/p/kopi-ijen/?fbclid=IwAR{i}&utm_source=fb&utm_campaign=c{i}&gclid=g{i}"
        assert client.get(url)[CACHE_HEADER] == "hit"
    assert page_entries() == entries


def test_parameters_a_page_does_not_read_make_no_entries(client, kopi):
    client.get("/kopi-an-nur/p/kopi-ijen/")
    client.get("/")
    entries = page_entries()
    for i in range(30):
        client.get(f"/kopi-an-nur/p/kopi-ijen/?q=x{i}&hal={i}")  # a product page reads only ?varian
        client.get(f"/?urut=name&hal={i}&junk={i}")  # the home reads nothing
    assert page_entries() == entries
    assert client.get("/kopi-an-nur/p/kopi-ijen/?q=anything")[CACHE_HEADER] == "hit"


def test_parameters_a_page_reads_still_make_their_own_entries(client, kopi):
    assert client.get("/kopi-an-nur/produk/?urut=price")[CACHE_HEADER] == "miss"
    assert client.get("/kopi-an-nur/produk/?urut=name")[CACHE_HEADER] == "miss"
    assert client.get("/kopi-an-nur/produk/?utm_medium=x&urut=name")[CACHE_HEADER] == "hit"


def test_made_up_product_urls_store_nothing(client, kopi):
    client.get("/kopi-an-nur/")
    entries = page_entries()
    for i in range(30):
        assert client.get(f"/kopi-an-nur/p/tidak-ada-{i}/").status_code == 404
        assert client.get(f"/toko-palsu-{i}/").status_code == 404
    assert page_entries() == entries


def test_tracking_ids_of_one_visitor_never_show_on_anothers_page(client, kopi):
    client.get("/kopi-an-nur/p/kopi-ijen/?fbclid=SECRET-CLICK-ID")
    html = Client().get("/kopi-an-nur/p/kopi-ijen/").content.decode()
    assert "SECRET-CLICK-ID" not in html


def test_an_editors_text_with_the_placeholder_string_never_receives_a_token(client, store):
    page = StorefrontPage.objects.get(store=store)
    lure = '<p>__OPOP_CSRF_TOKEN__ and opop-slot-csrf-0123456789abcdef0123456789abcdef</p>'
    page.body = [("text", lure)]
    page.save_revision().publish()
    for visitor in (Client(), Client()):
        visitor.cookies["sessionid"] = "returning"  # a visitor with cookies: the page carries their own token
        html = visitor.get("/kopi-an-nur/").content.decode()
        assert "__OPOP_CSRF_TOKEN__ and opop-slot-csrf-0123456789abcdef0123456789abcdef" in html
        token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        assert token and not token.startswith(SLOT_PREFIX) and html.count(token) == 1


def test_entries_of_another_format_are_misses_not_errors(client, kopi):
    response = client.get("/kopi-an-nur/p/kopi-ijen/")
    key = page_cache_key(response.wsgi_request, ("varian",))
    assert cache.get(key)["v"] == FORMAT_VERSION
    for old in [((("all", 1),), True, 200, "text/html", b"old"), {"v": FORMAT_VERSION - 1, "content": b"x"}, "junk"]:
        cache.set(key, old)
        again = client.get("/kopi-an-nur/p/kopi-ijen/")
        assert again.status_code == 200 and "Kopi Ijen" in again.content.decode()
        assert again[CACHE_HEADER] == "miss"


def test_a_guest_with_a_cart_gets_the_cached_page_with_their_cart_count(client, store, chans, kopi):
    Client().get("/kopi-an-nur/p/kopi-ijen/")  # cached by someone else
    cart = Cart.objects.create(channel=chans["indonesia"])
    CartLine.objects.create(cart=cart, variant=kopi.variants.get(), quantity=3)
    session = client.session
    session[SESSION_KEY] = str(cart.token)
    session.save()
    response = client.get("/kopi-an-nur/p/kopi-ijen/")
    assert response[CACHE_HEADER] == "hit"
    assert '<span class="cart-count">3</span>' in response.content.decode()
    assert '<span class="cart-count"></span>' in Client().get("/kopi-an-nur/p/kopi-ijen/").content.decode()


def test_pages_with_a_visitors_token_are_private(client, kopi):
    client.cookies["sessionid"] = "returning"
    response = client.get("/kopi-an-nur/p/kopi-ijen/")
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
