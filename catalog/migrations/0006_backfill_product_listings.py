"""Fill ProductListing for the products that exist before the table did.

Written against the historical models (a migration must not import today's services); it computes what
``catalog.services.listings.compute`` does. ``manage.py refresh_listings --check`` compares the table with the
services' own computation at any time.
"""

from collections import defaultdict

from django.db import migrations
from django.utils import timezone


def _available(Stock, Reservation, now):
    reserved = defaultdict(int)
    for stock_id, quantity in Reservation.objects.filter(status="active", reserved_until__gt=now).values_list(
        "stock_id", "quantity"
    ):
        reserved[stock_id] += quantity
    return {
        (store_id, sku): max(0, q - allocated - reserved[pk])
        for pk, store_id, sku, q, allocated in Stock.objects.values_list(
            "pk", "store_id", "sku", "quantity", "quantity_allocated"
        )
    }


def backfill(apps, schema_editor):
    Product = apps.get_model("catalog", "Product")
    VariantPrice = apps.get_model("catalog", "VariantPrice")
    ProductImage = apps.get_model("catalog", "ProductImage")
    ProductListing = apps.get_model("catalog", "ProductListing")
    try:
        Reservation = apps.get_model("checkout", "Reservation")
    except LookupError:  # checkout not installed: nothing is reserved
        Reservation = None
    now = timezone.now()
    available = _available(apps.get_model("catalog", "Stock"), Reservation, now) if Reservation else {}
    first_image = {}
    for product_id, image_id, alt in ProductImage.objects.order_by("product_id", "sort_order", "pk").values_list(
        "product_id", "image_id", "alt_text"
    ):
        first_image.setdefault(product_id, (image_id, alt[:200]))
    products = {p.pk: p for p in Product.objects.select_related("store")}
    live_storefronts = set()
    try:
        StorefrontPage = apps.get_model("cms", "StorefrontPage")
        live_storefronts = set(StorefrontPage.objects.filter(live=True).values_list("store_id", flat=True))
    except LookupError:
        pass
    cheapest, in_stock = {}, defaultdict(bool)
    for price in VariantPrice.objects.filter(variant__is_active=True).select_related("variant").order_by("amount", "pk"):
        product = products[price.variant.product_id]
        key = (product.pk, price.channel_id)
        cheapest.setdefault(key, price)
        in_stock[key] |= available.get((product.store_id, price.variant.sku), 0) > 0
    rows = []
    for (product_id, channel_id), price in cheapest.items():
        p = products[product_id]
        image_id, alt = first_image.get(product_id, (None, ""))
        rows.append(ProductListing(
            product_id=product_id, channel_id=channel_id, store_id=p.store_id, category_id=p.category_id,
            title=p.title, slug=p.slug, created_at=p.created_at, price=price.amount,
            compare_at=price.compare_at_amount, in_stock=in_stock[(product_id, channel_id)],
            is_halal=bool(p.halal_cert_no), image_id=image_id, image_alt=alt,
            visible=bool(p.live and p.store.is_active and p.store_id in live_storefronts),
        ))
    ProductListing.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_product_listing"),
        ("checkout", "0001_initial"),
        ("cms", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
