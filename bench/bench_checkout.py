"""Checkout benchmark: orders placed per second on PostgreSQL, with and without contention on one variant.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opop_c python bench/bench_checkout.py [--threads 8] [--orders 400]

It creates a throw-away test database (``test_<name>``, like the test runner), so it never touches real data.
Each order goes through the real service (``checkout.services.placement.place_order``: quote, snapshot check,
stock row locks, Checkout + Order + lines + reservations, "placed" e-mail rendered after commit), not HTTP.

- **spread**: every thread buys its own variant (no shared row lock), the throughput ceiling of the database.
- **contended**: every thread buys the same variant (with stock for all), so each placement waits for the
  previous one's ``SELECT … FOR UPDATE`` on that Stock row: the worst case of a flash sale on one product.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--orders", type=int, default=400, help="orders per scenario")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection, connections
    from django.test.utils import setup_test_environment

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL server: this benchmark measures row locking.")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from checkout.tests.utils import cart_with, flat_rate, place
        from tests.factories import channels, make_product, make_store

        idr = channels()["indonesia"]
        store = make_store("Bench Pondok", slug="bench-pondok")
        flat_rate(store, idr)

        def run(name: str, products) -> None:
            per_thread = args.orders // args.threads
            carts = [[cart_with(idr, (products[t], 1)) for _ in range(per_thread)] for t in range(args.threads)]
            errors: list[Exception] = []
            barrier = threading.Barrier(args.threads + 1)

            def worker(t: int) -> None:
                barrier.wait()
                try:
                    for cart in carts[t]:
                        place(cart, idr)
                except Exception as exc:  # noqa: BLE001 - reported below
                    errors.append(exc)
                finally:
                    connections.close_all()

            threads = [threading.Thread(target=worker, args=(t,)) for t in range(args.threads)]
            for th in threads:
                th.start()
            barrier.wait()
            started = time.perf_counter()
            for th in threads:
                th.join()
            elapsed = time.perf_counter() - started
            done = per_thread * args.threads - len(errors)
            print(f"{name:10s} threads={args.threads:3d} orders={done:5d} errors={len(errors)} "
                  f"time={elapsed:6.2f}s  {done / elapsed:7.1f} orders/s")

        spread = [make_product(store, f"Produk {t}", stock=10_000) for t in range(args.threads)]
        run("spread", spread)
        hot = make_product(store, "Kopi Flash Sale", stock=10_000)
        run("contended", [hot] * args.threads)
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
