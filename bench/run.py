#!/usr/bin/env python
"""Benchmark the buyer pages against a bare Django baseline, on SQLite and PostgreSQL.

    python bench/run.py                              # SQLite and PostgreSQL, 50 stores x 100 products (5,000)
    python bench/run.py --databases postgres --stores 500   # 50,000 products on PostgreSQL (~4 min to build)
    python bench/run.py --duration 5 --skip-memory   # quicker

For each database: create it if missing, migrate, ``load_demo --stores N --products-per-store M --no-photos``
(skipped when the catalog is there), fill the bare table (``bench_bare_fill``), collectstatic. Then, with
gunicorn (2 sync workers, production settings, ``OPOP_BENCH=1``) on 127.0.0.1 and a loopback load generator
(Python threads, keep-alive connections), it measures requests/s, p50 and p99 of:

- page cache **off**: the whole-catalog listing sorted by name (``/search/?urut=name``), its page 50, and a
  product page, each beside the bare Django ``ListView`` (24 cards: photo, title link, price) and
  ``DetailView`` over a plain product table with the same rows (``shop/bench_views.py``);
- page cache **on**: hits of the same pages and of the home and a storefront;
- resident memory of each worker after 10,000 requests spread over many products and listing pages.

SQL queries per page are counted in-process (Django test client, page cache off). Prints the issue's table with
each ratio and its target, and saves everything to ``bench/results/bench-<timestamp>.json`` (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import oscar_bench
from loadgen import drive, ensure_database, free_port, load_pages, log, stop, wait_for_http

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PY = sys.executable


def base_env(args, db: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "REDIS_URL"}}
    env.update(
        DATABASE_URL=database_url(args, db),
        OPOP_VAR_DIR=str(args.workdir),
        MEDIA_ROOT=str(args.workdir / "media"),
        STATIC_ROOT=str(args.workdir / "static"),
        OPOP_BENCH="1",
        PYTHONWARNINGS="ignore",
    )
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    return env


def production_env(args, db: str, *, page_cache: bool = True) -> dict[str, str]:
    return {
        **base_env(args, db),
        "DJANGO_SETTINGS_MODULE": "shop.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback; TLS is the proxy's job in production
        "LOG_LEVEL": "WARNING",
        "DB_CONN_MAX_AGE": "60",  # persistent connections, as a production deployment would use
        "OPOP_PAGE_CACHE": "true" if page_cache else "false",
    }


def database_url(args, db: str) -> str:
    size = f"{args.stores}x{args.products_per_store}"
    if db == "sqlite":
        return f"sqlite:///{args.workdir / f'bench-{size}.sqlite3'}"
    return f"{args.postgres_url.rstrip('/')}/{args.postgres_prefix}_{size}"


def manage(args, db, *cmd, env=None) -> subprocess.CompletedProcess:
    env = env or {**base_env(args, db), "DJANGO_SETTINGS_MODULE": "shop.settings.dev"}
    return subprocess.run([PY, "manage.py", *cmd], cwd=ROOT, env=env, check=True, text=True)


def run_django(args, db, code: str, *argv) -> str:
    env = {**base_env(args, db), "DJANGO_SETTINGS_MODULE": "shop.settings.dev"}
    proc = subprocess.run([PY, "-c", "import django; django.setup()\n" + code, *argv], cwd=ROOT, env=env,
                          text=True, capture_output=True)
    if proc.returncode:
        raise SystemExit(f"bench helper failed:\n{proc.stderr[-3000:]}")
    return proc.stdout.strip().splitlines()[-1]


def catalog_size(args, db) -> tuple[int, int]:
    out = run_django(args, db, "from catalog.models import Product, Store\nprint(Store.objects.count(), Product.objects.count())")
    stores, products = out.split()
    return int(stores), int(products)


def build(args, db) -> float:
    if db == "postgres":
        ensure_database(database_url(args, db))
    t0 = time.monotonic()
    manage(args, db, "migrate", "--noinput", "-v0")
    stores, products = catalog_size(args, db)
    if stores >= args.stores and products >= args.stores * args.products_per_store:
        log(f"{db}: catalog already there ({stores} stores, {products} products)")
    else:
        log(f"{db}: building {args.stores} stores x {args.products_per_store} products (no photos)")
        manage(args, db, "load_demo", "--stores", str(args.stores), "--products-per-store",
               str(args.products_per_store), "--no-photos", "-v0")
    manage(args, db, "bench_bare_fill", "-v0")
    manage(args, db, "collectstatic", "--noinput", "-v0", env=production_env(args, db))
    return time.monotonic() - t0


DISCOVER = """
import json
from catalog.models import Product, Store
from shop.models import BareProduct
store = Store.objects.filter(is_active=True, product__live=True).order_by("pk").first()
products = list(Product.objects.filter(live=True, store__is_active=True).order_by("pk")
                .values_list("store__slug", "slug")[:400])
print(json.dumps({"store": store.slug, "products": products, "bare": BareProduct.objects.order_by("pk").first().slug}))
"""


def discover(args, db) -> dict:
    found = json.loads(run_django(args, db, DISCOVER))
    store, product = found["products"][0]
    found["urls"] = {
        "bare listing": "/bench/bare/",
        "listing": "/search/?urut=name",
        "bare page 50": "/bench/bare/?hal=50",
        "listing page 50": "/search/?urut=name&hal=50",
        "bare detail": f"/bench/bare/p/{found['bare']}/",
        "product page": f"/{store}/p/{product}/",
        "home": "/",
        "storefront": f"/{found['store']}/",
    }
    return found


MEASURE = r"""
import django, json, sys
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

out = {}
client = Client(raise_request_exception=False)
for name, url in json.loads(sys.argv[1]).items():
    client.get(url)  # first visit builds per-process maps (routes, channels, categories)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    out[name] = {"status": response.status_code, "queries": len(ctx), "html_bytes": len(response.content)}
print(json.dumps(out))
"""


def measure_in_process(args, db, urls: dict[str, str]) -> dict:
    env = production_env(args, db, page_cache=False)
    proc = subprocess.run([PY, "-c", MEASURE, json.dumps(urls)], cwd=ROOT, env=env, text=True, capture_output=True)
    if proc.returncode:
        raise SystemExit(f"measuring queries failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def start_gunicorn(args, db, port: int, *, page_cache: bool) -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(Path(PY).parent)) or shutil.which("gunicorn")
    cmd = [
        gunicorn, "shop.wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{port}",
        "--worker-class", "sync", "--keep-alive", "5", "--access-logfile", "/dev/null", "--error-logfile", "-",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=production_env(args, db, page_cache=page_cache), start_new_session=True)
    if wait_for_http(port):
        return proc
    stop(proc)
    raise SystemExit("gunicorn did not answer within 60 s")


def worker_rss_mb(master_pid: int) -> list[float]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def memory_paths(found) -> list[str]:
    paths = [f"/{store}/p/{slug}/" for store, slug in found["products"]]
    paths += [f"/search/?urut=name&hal={n}" for n in range(1, 60)] + ["/", f"/{found['store']}/"]
    return paths


def bench_database(args, db) -> dict:
    build_seconds = None if args.skip_build else build(args, db)
    stores, products = catalog_size(args, db)
    found = discover(args, db)
    urls = found["urls"]
    log(f"{db}: {stores} stores, {products} products; counting SQL (page cache off)")
    measured = measure_in_process(args, db, urls)
    result = {"catalog": {"stores": stores, "products": products, "build_seconds": build_seconds},
              "queries": measured, "urls": urls}
    port = free_port()
    log(f"{db}: gunicorn, page cache OFF, on 127.0.0.1:{port}")
    server = start_gunicorn(args, db, port, page_cache=False)
    try:
        result["off"] = load_pages(port, urls, list(urls), args.duration, args.concurrency)
        if not args.skip_memory:
            log(f"{db}: {args.memory_requests} requests over {len(memory_paths(found))} pages for memory")
            errors = drive(port, memory_paths(found), args.memory_requests, args.concurrency)
            result["memory"] = {"requests": args.memory_requests, "errors": errors, "rss_mb": worker_rss_mb(server.pid)}
    finally:
        stop(server)
    port = free_port()
    log(f"{db}: gunicorn, page cache ON, on 127.0.0.1:{port}")
    server = start_gunicorn(args, db, port, page_cache=True)
    try:
        result["on"] = load_pages(port, urls, ["listing", "product page", "home", "storefront"], args.duration, args.concurrency)
    finally:
        stop(server)
    return result


def ratio(value, base):
    if value is None or not base:
        return None
    return value / base


TARGETS = [
    # (row label, page, baseline page, target ratio, which run)
    ("listing, 24 cards, cache off", "listing", "bare listing", 0.5, "off"),
    ("page 50 of the listing, cache off", "listing page 50", "bare page 50", None, "off"),
    ("product page, cache off", "product page", "bare detail", 0.3, "off"),
    ("listing, cache hit", "listing", "bare listing", 8.0, "on"),
    ("product page, cache hit", "product page", "bare listing", 8.0, "on"),
    ("home, cache hit", "home", "bare listing", 8.0, "on"),
    ("storefront, cache hit", "storefront", "bare listing", 8.0, "on"),
]


# OPOP page -> the django-oscar page measured beside it (``--oscar``), and the target of OPOP / oscar
OSCAR_PAGES = {"listing": ("listing", None), "listing page 50": ("listing page 50", None),
               "product page": ("product page", 2.0)}


def summary_rows(result: dict) -> list[dict]:
    rows = []
    off = result["off"]
    for label, page, base, target, run in TARGETS:
        mine = result[run][page]
        ratio_ = ratio(mine["rps"], off[base]["rps"])
        rows.append({"row": label, "rps": mine["rps"], "p50_ms": mine["p50_ms"], "p99_ms": mine["p99_ms"],
                     "bare_rps": off[base]["rps"], "ratio": ratio_, "target": target,
                     "queries": result["queries"][page]["queries"] if run == "off" else 0,
                     "errors": mine["errors"], **oscar_cells(result, page, mine["rps"], run)})
    deep = ratio(off["listing page 50"]["rps"], off["listing"]["rps"])
    rows.append({"row": "page 50 / page 1 (cache off)", "rps": None, "bare_rps": None, "ratio": deep,
                 "target": 0.9, "queries": None, "errors": 0, "p50_ms": None, "p99_ms": None})
    return rows


def oscar_cells(result: dict, page: str, rps: float, run: str) -> dict:
    """django-oscar's figures for the same page (cache off rows only), when ``--oscar`` measured them."""
    if "oscar" not in result or run != "off" or page not in OSCAR_PAGES:
        return {}
    theirs, target = OSCAR_PAGES[page]
    oscar = result["oscar"]
    return {"oscar_rps": oscar["off"][theirs]["rps"], "oscar_ratio": ratio(rps, oscar["off"][theirs]["rps"]),
            "oscar_target": target, "oscar_queries": oscar["queries"][theirs]["queries"],
            "oscar_cards": oscar["queries"][theirs]["cards"]}


def verdict(value, target) -> str:
    if target is None:
        return ""
    return f">= {target}x {'ok' if value is not None and value >= target else 'MISSED'}"


def table_cells(row: dict, with_oscar: bool) -> list[str]:
    cells = [
        row["row"],
        "" if row["rps"] is None else f"{row['rps']:.0f}",
        "" if row["p50_ms"] is None else f"{row['p50_ms']:.1f} / {row['p99_ms']:.1f}",
        "" if row["bare_rps"] is None else f"{row['bare_rps']:.0f}",
        "" if row["ratio"] is None else f"{row['ratio']:.2f}x",
        verdict(row["ratio"], row["target"]),
        "" if row["queries"] is None else str(row["queries"]),
        str(row["errors"]),
    ]
    if with_oscar:
        has = "oscar_rps" in row
        cells += [
            f"{row['oscar_rps']:.1f} ({row['oscar_queries']} SQL, {row['oscar_cards']} cards)" if has else "",
            f"{row['oscar_ratio']:.2f}x" if has and row["oscar_ratio"] is not None else "",
            verdict(row["oscar_ratio"], row["oscar_target"]) if has else "",
        ]
    return cells


def print_table(db: str, result: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    if "off" not in result:  # --oscar-only
        print_oscar_table(db, result["oscar"])
        return
    cat = result["catalog"]
    with_oscar = "oscar" in result
    title = f"OPOP Shop vs bare Django{' and django-oscar 4.2.1' if with_oscar else ''}, {db}, {cat['products']:,} products"
    table = Table(title=title)
    columns = ["page", "OPOP req/s", "p50 / p99 ms", "bare req/s", "ratio", "target", "SQL", "errors"]
    if with_oscar:
        columns += ["oscar req/s", "OPOP / oscar", "target (oscar)"]
    for col in columns:
        table.add_column(col, justify="left" if col == "page" else "right")
    for row in summary_rows(result):
        table.add_row(*table_cells(row, with_oscar))
    Console(width=190 if with_oscar else 150).print(table)
    queries = ", ".join(f"{k} {v['queries']}" for k, v in result["queries"].items())
    print(f"SQL queries per page, page cache off: {queries}")
    if "memory" in result:
        mem = result["memory"]
        print(f"Worker RSS after {mem['requests']:,} requests: {', '.join(f'{m:.0f} MB' for m in mem['rss_mb'])}"
              f" ({mem['errors']} errors)")
    if with_oscar:
        print_oscar_table(db, result["oscar"])


def print_oscar_table(db: str, oscar: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    cat = oscar["catalog"]
    table = Table(title=f"django-oscar 4.2.1, {db}, {cat['browsable_products']:,} products, search: {oscar['search']}")
    for col in ("page", "URL", "req/s", "p50 / p99 ms", "SQL", "cards", "errors"):
        table.add_column(col, justify="left" if col in ("page", "URL") else "right")
    for name, url in oscar["urls"].items():
        run, measured = oscar["off"][name], oscar["queries"][name]
        table.add_row(name, url, f"{run['rps']:.1f}", f"{run['p50_ms']:.1f} / {run['p99_ms']:.1f}",
                      str(measured["queries"]), str(measured["cards"]), str(run["errors"]))
    Console(width=150).print(table)
    print(f"Load average when Oscar's run ended: {', '.join(f'{x:.2f}' for x in oscar['load_average'])}")
    if oscar.get("interleaved", {}).get("median_ratio"):
        both = oscar["interleaved"]
        rounds = "; ".join(f"{r['opop']['rps']:.1f} / {r['oscar']['rps']:.1f} = {r['ratio'] or 0:.2f}x (load "
                           f"{r['load_average'][0]:.1f}, Oscar errors {r['oscar']['errors']})" for r in both["rounds"])
        print(f"Product page, OPOP / Oscar in alternation: {rounds}; median {both['median_ratio']:.2f}x "
              f"(target >= 2.0x {'ok' if both['median_ratio'] >= 2 else 'MISSED'})")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", default="sqlite,postgres", help="Comma-separated: sqlite, postgres.")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--postgres-prefix", default=os.environ.get("BENCH_POSTGRES_PREFIX", "opop_bench"),
                        help="Database name prefix; the catalog size is appended (opop_bench_50x100).")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", ""),
                        help="Use Redis for cache and sessions, as in production (default: per-process memory).")
    parser.add_argument("--stores", type=int, default=50)
    parser.add_argument("--products-per-store", type=int, default=100)
    parser.add_argument("--duration", type=float, default=10.0, help="Seconds of load per page.")
    parser.add_argument("--concurrency", type=int, default=4, help="Connections (2 per gunicorn worker).")
    parser.add_argument("--memory-requests", type=int, default=10_000)
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/opop-bench"))
    oscar_bench.add_arguments(parser)
    args = parser.parse_args()
    args.oscar = args.oscar or args.oscar_only
    args.workdir.mkdir(parents=True, exist_ok=True)
    return args


def main() -> int:
    args = parse_args()
    results = {}
    for db in [d.strip() for d in args.databases.split(",") if d.strip()]:
        results[db] = {} if args.oscar_only else bench_database(args, db)
        if args.oscar:
            results[db]["oscar"] = oscar_bench.bench_oscar(args, db)
        if args.oscar and not args.oscar_only and args.oscar_rounds:
            results[db]["oscar"]["interleaved"] = oscar_bench.interleave(
                args, db, results[db]["urls"]["product page"],
                lambda port, db=db: start_gunicorn(args, db, port, page_cache=False),
                results[db]["oscar"]["urls"]["product page"])
    for db, result in results.items():
        print_table(db, result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"bench-{stamp}.json"
    out.write_text(json.dumps({
        "when": stamp,
        "server": "gunicorn, 2 sync workers, shop.settings.production" + (", Redis" if args.redis_url else ", local memory"),
        "load": {"duration_s": args.duration, "concurrency": args.concurrency, "generator": "python threads"},
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "load_average": os.getloadavg()},
        "databases": {db: {**r, "summary": summary_rows(r) if "off" in r else None} for db, r in results.items()},
    }, indent=2, default=str))
    log(f"saved {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
