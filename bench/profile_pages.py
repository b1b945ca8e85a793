#!/usr/bin/env python
"""Profile buyer pages in-process with the page cache off: time per page and where it goes.

    DATABASE_URL=sqlite:////tmp/opop-bench/bench-50x100.sqlite3 python bench/profile_pages.py [--pages 20]

Renders ``--pages`` product pages (different products) and as many listing pages through Django's test client
under production settings, after one warm-up request each, and prints the mean time per page, the SQL time and the
functions with the most cumulative time (cProfile).
"""

import argparse
import cProfile
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.production")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ["OPOP_PAGE_CACHE"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def urls(pages: int) -> dict[str, list[str]]:
    from catalog.models import Product

    products = Product.objects.filter(live=True, store__is_active=True).order_by("pk").values_list("store__slug", "slug")
    return {
        "product page": [f"/{store}/p/{slug}/" for store, slug in products[:pages]],
        "listing (name, 24 cards)": [f"/search/?urut=name&hal={n}" for n in range(1, pages + 1)],
    }


def profile(kind: str, paths: list[str], top: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for path in paths:
        client.get(path)  # warm-up: templates, route map, channel and category caches
    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        profiler.enable()
        for path in paths:
            assert client.get(path).status_code == 200, path
        profiler.disable()
        elapsed = time.perf_counter() - started
    sql = sum(float(q["time"]) for q in ctx.captured_queries)
    print(f"\n{kind}: {elapsed / len(paths) * 1000:.1f} ms per page, of which SQL {sql / len(paths) * 1000:.1f} ms, "
          f"{len(ctx) / len(paths):.1f} queries")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    setup()
    for kind, paths in urls(args.pages).items():
        profile(kind, paths, args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
