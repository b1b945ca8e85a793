"""Issue 11.6: a cache outage makes pages slower, never broken; a database outage answers 503 + Retry-After.

The cache here is production's ``ResilientRedisCache`` pointed at a port nothing listens on, with production's
``cached_db`` sessions. The real-process versions (a redis-server stopped mid-run, PostgreSQL behind a paused
proxy) are in ``tests/live/test_outages_live.py``.
"""

from decimal import Decimal

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.test import Client, override_settings

from catalog.channels import get_channels
from catalog.models import Product
from catalog.throttle import FailureCounter
from checkout.models import Order, ShippingRate
from cms.cache import ALL, generation_tag
from tests.factories import CHECKOUT_ADDRESS as ADDRESS
from tests.factories import make_product

pytestmark = pytest.mark.django_db

REDIS_DOWN = {
    "default": {
        "BACKEND": "catalog.resilient_cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there: every connection is refused
        "OPTIONS": {"breaker_seconds": 5},
    }
}


@pytest.fixture
def coffee(home, store, chans):
    ShippingRate.objects.create(
        store=store, channel=chans["indonesia"], name="JNE REG", price=Decimal("15000")
    )
    return make_product(store, "Kopi Arabika", slug="kopi-arabika", stock=5, price_idr=50000)


def place(client) -> int:
    data = dict(ADDRESS)
    quote = client.post("/checkout/", {**data, "action": "refresh"}).context["quote"]
    for group in quote.stores:
        data[f"shipping_{group.store.pk}"] = group.shipping_options[0].key
    form = client.post("/checkout/", {**data, "action": "refresh"}).context["form"]
    data.update(
        action="place", idempotency_key=form["idempotency_key"].value(), snapshot=form["snapshot"].value()
    )
    return client.post("/checkout/", data).status_code


@override_settings(CACHES=REDIS_DOWN, SESSION_ENGINE="django.contrib.sessions.backends.cached_db")
def test_with_redis_down_a_buyer_browses_fills_a_cart_and_places_an_order(client, store, coffee):
    assert client.get("/").status_code == 200
    assert client.get(f"/{store.slug}/").status_code == 200
    assert client.get(f"/{store.slug}/p/kopi-arabika/").status_code == 200
    assert (
        client.post("/cart/add/", {"variant": coffee.variants.first().pk, "quantity": 2}).status_code == 302
    )
    assert Session.objects.count() == 1  # the cart's session is in the database, not only in Redis
    assert "Kopi Arabika" in client.get("/cart/").content.decode()
    assert place(client) == 302
    assert Order.objects.count() == 1


@override_settings(CACHES=REDIS_DOWN)
def test_with_redis_down_the_channel_list_comes_from_the_database(chans):
    assert {c.slug for c in get_channels()} == {c.slug for c in chans.values() if c.is_active}


@override_settings(CACHES=REDIS_DOWN)
def test_with_redis_down_the_page_cache_is_bypassed_so_pages_are_never_stale(client, store, coffee):
    first = client.get(f"/{store.slug}/p/kopi-arabika/")
    assert "X-Opop-Cache" not in first
    Product.objects.filter(pk=coffee.pk).update(title="Kopi Arabika Gayo")  # no signal, no invalidation
    assert "Kopi Arabika Gayo" in client.get(f"/{store.slug}/p/kopi-arabika/").content.decode()
    anonymous = Client()  # no cookie: the shared-page path of SharedPageMiddleware
    assert "Kopi Arabika Gayo" in anonymous.get(f"/{store.slug}/p/kopi-arabika/").content.decode()


# -- database outage ----------------------------------------------------------------------------------------------
def lost_connection(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


def assert_try_again(response, text="Toko sedang tidak dapat diakses sebentar"):
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert text in response.content.decode()


def test_a_view_that_loses_the_database_answers_503_with_retry_after(client, store, coffee, monkeypatch):
    monkeypatch.setattr("catalog.selectors.product_listing", lost_connection)
    assert_try_again(client.get("/search/?q=kopi"))
    client.post("/channel/", {"channel": "international", "next": "/"})
    assert_try_again(client.get("/search/?q=kopi"), "The shop is briefly unavailable")


def test_a_middleware_that_loses_the_database_answers_503_not_500(store, coffee, monkeypatch):
    monkeypatch.setattr("catalog.channels.get_channels", lost_connection)
    buyer = Client(raise_request_exception=False)
    assert_try_again(buyer.get("/"))


def test_a_session_save_that_loses_the_database_answers_503_not_400(client, store, coffee, monkeypatch):
    """Django turns a failed session update into ``SessionInterrupted`` (400, "we could not process this
    request"): the buyer did nothing wrong, so it is the 503 "try again" page."""
    client.post("/cart/add/", {"variant": coffee.variants.first().pk, "quantity": 1})
    monkeypatch.setattr(Session, "save", lost_connection)
    response = client.post("/cart/add/", {"variant": coffee.variants.first().pk, "quantity": 1})
    assert_try_again(response)


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_other_bad_requests_keep_the_400_page(client, store):
    response = client.get("/", HTTP_HOST="not-allowed.example")
    assert response.status_code == 400
    assert "Permintaan ini tidak bisa kami proses" in response.content.decode()


@override_settings(CACHES=REDIS_DOWN)
def test_with_redis_down_guessing_limits_still_block_per_process():
    counter = FailureCounter("outage-test", limit=3, window_seconds=60)
    for _ in range(3):
        assert not counter.blocked("203.0.113.7")
        counter.fail("203.0.113.7")
    assert counter.blocked("203.0.113.7") and not counter.blocked("203.0.113.8")
    counter.reset("203.0.113.7")
    assert not counter.blocked("203.0.113.7")


@override_settings(CACHES=REDIS_DOWN)
def test_with_redis_down_feed_etags_change_on_every_call_so_nothing_is_answered_not_modified():
    assert generation_tag(ALL) != generation_tag(ALL)
