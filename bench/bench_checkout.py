"""Checkout benchmark: orders placed per second on PostgreSQL, with and without contention on one variant.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opop_c python bench/bench_checkout.py [--threads 8] [--orders 400]

It creates a throw-away test database (``test_<name>``, like the test runner), so it never touches real data.
Each order goes through the real services as the "place order" request calls them, not HTTP: the cart's lines read
once, the page's quote (``checkout_page_quote`` with the buyer's shipping pick), then ``place_order`` with that quote
(snapshot check, stock row locks, Checkout + Order + lines + reservations, "placed" e-mail rendered after commit).
The snapshot the buyer confirms comes from an earlier page view, made before the clock starts. ``--as-before``
times the test helper ``checkout.tests.utils.place`` instead (two quotes, then ``place_order`` pricing again), the
path measured before issue 11.8.

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
    parser.add_argument("--as-before", action="store_true", help="time checkout.tests.utils.place (3 pricings)")
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

        placer = place if args.as_before else like_the_view

        idr = channels()["indonesia"]
        store = make_store("Bench Pondok", slug="bench-pondok")
        flat_rate(store, idr)

        def run(name: str, products) -> None:
            per_thread = args.orders // args.threads
            carts = [
                [shown(cart_with(idr, (products[t], 1)), idr) for _ in range(per_thread)] for t in range(args.threads)
            ]
            errors: list[Exception] = []
            barrier = threading.Barrier(args.threads + 1)

            def worker(t: int) -> None:
                barrier.wait()
                try:
                    for cart in carts[t]:
                        placer(cart, idr)
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


def shown(cart, channel):
    """The cart as the buyer's last page view left it: the snapshot and shipping pick its form will post."""
    from checkout.services.checkout_page import checkout_page_quote
    from checkout.tests.utils import details

    quote = checkout_page_quote(cart, channel, details().address).quote
    cart.posted = {g.store.pk: g.shipping.key for g in quote.stores}, quote.signed_snapshot()
    return cart


def like_the_view(cart, channel):
    """What ``checkout.views.checkout_view`` does for "place order": read the cart once, price the page with the
    posted picks, place that quote."""
    import uuid

    from checkout.services.cart import cart_items
    from checkout.services.checkout_page import checkout_page_quote
    from checkout.services.placement import place_order
    from checkout.tests.utils import details

    picks, snapshot = cart.posted
    d = details()
    items, _notes = cart_items(cart)
    page = checkout_page_quote(cart, channel, d.address, requested=picks, items=items)
    return place_order(
        cart=cart, channel=channel, details=d, shipping_choices=picks, voucher_code="",
        idempotency_key=uuid.uuid4().hex, snapshot=snapshot, quote=page.quote, items=items,
    ).checkout


if __name__ == "__main__":
    main()
