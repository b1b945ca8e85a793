"""Product import benchmark: a file of N rows checked (dry run) and applied, then applied again, then a stock-only
file of the same SKUs.

    python bench/bench_import.py [--rows 5000] [--variants 1] [--draft]          # SQLite (throw-away test database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opop_bulk python bench/bench_import.py --rows 5000

It creates a throw-away test database (like the test runner), one store, and a CSV of ``--rows`` rows (``--variants``
rows per product) with IDR and MYR prices, stock and a halal number on every product, then times
``catalog.services.product_import.check`` and ``apply`` (published unless ``--draft``: a revision per product and
its publication, as the admin does) with the search/reference indexing task timed apart (it runs after the
commit, in the task worker), the same file applied again (nothing changes: no writes), and a stock-only
file of every SKU. Target (issue 13.4): 5,000 rows applied in under a minute on the development machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.test")

HEADER = "product_slug,title,halal_cert_no,sku,variant_name,weight_grams,price_idr,price_myr,stock"


def make_file(rows: int, variants: int) -> bytes:
    lines = [HEADER]
    for n in range(rows):
        product, variant = divmod(n, variants)
        lines.append(f"produk-{product},Produk {product},ID3511000012345{product % 10000:04d},SKU-{n},Varian {variant},"
                     f"250,{25000 + n},{9 + n % 50}.50,{n % 40}")
    return ("\n".join(lines) + "\n").encode()


def timed(label: str, run):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()  # the log keeps 9,000 queries: count from zero for each step
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = run()
    seconds = time.perf_counter() - started
    count = len(queries.captured_queries)
    shown = f"{count}" if count < connection.queries_log.maxlen else f"over {count}"
    print(f"{label}: {seconds:.1f} s, {shown} queries", flush=True)
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--variants", type=int, default=1, help="rows (variants) per product")
    parser.add_argument("--draft", action="store_true", help="import as drafts instead of publishing")
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import setup_test_environment
    from django.utils import translation

    from catalog.indexing import index_products
    from catalog.models import ImportMode, Product, ProductListing, Stock
    from catalog.services import product_import
    from tests.factories import channels, make_store

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        translation.activate("id")
        channels()
        store = make_store("Toko Besar", slug="toko-besar")
        content, publish = make_file(args.rows, args.variants), not args.draft
        print(f"{connection.vendor}: {args.rows} rows, {args.rows // args.variants} products, "
              f"{'published' if publish else 'drafts'}, {len(content) / 1024:.0f} KB CSV", flush=True)
        report, _ = timed("check (dry run)", lambda: product_import.check(store, content, "csv", publish=publish))
        assert report.ok and report.count("created") == args.rows, report.problems[:3]
        with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
            _, seconds = timed("apply", lambda: product_import.apply(store, content, "csv", publish=publish))
        ids = list(Product.objects.filter(store=store).values_list("pk", flat=True))
        timed("  then the search and reference index task (in the background in production)",
              lambda: index_products.call(ids))
        print(f"  {args.rows / seconds:.0f} rows/s; products {Product.objects.filter(store=store).count()}, "
              f"listing rows {ProductListing.objects.filter(store=store).count()}, "
              f"stock rows {Stock.objects.filter(store=store).count()}")
        again, _ = timed("apply the same file again", lambda: product_import.apply(store, content, "csv",
                                                                                 publish=publish))
        assert again.count("unchanged") == args.rows
        stock = ("sku,stock\n" + "".join(f"SKU-{n},{n % 40 + 1}\n" for n in range(args.rows))).encode()
        timed("stock-only file of every SKU", lambda: product_import.apply(store, stock, "csv",
                                                                          mode=ImportMode.STOCK))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
