"""The listing and product-page queries are served by indexes on SQLite and PostgreSQL (catalog.db_statistics).

The issue this pins: without statistics SQLite walked every price row for every product (22 s for a listing of
5,000 products). Listings now read ProductListing rows through a partial index per sort, never prices; the
product page reads prices, stock and its related cards through indexes. Plans are read after ANALYZE, as the
shop runs; on PostgreSQL sequential scans are disabled for the check, because on a test-sized table a scan is
always cheapest: what is checked is that an index serves the query, so none grows with the catalog.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from catalog import selectors
from catalog.db_statistics import analyze
from catalog.filters import SORTS
from catalog.models import Product, ProductListing, Stock, Variant, VariantPrice
from tests.factories import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(chans, store):
    make_product(store, "Kopi Ijen", slug="kopi-ijen")
    # Plenty of rows, written in bulk (no signals): what the planner sees on a real catalog.
    now = timezone.now()
    products = Product.objects.bulk_create(
        [Product(store=store, title=f"Produk {i:04}", slug=f"produk-{i}", live=True) for i in range(3000)]
    )
    variants = Variant.objects.bulk_create([Variant(product=p, sku=f"SKU-B{p.pk}") for p in products])
    VariantPrice.objects.bulk_create(
        [VariantPrice(variant=v, channel=c, amount=Decimal(5000)) for v in variants for c in chans.values()]
    )
    Stock.objects.bulk_create([Stock(store=store, sku=v.sku, quantity=5) for v in variants])
    ProductListing.objects.bulk_create([
        ProductListing(product=p, channel=chans["indonesia"], store=store, title=p.title, slug=p.slug,
                       created_at=now, price=Decimal(1000 + i), in_stock=True, visible=True)
        for i, p in enumerate(products)
    ])
    analyze()
    return chans


def plan(qs) -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    return qs.explain()


def assert_indexed(text: str, table: str) -> None:
    if connection.vendor == "postgresql":
        assert f"Seq Scan on {table}" not in text, text
    else:  # "SCAN t USING INDEX i" walks an index in order; a bare "SCAN t" reads the whole table
        full_scans = [line for line in text.splitlines() if f"SCAN {table}" in line and "USING" not in line]
        assert not full_scans, text


def test_listing_pages_read_listing_rows_through_an_index_per_sort(catalog):
    channel = catalog["indonesia"]
    for sort in ("newest", "price", "name"):
        qs = selectors.listing_rows(channel).order_by(*SORTS[sort])[1176:1200]  # page 50
        text = plan(qs)
        assert "catalog_variantprice" not in text and "checkout_reservation" not in text
        assert_indexed(text, "catalog_productlisting")
        assert "TEMP B-TREE" not in text and "Sort  " not in text.replace("Sort Key", ""), (sort, text)


def test_product_page_queries_use_indexes(catalog, store):
    product = Product.objects.get(slug="kopi-ijen")
    channel = catalog["indonesia"]
    prices = VariantPrice.objects.filter(variant__product=product, variant__is_active=True, channel=channel)
    assert_indexed(plan(prices), "catalog_variantprice")
    assert_indexed(plan(Product.objects.live().filter(store=store, slug="kopi-ijen")), "catalog_product")
    stock = selectors.stock_with_available().filter(store=store, sku__in=["SKU-1"])
    assert_indexed(plan(stock), "catalog_stock")
    related = selectors.listing_rows(channel).filter(store=store).order_by("-created_at")[:4]
    assert_indexed(plan(related), "catalog_productlisting")
