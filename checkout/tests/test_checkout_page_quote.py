"""The checkout page's one quote (``checkout_page_quote``), the overridable placement steps (``OrderPlacer``)
and the one stock-shortfall helper (issue 12 item 5)."""

from decimal import Decimal
from unittest import mock

import pytest

from catalog.models import Stock
from checkout.errors import InsufficientStock, VoucherError
from checkout.models import Checkout, OrderEvent, OrderEventType
from checkout.services import checkout_page
from checkout.services.checkout_page import checkout_page_quote, requested_shipping
from checkout.services.placement import OrderPlacer, place_order
from checkout.services.pricing import Address
from checkout.services.stock import shortfall
from tests.factories import make_product

from .utils import cart_with, details, flat_rate, place

pytestmark = pytest.mark.django_db

MALANG = Address(country="ID", province_code="35", regency_code="35.07")


@pytest.fixture
def idr(chans):
    return chans["indonesia"]


@pytest.fixture
def cart(store, idr):
    flat_rate(store, idr, Decimal("15000"), name="JNE REG")
    flat_rate(store, idr, Decimal("0"), name="Ambil di pondok", is_pickup=True)
    return cart_with(idr, (make_product(store, "Kopi Arabika", stock=5, price_idr=50000), 2))


def counted(fn):
    """``fn`` plus how many times the cart was priced while it ran."""
    with mock.patch.object(checkout_page, "quote_cart", wraps=checkout_page.quote_cart) as spy:
        result = fn()
    return result, spy.call_count


def test_the_first_view_shows_the_first_shipping_option_in_the_total(cart, idr, store):
    page, pricings = counted(lambda: checkout_page_quote(cart, idr, MALANG))
    group = page.quote.stores[0]
    assert group.shipping == group.shipping_options[0]
    assert page.quote.total == Decimal("100000") + group.shipping.cost
    assert pricings == 2  # the options, then the total with the pre-selected one


def test_a_page_posted_with_offered_picks_is_priced_once(cart, idr, store):
    first = checkout_page_quote(cart, idr, MALANG).quote.stores[0]
    pickup = first.shipping_options[-1].key
    page, pricings = counted(lambda: checkout_page_quote(cart, idr, MALANG, requested={store.pk: pickup}))
    assert page.quote.stores[0].shipping.key == pickup
    assert pricings == 1


def test_a_pick_the_address_no_longer_offers_falls_back_to_the_first_option(cart, idr, store):
    page = checkout_page_quote(cart, idr, MALANG, requested={store.pk: "no-such-option"})
    group = page.quote.stores[0]
    assert group.shipping == group.shipping_options[0] and not page.voucher_error


def test_a_voucher_that_does_not_apply_is_reported_and_the_quote_is_without_it(cart, idr):
    guarded = []

    def guard(code, price):
        guarded.append(code)
        return price(code)

    page = checkout_page_quote(cart, idr, MALANG, voucher_code=" NOPE ", guard=guard)
    assert "NOPE" in page.voucher_error and not page.voucher_applies
    assert page.quote.voucher is None and page.quote.stores[0].shipping is not None
    assert guarded == ["NOPE"]


def test_shipping_picks_are_read_from_the_form_fields_only():
    assert requested_shipping(
        {"shipping_7": "rate-3", "shipping_x": "1", "shipping_8": "", "email": "a"}
    ) == {7: "rate-3"}


def test_placing_from_the_page_prices_the_cart_once_the_placement_reuses_the_pages_quote(client, store, idr):
    from checkout.services import placement

    from .test_checkout import ADDRESS

    flat_rate(store, idr, Decimal("15000"), name="JNE REG")
    product = make_product(store, "Kopi Robusta", stock=5, price_idr=40000)
    client.post("/cart/add/", {"variant": product.variants.get().pk, "quantity": 1})
    shown = client.post("/checkout/", {**ADDRESS, "action": "refresh"})
    form, quote = shown.context["form"], shown.context["quote"]
    data = {
        **ADDRESS,
        "action": "place",
        "idempotency_key": form["idempotency_key"].value(),
        "snapshot": form["snapshot"].value(),
        f"shipping_{store.pk}": quote.stores[0].shipping.key,
    }
    with (
        mock.patch.object(checkout_page, "quote_cart", wraps=checkout_page.quote_cart) as page_pricing,
        mock.patch.object(placement, "quote_cart", wraps=placement.quote_cart) as placement_pricing,
    ):
        response = client.post("/checkout/", data)
    assert response.status_code == 302 and Checkout.objects.count() == 1
    assert (page_pricing.call_count, placement_pricing.call_count) == (1, 0)  # the page's quote is placed


def test_a_quote_priced_for_other_picks_is_not_placed_the_cart_is_priced_again(cart, idr, store):
    options = checkout_page_quote(cart, idr, MALANG).quote.stores[0].shipping_options
    courier, pickup = options[0], options[-1]
    stale = checkout_page_quote(cart, idr, MALANG, requested={store.pk: courier.key}).quote
    shown = checkout_page_quote(cart, idr, MALANG, requested={store.pk: pickup.key}).quote
    placed = place_order(
        cart=cart, channel=idr, details=details(), shipping_choices={store.pk: pickup.key}, voucher_code="",
        idempotency_key="reuse-check", snapshot=shown.signed_snapshot(), quote=stale,
    ).checkout
    assert placed.orders.get().shipping_method == pickup.name and placed.total == shown.total != stale.total


class NotingPlacer(OrderPlacer):
    """A project's placer: one overridden step, the rest as shipped."""

    def record_placed(self, order, checkout):
        super().record_placed(order, checkout)
        OrderEvent.objects.create(order=order, type="project_note", message="gift wrap")


def test_a_project_overrides_one_placement_step_through_settings(cart, idr, settings):
    settings.OPOP_ORDER_PLACER = "checkout.tests.test_checkout_page_quote.NotingPlacer"
    checkout = place(cart, idr)
    order = checkout.orders.get()
    assert list(order.events.values_list("type", flat=True)) == [OrderEventType.PLACED, "project_note"]


def test_a_failing_step_rolls_the_whole_placement_back(cart, idr, settings):
    settings.OPOP_ORDER_PLACER = "checkout.tests.test_checkout_page_quote.RefusingPlacer"
    with pytest.raises(VoucherError):
        place(cart, idr)
    assert not Checkout.objects.exists() and cart.lines.count() == 1


class RefusingPlacer(OrderPlacer):
    def create_lines(self, order, group):
        raise VoucherError("refused by the project")


def test_shortfall_sums_the_demand_on_one_stock_row_and_counts_a_missing_row_as_zero():
    row = mock.Mock(pk=1)
    demand = [("a", row, 2), ("b", row, 2), ("c", None, 1)]
    assert shortfall(demand, {1: 4}) == [("c", 1, 0)]
    assert shortfall(demand, {1: 3}) == [("a", 2, 3), ("b", 2, 3), ("c", 1, 0)]
    assert shortfall(demand[:2], {1: 4}) == []


def test_placement_names_what_is_short_and_how_much_is_left(cart, idr, store):
    Stock.objects.filter(store=store).update(quantity=1)
    with pytest.raises(InsufficientStock) as refused:
        place(cart, idr)
    assert refused.value.items[0][1:] == (2, 1)
