"""Round trips a placement no longer makes (issue 11.8, round 3), and that what they guarded still holds: an order
number clash, Wagtail's reference index, the cart lines' delete."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, ReferenceIndex

from checkout.models import Checkout, Order
from checkout.services import placement
from cms.routing import GENERATION_KEY
from tests.factories import make_product

from .utils import cart_with, flat_rate, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def idr(chans):
    return chans["indonesia"]


def test_an_order_number_that_is_taken_is_drawn_again_and_nothing_is_written_twice(idr, store):
    flat_rate(store, idr)
    taken = place(cart_with(idr, (make_product(store, "Kopi", slug="kopi", stock=5), 1)), idr).orders.get().number
    cart = cart_with(idr, (make_product(store, "Madu", slug="madu", stock=5), 1))
    draws = iter([taken, "OP-2345-6789"])
    with mock.patch.object(placement, "new_order_number", side_effect=lambda: next(draws)):
        checkout = place(cart, idr)
    assert checkout.orders.get().number == "OP-2345-6789"
    assert Checkout.objects.count() == 2 and Order.objects.count() == 2
    assert not cart.lines.exists()


def test_a_number_that_keeps_clashing_refuses_the_placement_and_writes_nothing(idr, store):
    flat_rate(store, idr)
    taken = place(cart_with(idr, (make_product(store, "Kopi", slug="kopi", stock=5), 1)), idr).orders.get().number
    cart = cart_with(idr, (make_product(store, "Madu", slug="madu", stock=5), 1))
    with mock.patch.object(placement, "new_order_number", return_value=taken), pytest.raises(Exception) as refused:
        place(cart, idr)
    assert "number" in str(refused.value).lower()
    assert Checkout.objects.count() == 1 and cart.lines.count() == 1


def test_placing_an_order_does_not_ask_whether_its_number_exists(idr, store):
    flat_rate(store, idr)
    cart = cart_with(idr, (make_product(store, "Kopi", slug="kopi", stock=5), 1))
    with CaptureQueriesContext(connection) as ctx:
        place(cart, idr)
    assert not [q["sql"] for q in ctx.captured_queries if 'FROM "checkout_order" WHERE "checkout_order"."number"' in q["sql"]]


def test_saving_an_order_leaves_wagtails_reference_index_alone(idr, store):
    flat_rate(store, idr)
    cart = cart_with(idr, (make_product(store, "Kopi", slug="kopi", stock=5), 1))
    with CaptureQueriesContext(connection) as ctx:
        order = place(cart, idr).orders.get()
        order.courier = "JNE"
        order.save()
    assert not ReferenceIndex.is_indexed(Order)
    assert not [q["sql"] for q in ctx.captured_queries if "wagtailcore_referenceindex" in q["sql"]]
    assert not ReferenceIndex.objects.filter(object_id=str(order.pk), base_content_type__model="order").exists()


def test_emptying_the_cart_at_placement_deletes_its_lines_without_reading_them_first(idr, store):
    flat_rate(store, idr)
    cart = cart_with(idr, (make_product(store, "Kopi", slug="kopi", stock=5), 1))
    with CaptureQueriesContext(connection) as ctx:
        place(cart, idr)
    sql = [q["sql"] for q in ctx.captured_queries]
    deleted_at = next(i for i, q in enumerate(sql) if q.startswith('DELETE FROM "checkout_cartline"'))
    assert 'FROM "checkout_cartline"' not in sql[deleted_at - 1], sql[deleted_at - 1]  # no collector's SELECT


def test_deleting_a_page_still_rebuilds_the_route_map(store):
    page = Page.objects.filter(depth__gt=1).order_by("-depth").specific().first()
    assert page is not None
    before = cache.get(GENERATION_KEY)
    page.delete()
    assert cache.get(GENERATION_KEY) != before
