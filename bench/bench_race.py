"""The buyers' race through HTTP (issue 11.8): many buyers press "place order" at the same moment.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opop_c python bench/bench_race.py [--buyers 40] [--stock 5]

It creates a throw-away test database (``test_<name>``), starts the shop as in production (gunicorn,
``shop.settings.production``, ``--workers`` sync workers, local-memory cache unless ``--redis-url``) and drives it
with ``tests/live/buyer.Buyer`` (real cookies, CSRF tokens, the checkout form's snapshot). Every buyer first fills
a cart and reaches the last checkout step; then all of them press "place order" together.

- **race**: ``--stock`` units for ``--buyers`` buyers (the last units of a flash sale): placed, sold out, errors,
  final stock, latency of the placement requests (p50, p95, max) and placements per second.
- **burst**: stock for everybody: the same burst where every placement succeeds.
- **profile**: one placement through the service in this process (``cProfile``, SQL queries counted): where the
  time of a placement goes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.test")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


def race(shop, variant_id: int, buyers: int) -> dict:
    from tests.live.buyer import Buyer

    people = [Buyer(shop, timeout=120) for _ in range(buyers)]

    def prepare(buyer):
        if buyer.add_to_cart(variant_id).status_code != 302:
            return None
        _responses, data, token = buyer.prepare_order()
        return data, token

    with ThreadPoolExecutor(4) as pool:
        forms = list(pool.map(prepare, people))
    barrier = threading.Barrier(buyers + 1)
    results: list[tuple[int, float]] = [(0, 0.0)] * buyers

    def press(i: int) -> None:
        barrier.wait()
        started = time.perf_counter()
        try:
            status = people[i].place(*forms[i]).status_code if forms[i] and forms[i][0] else -1
        except Exception:  # noqa: BLE001 - counted as an error
            status = -2
        results[i] = (status, time.perf_counter() - started)

    threads = [threading.Thread(target=press, args=(i,)) for i in range(buyers)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    codes = Counter(status for status, _ in results)
    latencies = [seconds for _, seconds in results]
    return {
        "attempts": buyers,
        "placed": codes[302],
        "refused": codes[
            400
        ],  # the checkout page again, with "only N left" (placing answers 400 when refused)
        "errors": buyers - codes[302] - codes[400],
        "codes": dict(codes),
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "max": max(latencies),
        "seconds": elapsed,
        "placements_per_s": codes[302] / elapsed if elapsed else 0.0,
    }


def profile_one_placement(channel, product) -> str:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from checkout.tests.utils import cart_with, place

    place(cart_with(channel, (product, 1)), channel)  # warm up (templates, imports)
    cart = cart_with(channel, (product, 1))
    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        profiler.enable()
        place(cart, channel)
        profiler.disable()
        seconds = time.perf_counter() - started
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    head = f"one placement (service, quote twice + place): {seconds * 1000:.0f} ms, {len(queries)} queries"
    return f"{head} ({sql_ms:.0f} ms in SQL as timed by Django)\n{out.getvalue()}"


def profile_http_placement(product) -> str:
    """The whole "place order" request in this process (Django's test client: middleware, session, form, three
    quotes, the placement, the payment start), profiled, its SQL queries counted."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tests.live.buyer import ADDRESS, HIDDEN, SHIPPING

    client = Client()
    client.post("/cart/add/", {"variant": product.variants.first().pk, "quantity": 1})
    data = dict(ADDRESS)
    for _ in range(2):
        page = client.post("/checkout/", {**data, "action": "refresh"}).content.decode()
        data.update(SHIPPING.findall(page))
    data.update(HIDDEN.findall(page), action="place")
    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        profiler.enable()
        response = client.post("/checkout/", data)
        profiler.disable()
        seconds = time.perf_counter() - started
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(
        r"opop|checkout|catalog|cms|django_tasks", 30
    )
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    head = (
        f"one placement request (in process, status {response.status_code}): {seconds * 1000:.0f} ms, "
        f"{len(queries)} queries ({sql_ms:.0f} ms in SQL as timed by Django)"
    )
    listing = "\n".join(f"  {i + 1:3d} {q['sql'][:160]}" for i, q in enumerate(queries.captured_queries))
    listing = f"every query, in order:\n{listing}\n" if os.environ.get("BENCH_LIST_QUERIES") else ""
    return f"{head}\n{slowest(queries.captured_queries)}\n{listing}{out.getvalue()}"


def slowest(captured: list[dict], n: int = 8) -> str:
    """The ``n`` slowest queries of a capture, one line each (time, start of the SQL)."""
    rows = sorted(captured, key=lambda q: float(q["time"]), reverse=True)[:n]
    return "\n".join(f"  {float(q['time']) * 1000:6.1f} ms  {q['sql'][:150]}" for q in rows)


def line(name: str, r: dict, final_stock: int | None = None) -> str:
    stock = f", final stock {final_stock}" if final_stock is not None else ""
    return (
        f"{name}: attempts {r['attempts']}, placed {r['placed']}, refused (sold out) {r['refused']}, "
        f"errors {r['errors']}{stock}; placement p50 {r['p50'] * 1000:.0f} ms, p95 {r['p95'] * 1000:.0f} ms, "
        f"max {r['max'] * 1000:.0f} ms; {r['placements_per_s']:.1f} placements/s over {r['seconds']:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buyers", type=int, default=40)
    parser.add_argument("--stock", type=int, default=5)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--redis-url", default="")
    parser.add_argument("--skip-profile", action="store_true")
    parser.add_argument("--only-profile", action="store_true", help="no gunicorn, no race: the two profiles")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection, connections
    from django.test.utils import setup_test_environment

    if connection.vendor != "postgresql":
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL server: gunicorn's workers share the database with this process."
        )
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    shop = None
    try:
        from catalog.models import Stock
        from checkout.tests.utils import flat_rate
        from cms.provisioning import ensure_home_page
        from tests.factories import channels, make_product, make_store
        from tests.live.shop_server import LiveShop, collect_static, database_url, production_env

        idr = channels()["indonesia"]
        ensure_home_page()
        store = make_store("Bench Pondok", slug="bench-pondok")
        flat_rate(store, idr)
        work = Path(tempfile.mkdtemp(prefix="opop-race-"))
        env = production_env(database=database_url(connection.settings_dict), workdir=work, static_root=work)
        if args.redis_url:
            env["REDIS_URL"] = args.redis_url
        if args.only_profile:
            print(profile_one_placement(idr, make_product(store, "Profiled", stock=100_000)))
            print(profile_http_placement(make_product(store, "Profiled over HTTP", stock=100_000)))
            return
        collect_static(work, env)
        shop = LiveShop(env, workers=args.workers, log=work / "gunicorn.log").start()
        connections.close_all()
        print(
            f"gunicorn {args.workers} workers on {shop.url}, PostgreSQL, {os.cpu_count()} CPUs, "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        for n in range(args.rounds):
            product = make_product(store, f"Flash sale {n}", stock=args.stock)
            sku = product.variants.first().sku
            result = race(shop, product.variants.first().pk, args.buyers)
            stock = Stock.objects.get(store=store, sku=sku)
            left = (
                stock.quantity
                - stock.quantity_allocated
                - sum(r.quantity for r in stock.reservations.filter(status="active"))
            )
            print(line(f"race {n + 1} ({args.stock} units)", result, left))
        for n in range(args.rounds):
            product = make_product(store, f"Plenty {n}", stock=100_000)
            print(
                line(f"burst {n + 1} (stock for all)", race(shop, product.variants.first().pk, args.buyers))
            )
        if not args.skip_profile:
            print(profile_one_placement(idr, make_product(store, "Profiled", stock=100_000)))
            print(profile_http_placement(make_product(store, "Profiled over HTTP", stock=100_000)))
    finally:
        if shop is not None:
            shop.stop()
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
