"""Listing rows (catalog.ProductListing) stay equal to a fresh computation through every kind of change."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import ProductListing, Stock, VariantPrice
from catalog.services import listings
from catalog.services.listings import mismatches
from checkout.models import ReservationStatus
from checkout.services.expiry import release_expired_reservations
from checkout.services.orders import transition
from checkout.tests.utils import cart_with, place
from cms.models import StorefrontPage
from tests.factories import make_product

pytestmark = pytest.mark.django_db


def row(product, channel="indonesia"):
    return ProductListing.objects.get(product=product, channel__slug=channel)


def test_rows_follow_prices_stock_reservations_store_and_storefront(chans, store, other_store):
    kopi = make_product(store, "Kopi Ijen", slug="kopi-ijen", price_idr=30000, stock=1)
    make_product(other_store, "Batik", slug="batik", price_myr=None)
    assert row(kopi).price == Decimal("30000") and row(kopi).in_stock and row(kopi).visible
    assert not ProductListing.objects.filter(product__slug="batik", channel__slug="international").exists()

    price = VariantPrice.objects.get(variant__product=kopi, channel__slug="indonesia")
    price.amount, price.compare_at_amount = Decimal("27000"), Decimal("35000")
    price.save()
    assert (row(kopi).price, row(kopi).compare_at) == (Decimal("27000"), Decimal("35000"))

    checkout = place(cart_with(chans["indonesia"], (kopi, 1)), chans["indonesia"])  # reserves the last unit
    assert not row(kopi).in_stock
    order = checkout.orders.get()
    transition(order, "cancelled")  # releases the reservation
    assert row(kopi).in_stock
    assert mismatches() == []

    store.is_active = False
    store.save()
    assert not row(kopi).visible
    store.is_active = True
    store.save()
    StorefrontPage.objects.get(store=store).unpublish()
    assert not row(kopi).visible
    StorefrontPage.objects.get(store=store).save_revision().publish()
    assert row(kopi).visible
    assert mismatches() == []


def test_a_renamed_store_shows_its_new_name_on_every_card(client, chans, store, settings):
    """Cards read the store's name and slug from the listing row, so saving the store rewrites them."""
    settings.OPOP_PAGE_CACHE = False
    kopi = make_product(store, "Kopi Ijen", slug="kopi-ijen")
    assert (row(kopi).store_name, row(kopi).store_slug) == (store.name, store.slug)
    store.name = "Koperasi Kopi An Nur"
    store.save()
    assert row(kopi).store_name == "Koperasi Kopi An Nur"
    assert row(kopi, "international").store_name == "Koperasi Kopi An Nur"
    assert "Koperasi Kopi An Nur" in client.get("/search/").content.decode()
    assert mismatches() == []


def test_stock_edits_and_lapsed_reservations_move_the_stock_flag(chans, store):
    kopi = make_product(store, "Kopi Ijen", slug="kopi-ijen", stock=1)
    stock = Stock.objects.get(sku=kopi.variants.get().sku)
    stock.quantity = 0
    stock.save()
    assert not row(kopi).in_stock and not row(kopi, "international").in_stock
    stock.quantity = 2
    stock.save()
    checkout = place(cart_with(chans["indonesia"], (kopi, 2)), chans["indonesia"])
    assert not row(kopi).in_stock
    reservation = checkout.orders.get().lines.get().reservations.get()
    reservation.reserved_until = timezone.now() - timedelta(minutes=1)
    reservation.save()
    release_expired_reservations()
    assert reservation.__class__.objects.get(pk=reservation.pk).status == ReservationStatus.RELEASED
    assert row(kopi).in_stock
    assert mismatches() == []


def test_publishing_an_unpublished_product_lists_it_and_unpublishing_hides_it(chans, store):
    kopi = make_product(store, "Kopi Ijen", slug="kopi-ijen")
    kopi.unpublish()
    assert not row(kopi).visible
    kopi.title = "Kopi Ijen Premium"
    kopi.save_revision().publish()
    assert row(kopi).visible and row(kopi).title == "Kopi Ijen Premium"
    assert mismatches() == []


def test_rebuild_repairs_rows_changed_behind_the_services_back(chans, store):
    kopi = make_product(store, "Kopi Ijen", slug="kopi-ijen", price_idr=30000)
    ProductListing.objects.filter(product=kopi).update(price=1, in_stock=False)  # a bulk update, no signal
    assert len(mismatches()) == 2
    listings.rebuild_all()
    assert mismatches() == [] and row(kopi).price == Decimal("30000")
