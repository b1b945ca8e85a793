import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Site

from catalog.models import Stock, VariantPrice
from cms.cache import CACHE_HEADER, SLOT_PREFIX
from cms.models import StorefrontPage
from tests.factories import make_product

pytestmark = pytest.mark.django_db


def test_anonymous_pages_are_cached_per_channel(client, store):
    make_product(store, "Kopi", slug="kopi", price_idr=25000, price_myr="9.50")
    assert client.get("/kopi-an-nur/")[CACHE_HEADER] == "miss"
    assert client.get("/kopi-an-nur/")[CACHE_HEADER] == "hit"
    client.post("/channel/", {"channel": "international", "next": "/"})
    response = client.get("/kopi-an-nur/")
    assert response[CACHE_HEADER] == "miss"  # another channel, another cache entry
    assert "RM9.50" in response.content.decode()


def test_price_change_shows_at_once(client, store):
    product = make_product(store, "Kopi", slug="kopi", price_idr=25000)
    assert "Rp25.000" in client.get("/kopi-an-nur/p/kopi/").content.decode()
    VariantPrice.objects.filter(variant__product=product, channel__slug="indonesia").get()
    price = VariantPrice.objects.get(variant__product=product, channel__slug="indonesia")
    price.amount = 27500
    price.save()
    html = client.get("/kopi-an-nur/p/kopi/").content.decode()
    assert "Rp27.500" in html and "Rp25.000" not in html


def test_stock_change_shows_at_once(client, store):
    product = make_product(store, "Kopi", slug="kopi", stock=10)
    assert "Stok tersedia" in client.get("/kopi-an-nur/p/kopi/").content.decode()
    stock = Stock.objects.get(sku=product.variants.get().sku)
    stock.quantity = 0
    stock.save()
    assert "Stok habis" in client.get("/kopi-an-nur/p/kopi/").content.decode()


def test_publishing_the_storefront_shows_at_once(client, store):
    client.get("/kopi-an-nur/")
    page = StorefrontPage.objects.get(store=store)
    page.tagline = "Kopi dari lereng Ijen"
    page.save_revision().publish()
    assert "Kopi dari lereng Ijen" in client.get("/kopi-an-nur/").content.decode()


def test_cached_page_gets_each_visitors_own_csrf_token(client, store):
    from django.test import Client

    make_product(store, "Kopi", slug="kopi")
    first = client.get("/kopi-an-nur/p/kopi/").content.decode()
    other = Client(enforce_csrf_checks=True)
    other.cookies["sessionid"] = "returning"  # first-time visitors share a token-less page (test_shared_pages...)
    response = other.get("/kopi-an-nur/p/kopi/")
    html = response.content.decode()
    assert response[CACHE_HEADER] == "hit"
    assert SLOT_PREFIX not in html and SLOT_PREFIX not in first
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    # The token is valid for this visitor: the channel switch accepts it.
    switched = other.post("/channel/", {"channel": "international", "next": "/", "csrfmiddlewaretoken": token})
    assert switched.status_code == 302


def test_a_logged_in_buyer_gets_the_cached_page_with_their_own_name(client, store):
    from django.test import Client

    Client().get("/kopi-an-nur/")  # an anonymous visitor fills the cache
    user = get_user_model().objects.create_user("siti", password="pw-test-123", first_name="Siti")
    client.force_login(user)
    response = client.get("/kopi-an-nur/")
    assert response[CACHE_HEADER] == "hit" and 'class="account-name">Siti<' in response.content.decode()
    assert "Siti" not in Client().get("/kopi-an-nur/").content.decode()


def test_sitemap_lists_storefronts_pages_and_products(client, store, other_store):
    make_product(store, "Kopi", slug="kopi")
    make_product(store, "Draf", slug="draf", live=False)
    response = client.get("/sitemap.xml")
    xml = response.content.decode()
    assert response.status_code == 200
    assert "http://localhost/kopi-an-nur/" in xml or "http://testserver/kopi-an-nur/" in xml
    assert "/batik-al-hikam/" in xml
    assert "/kopi-an-nur/p/kopi/" in xml
    assert "/p/draf/" not in xml


def test_robots_txt_points_at_sitemap(client, home):
    response = client.get("/robots.txt")
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_robots_txt_keeps_the_checkout_out_of_search_through_the_cart(client, home):
    """A crawler has no cart: /checkout/ sends it to /cart/, which robots.txt disallows. /checkout/ itself is not
    listed, so Lighthouse's SEO audit of the checkout (docs/performance.md, "Lighthouse") finds it crawlable."""
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /cart/" in body
    assert "Disallow: /checkout/" not in body
    response = client.get("/checkout/")
    assert response.status_code == 302 and response["Location"] == "/cart/"


def test_store_on_its_own_domain_serves_product_routes_at_root(client, store):
    make_product(store, "Kopi", slug="kopi")
    page = StorefrontPage.objects.get(store=store)
    Site.objects.create(hostname="kopiannur.example", port=80, root_page=page, site_name="Kopi An Nur")
    response = client.get("/p/kopi/", HTTP_HOST="kopiannur.example")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<link rel="canonical" href="http://kopiannur.example/p/kopi/">' in html
    assert client.get("/", HTTP_HOST="kopiannur.example").status_code == 200


def test_every_page_has_the_channel_switch(client, store):
    make_product(store, "Kopi", slug="kopi")
    for url in ["/", "/kopi-an-nur/", "/kopi-an-nur/p/kopi/", "/search/?q=kopi", "/toko-tidak-ada/"]:
        html = client.get(url).content.decode()
        assert 'action="/channel/"' in html, url
        assert 'value="international"' in html and 'value="indonesia"' in html, url
