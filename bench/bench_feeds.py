"""Product feed benchmark: a Google and a Meta feed of a large catalogue, streamed, with time and memory figures.

    python bench/bench_feeds.py [--products 50000]                       # SQLite (in a throw-away test database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opop_f python bench/bench_feeds.py --products 50000

It creates a throw-away test database (like the test runner), one store with a live storefront, ``--products``
published products with a listing row each in the Indonesian channel (bulk-created, sharing one photo), one
variant each with its price (every other one with a GTIN, read by the feed's identifier subqueries) and two
shipping rates for the store (``g:shipping``), then
requests ``/feeds/indonesia/google.xml`` and ``/feeds/indonesia/meta.csv`` through Django's test client and reads
the streamed body chunk by chunk, as a WSGI server would. Prints items, bytes, seconds, queries, and the peak of
Python memory allocated while streaming (``tracemalloc``) beside the process's resident size: a streamed feed's
peak must not grow with the catalogue.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.test")


def build_catalogue(count: int) -> None:
    from django.core.files.images import ImageFile
    from django.utils import timezone
    from PIL import Image

    from catalog.models import Channel, Product, ProductListing, Variant, VariantPrice
    from checkout.models import ShippingRate
    from cms.models import ShopImage
    from cms.provisioning import ensure_home_page
    from tests.factories import channels, make_store

    ensure_home_page()
    channels()
    store = make_store("Toko Besar", slug="toko-besar")
    buffer = io.BytesIO()
    Image.new("RGB", (800, 800), (120, 80, 40)).save(buffer, "JPEG")
    photo = ShopImage.objects.create(title="foto", file=ImageFile(buffer, name="foto.jpg"))
    channel = Channel.objects.get(slug="indonesia")
    for name, price in (("JNE REG", 15000), ("JNE YES", 30000)):
        ShippingRate.objects.create(store=store, channel=channel, name=name, price=Decimal(price))
    now = timezone.now()
    for start in range(0, count, 5000):
        batch = range(start, min(count, start + 5000))
        products = Product.objects.bulk_create(
            Product(store=store, title=f"Produk {i}", slug=f"produk-{i}", live=True, summary=f"Produk nomor {i}.")
            for i in batch
        )
        ProductListing.objects.bulk_create(
            ProductListing(product=p, channel=channel, store=store, title=p.title, slug=p.slug, created_at=now,
                           price=Decimal(10000 + i), in_stock=i % 7 != 0, image=photo, visible=True)
            for i, p in zip(batch, products, strict=True)
        )
        variants = Variant.objects.bulk_create(
            Variant(product=p, sku=f"P-{i}", sort_order=0, gtin="96385074" if i % 2 else "")
            for i, p in zip(batch, products, strict=True)
        )
        VariantPrice.objects.bulk_create(
            VariantPrice(variant=v, channel=channel, amount=Decimal(10000 + i))
            for i, v in zip(batch, variants, strict=True)
        )


def stream(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tracemalloc.start()
    started = time.perf_counter()
    size = chunks = 0
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        for chunk in response.streaming_content:
            size += len(chunk)
            chunks += 1
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"url": url, "status": response.status_code, "chunks": chunks, "bytes": size, "seconds": seconds,
            "queries": len(queries.captured_queries), "peak_mb": peak / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=50000)
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        build_catalogue(args.products)
        print(f"{connection.vendor}: {args.products} products built in {time.perf_counter() - started:.1f} s")
        client = Client(HTTP_HOST="localhost")
        for url in ("/feeds/indonesia/google.xml", "/feeds/indonesia/meta.csv"):
            r = stream(client, url)
            print(f"{r['url']}: {r['status']}, {r['bytes'] / 2**20:.1f} MB in {r['chunks']} chunks, "
                  f"{r['seconds']:.1f} s ({args.products / r['seconds']:.0f} items/s), {r['queries']} queries, "
                  f"peak Python allocation while streaming {r['peak_mb']:.1f} MB")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"process peak resident size {rss:.0f} MB (includes building the catalogue)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
