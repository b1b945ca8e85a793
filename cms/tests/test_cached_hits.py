"""What a cached anonymous page hit costs: pinned query counts, so a new per-request query shows up here."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from catalog.channels import get_channels
from catalog.models import Channel
from cms.cache import CACHE_HEADER
from tests.factories import CategoryFactory, make_product

pytestmark = pytest.mark.django_db

# A cached anonymous hit is answered by cms.middleware.PageCacheMiddleware before URL resolution and Wagtail's
# routing, so pages in the tree cost no query, like the views outside it. (Before that middleware, Wagtail's
# routing ran first: site lookup, a query per path level, alias and view-restriction checks, the store's
# is_active: 4-7 queries.) The channel comes from the cache: no query either.
CACHED_HIT_QUERIES = {
    "/": 0,
    "/kopi-an-nur/": 0,
    "/kopi-an-nur/produk/": 0,
    "/kopi-an-nur/p/kopi-1/": 0,
    "/search/?q=kopi": 0,
    "/kategori/kopi/": 0,
    "/toko/": 0,
}


@pytest.mark.parametrize("url", CACHED_HIT_QUERIES)
def test_cached_anonymous_hit_runs_a_pinned_number_of_queries(client, store, url):
    kopi = CategoryFactory(name="Kopi", slug="kopi")
    for i in range(3):
        make_product(store, f"Kopi {i}", slug=f"kopi-{i}", category=kopi)
    client.get(url)  # fills the page cache and the channel cache
    visitor = Client()  # a new visitor: no session, no cookie
    with CaptureQueriesContext(connection) as ctx:
        response = visitor.get(url)
    assert response.status_code == 200 and response[CACHE_HEADER] == "hit"
    assert not [q["sql"] for q in ctx.captured_queries if "catalog_channel" in q["sql"]]
    assert len(ctx.captured_queries) == CACHED_HIT_QUERIES[url], [q["sql"][:90] for q in ctx.captured_queries]


def test_a_saved_channel_is_seen_on_the_next_request(client, store):
    make_product(store, "Kopi", slug="kopi", price_idr=25000, price_myr="9.50")
    assert [c.slug for c in get_channels()] == ["indonesia", "international"]
    international = Channel.objects.get(slug="international")
    international.is_active = False
    international.save()
    assert [c.slug for c in get_channels()] == ["indonesia"]
    html = client.get("/kopi-an-nur/p/kopi/").content.decode()
    assert 'value="international"' not in html


def test_a_deleted_channel_is_forgotten_and_visitors_fall_back_to_the_default(client, store, settings):
    make_product(store, "Kopi", slug="kopi", price_idr=25000, price_myr="9.50")
    client.post("/channel/", {"channel": "international", "next": "/"})
    assert "RM9.50" in client.get("/kopi-an-nur/p/kopi/").content.decode()
    Channel.objects.filter(slug="international").delete()
    html = client.get("/kopi-an-nur/p/kopi/").content.decode()
    assert "Rp25.000" in html and "RM9.50" not in html


def test_a_cached_hit_carries_the_same_security_headers_as_a_rendered_page(client, store, settings):
    """The page cache answers from the last middleware, so every header the others add is still there."""
    make_product(store, "Kopi", slug="kopi")
    rendered = client.get("/kopi-an-nur/p/kopi/")
    hit = Client().get("/kopi-an-nur/p/kopi/")
    assert rendered[CACHE_HEADER] == "miss" and hit[CACHE_HEADER] == "hit"
    for header in ("X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"):
        assert hit.get(header) == rendered.get(header) and hit.get(header), header
    assert not hit.cookies  # a first-time visitor's page is shared: no token, no cookie (catalog.csrf)
    returning = Client()
    returning.cookies["sessionid"] = "returning-visitor"
    again = returning.get("/kopi-an-nur/p/kopi/")
    assert again[CACHE_HEADER] == "hit" and "csrftoken" in again.cookies  # their form's token matches their cookie
    for header in ("X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"):
        assert again.get(header) == rendered.get(header), header
