"""Pages a CDN or Varnish may keep (public for cookie-less visitors), their forms, and the purges on change."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client

from catalog.models import VariantPrice
from checkout.models import CartLine
from cms.cache import CACHE_HEADER
from tests.factories import CategoryFactory, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def kopi(store):
    return make_product(store, "Kopi Ijen", slug="kopi-ijen", category=CategoryFactory(name="Kopi", slug="kopi"))


def test_a_first_time_visitor_gets_a_page_every_such_visitor_gets(kopi):
    first = Client().get("/kopi-an-nur/p/kopi-ijen/")
    second = Client().get("/kopi-an-nur/p/kopi-ijen/?utm_source=wa")
    assert second[CACHE_HEADER] == "hit" and first.content == second.content
    for response in (first, second):
        control = response["Cache-Control"]
        assert "public" in control and "s-maxage=600" in control and "max-age=0" in control
        assert "Cookie" in response["Vary"] and not response.cookies
    assert 'name="csrfmiddlewaretoken" value=""' in first.content.decode()


def test_a_visitor_with_cookies_gets_a_private_page_with_their_token(kopi):
    visitor = Client(enforce_csrf_checks=True)
    variant = kopi.variants.get().pk
    # The first add to cart comes from the shared page (no token); the cart gives the visitor a session cookie.
    visitor.post("/cart/add/", {"variant": variant, "quantity": 1}, HTTP_SEC_FETCH_SITE="same-origin", follow=True)
    Client().get("/kopi-an-nur/p/kopi-ijen/")  # cached by a first-time visitor
    response = visitor.get("/kopi-an-nur/p/kopi-ijen/")
    assert "private" in response["Cache-Control"] and response[CACHE_HEADER] == "hit"
    assert '<span class="cart-count">1</span>' in response.content.decode()
    token = response.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert token
    added = visitor.post("/cart/add/", {"variant": variant, "quantity": 1, "csrfmiddlewaretoken": token})
    assert added.status_code == 302
    assert visitor.post("/cart/add/", {"variant": variant, "quantity": 1}).status_code == 403  # no token


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_REFERER": "https://evil.example/kopi"},
        {"HTTP_ORIGIN": "null"},
        {},
    ],
)
def test_a_cross_site_post_from_a_shared_page_form_is_refused(kopi, headers):
    attacker = Client(enforce_csrf_checks=True)
    response = attacker.post("/cart/add/", {"variant": kopi.variants.get().pk, "quantity": 1}, **headers)
    assert response.status_code == 403
    assert not CartLine.objects.exists()
    assert attacker.post("/channel/", {"channel": "international"}, **headers).status_code == 403


@pytest.mark.parametrize("headers", [{"HTTP_SEC_FETCH_SITE": "same-origin"}, {"HTTP_ORIGIN": "http://testserver"}])
def test_a_first_time_visitor_adds_to_cart_from_the_shared_page(kopi, headers):
    buyer = Client(enforce_csrf_checks=True)
    html = buyer.get("/kopi-an-nur/p/kopi-ijen/").content.decode()
    assert 'action="/cart/add/"' in html
    response = buyer.post("/cart/add/", {"variant": kopi.variants.get().pk, "quantity": 2, "csrfmiddlewaretoken": ""},
                          **headers)
    assert response.status_code == 302 and CartLine.objects.get().quantity == 2


class PurgeRecorder(BaseHTTPRequestHandler):
    received: list = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.received.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def varnish(settings):
    """A local HTTP server standing in for Varnish: records every PURGE it gets."""
    PurgeRecorder.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield PurgeRecorder.received
    server.shutdown()
    server.server_close()


def test_a_price_change_purges_the_pages_that_show_it(kopi, varnish, django_capture_on_commit_callbacks):
    price = VariantPrice.objects.get(variant__product=kopi, channel__slug="indonesia")
    with django_capture_on_commit_callbacks(execute=True):
        price.amount = 27000
        price.save()
    paths = {path for _host, path in varnish}
    assert {"/kopi-an-nur/p/kopi-ijen/", "/kopi-an-nur/", "/kopi-an-nur/produk/", "/kategori/kopi/", "/"} <= paths
    assert {host for host, _path in varnish} == {"localhost"}  # the site's hostname, for the cache's lookup


def test_a_sale_purges_the_product_page_through_the_stock_signal(kopi, chans, varnish, django_capture_on_commit_callbacks):
    from checkout.tests.utils import cart_with, place

    with django_capture_on_commit_callbacks(execute=True):
        place(cart_with(chans["indonesia"], (kopi, 1)), chans["indonesia"])
    assert ("localhost", "/kopi-an-nur/p/kopi-ijen/") in varnish


def test_publishing_a_storefront_purges_it_and_its_listing(store, varnish, django_capture_on_commit_callbacks):
    from cms.models import StorefrontPage

    page = StorefrontPage.objects.get(store=store)
    with django_capture_on_commit_callbacks(execute=True):
        page.tagline = "Kopi dari lereng Ijen"
        page.save_revision().publish()
    assert {"/kopi-an-nur/", "/kopi-an-nur/produk/"} <= {path for _host, path in varnish}


def test_without_a_frontend_cache_a_price_change_costs_no_purge_queries(kopi, settings, django_assert_num_queries):
    from cms import frontend_cache

    settings.WAGTAILFRONTENDCACHE = None
    assert not frontend_cache.enabled()
    price = VariantPrice.objects.get(variant__product=kopi, channel__slug="indonesia")
    with django_assert_num_queries(0):
        frontend_cache.purge_products([kopi.pk])
    price.save()
