#!/usr/bin/env python
"""Benchmark the buyer pages: build the large catalog in PostgreSQL, serve it with gunicorn, load it.

    python bench/run.py                       # 500 stores x 100 products, 20 s per page, 4 connections
    python bench/run.py --stores 50 --products-per-store 40 --duration 10
    python bench/run.py --skip-build          # reuse the catalog already in the database

Steps: create the database if missing, migrate, ``load_demo --stores N --products-per-store M --no-photos``
(skipped when the catalog is already there), collectstatic, then gunicorn (2 workers, production settings,
``OPOP_BENCH=1`` so the bare baseline view is mounted) on 127.0.0.1. For each page it measures SQL queries and
HTML bytes in-process (Django test client, cold cache and warm cache), then drives it from a loopback load
generator (Python threads, keep-alive connections) for a fixed time: requests/s, p50, p99. Every figure is
also given as a ratio to the bare Django view + template that renders the same product listing.
Results: a table on stdout and ``bench/results/<timestamp>.json``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PY = sys.executable


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def base_env(args) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    env.update(
        DATABASE_URL=args.database_url,
        OPOP_VAR_DIR=str(args.workdir),
        MEDIA_ROOT=str(args.workdir / "media"),
        STATIC_ROOT=str(args.workdir / "static"),
        OPOP_BENCH="1",
        PYTHONWARNINGS="ignore",
    )
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


def production_env(args) -> dict[str, str]:
    return {
        **base_env(args),
        "DJANGO_SETTINGS_MODULE": "shop.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback; TLS is the proxy's job in production
        "LOG_LEVEL": "WARNING",
        "DB_CONN_MAX_AGE": "60",  # persistent connections, as a production deployment would use
    }


def manage(args, *cmd, env=None, capture=False) -> subprocess.CompletedProcess:
    env = env or {**base_env(args), "DJANGO_SETTINGS_MODULE": "shop.settings.dev"}
    return subprocess.run(
        [PY, "manage.py", *cmd], cwd=ROOT, env=env, check=True, text=True, capture_output=capture
    )


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            log(f"created database {name}")


def catalog_size(args) -> tuple[int, int]:
    code = (
        "import django; django.setup()\n"
        "from catalog.models import Product, Store\n"
        "print(Store.objects.count(), Product.objects.count())"
    )
    proc = subprocess.run(
        [PY, "-c", code], cwd=ROOT, env={**base_env(args), "DJANGO_SETTINGS_MODULE": "shop.settings.dev"},
        check=True, text=True, capture_output=True,
    )
    stores, products = proc.stdout.split()[-2:]
    return int(stores), int(products)


def build(args) -> float:
    ensure_database(args.database_url)
    t0 = time.monotonic()
    manage(args, "migrate", "--noinput", "-v0")
    stores, products = catalog_size(args)
    if stores >= args.stores and products >= args.stores * args.products_per_store:
        log(f"catalog already there ({stores} stores, {products} products)")
    else:
        log(f"building {args.stores} stores x {args.products_per_store} products (no photos)")
        cmd = ["load_demo", "--stores", str(args.stores), "--products-per-store", str(args.products_per_store)]
        if not args.photos:
            cmd.append("--no-photos")
        manage(args, *cmd)
    manage(args, "collectstatic", "--noinput", "-v0", env=production_env(args))
    return time.monotonic() - t0


def discover_urls(args) -> dict[str, str]:
    """Pick a store with products, one of its products, and a search word; keep what the shop answers."""
    code = (
        "import django; django.setup()\n"
        "import json\n"
        "from catalog.models import Product, Store\n"
        "store = Store.objects.filter(is_active=True, product__live=True).order_by('pk').first()\n"
        "product = Product.objects.filter(store=store, live=True).order_by('pk').first()\n"
        "print(json.dumps({'store': store.slug, 'product': product.slug}))"
    )
    proc = subprocess.run(
        [PY, "-c", code], cwd=ROOT, env={**base_env(args), "DJANGO_SETTINGS_MODULE": "shop.settings.dev"},
        check=True, text=True, capture_output=True,
    )
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    return {
        "baseline (bare Django listing)": f"/bench/bare/{found['store']}/",
        "marketplace home": "/",
        "storefront": f"/{found['store']}/",
        "product page": f"/{found['store']}/p/{found['product']}/",
        "search": f"/search/?q={args.search}",
        "store directory": "/toko/",
    }


MEASURE = r"""
import django, json, sys
django.setup()
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

out = {}
for name, url in json.loads(sys.argv[1]).items():
    client = Client(raise_request_exception=False)
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        response = client.get(url)
    with CaptureQueriesContext(connection) as warm:
        again = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    out[name] = {"status": response.status_code, "queries_cold": len(cold), "queries_warm": len(warm),
                 "html_bytes": len(body), "status_warm": again.status_code}
print(json.dumps(out))
"""


def measure_in_process(args, urls: dict[str, str]) -> dict:
    env = production_env(args)
    proc = subprocess.run(
        [PY, "-c", MEASURE, json.dumps(urls)], cwd=ROOT, env=env, text=True, capture_output=True
    )
    if proc.returncode:
        raise SystemExit(f"measuring queries failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(args, port: int) -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(Path(PY).parent)) or shutil.which("gunicorn")
    cmd = [
        gunicorn, "shop.wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{port}",
        "--worker-class", "sync", "--keep-alive", "5", "--access-logfile", "-" if args.verbose else "/dev/null",
        "--error-logfile", "-",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=production_env(args), start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/")
            conn.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.3)
    stop(proc)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def load(port: int, path: str, duration: float, concurrency: int) -> dict:
    """Closed-loop load: ``concurrency`` threads, each on its own keep-alive connection, for ``duration`` s."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def worker():
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad = [], 0
        while time.monotonic() < stop_at:
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept-Encoding": "identity"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - t0)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(p):
        if not latencies:
            return None
        return latencies[min(len(latencies) - 1, int(round(p / 100 * (len(latencies) - 1))))] * 1000

    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": pct(50),
        "p99_ms": pct(99),
        "mean_ms": statistics.fmean(latencies) * 1000 if latencies else None,
    }


def ratio(value, base):
    if value is None or not base:
        return None
    return value / base


def print_table(rows: dict, baseline_name: str) -> None:
    from rich.console import Console
    from rich.table import Table

    base = rows.get(baseline_name, {})
    table = Table(title="OPOP Shop: buyer pages under load (ratio to the bare Django listing)")
    for col in ("page", "req/s", "p50 ms", "p99 ms", "SQL cold/warm", "HTML KB", "errors"):
        table.add_column(col, justify="left" if col == "page" else "right")

    def fmt(value, base_value, digits=0):
        if value is None:
            return "n/a"
        r = ratio(value, base_value)
        text = f"{value:.{digits}f}"
        return f"{text} ({r:.2f}x)" if r is not None and base_value is not base else text

    for name, row in rows.items():
        if row.get("skipped"):
            table.add_row(name, "-", "-", "-", "-", "-", row["skipped"])
            continue
        is_base = name == baseline_name
        b = {} if is_base else base
        table.add_row(
            name,
            fmt(row["rps"], b.get("rps")),
            fmt(row["p50_ms"], b.get("p50_ms"), 1),
            fmt(row["p99_ms"], b.get("p99_ms"), 1),
            f"{row['queries_cold']}/{row['queries_warm']}",
            fmt(row["html_bytes"] / 1024, (b.get("html_bytes") or 0) / 1024 or None, 1),
            str(row["errors"]),
        )
    Console(width=150).print(table)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                                 "postgres://postgres@127.0.0.1:5432/opop_bench"))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", ""),
                        help="Use Redis for cache and sessions, as in production (default: per-process memory).")
    parser.add_argument("--stores", type=int, default=500)
    parser.add_argument("--products-per-store", type=int, default=100)
    parser.add_argument("--photos", action="store_true", help="Draw photos too (slower to build).")
    parser.add_argument("--duration", type=float, default=20.0, help="Seconds of load per page.")
    parser.add_argument("--concurrency", type=int, default=4, help="Connections (2 per gunicorn worker).")
    parser.add_argument("--search", default="kopi")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/opop-bench"))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)

    if not urlsplit(args.database_url).scheme.startswith("postgres"):
        raise SystemExit("bench needs PostgreSQL: --database-url postgres://...")
    build_seconds = None if args.skip_build else build(args)
    if args.skip_build:
        manage(args, "collectstatic", "--noinput", "-v0", env=production_env(args))
    stores, products = catalog_size(args)
    urls = discover_urls(args)
    log(f"catalog: {stores} stores, {products} products; measuring SQL and HTML size")
    measured = measure_in_process(args, urls)

    port = free_port()
    log(f"gunicorn (2 workers, production settings) on 127.0.0.1:{port}")
    server = start_gunicorn(args, port)
    rows: dict[str, dict] = {}
    try:
        for name, path in urls.items():
            m = measured[name]
            if m["status"] != 200:
                rows[name] = {"path": path, "skipped": f"HTTP {m['status']}", **m}
                log(f"{name}: {path} answers {m['status']}, skipped")
                continue
            load(port, path, min(2.0, args.duration), args.concurrency)  # warm-up: caches, connections
            log(f"{name}: {path} for {args.duration:.0f}s x {args.concurrency} connections")
            rows[name] = {"path": path, **m, **load(port, path, args.duration, args.concurrency)}
    finally:
        stop(server)

    baseline = "baseline (bare Django listing)"
    print_table(rows, baseline)
    base = rows.get(baseline, {})
    for row in rows.values():
        if not row.get("skipped") and not base.get("skipped"):
            row["ratio_to_baseline"] = {
                k: ratio(row.get(k), base.get(k)) for k in ("rps", "p50_ms", "p99_ms", "html_bytes", "queries_cold")
            }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    result = {
        "when": stamp,
        "catalog": {"stores": stores, "products": products, "build_seconds": build_seconds},
        "server": "gunicorn, 2 sync workers, shop.settings.production, PostgreSQL"
        + (", Redis cache" if args.redis_url else ", local-memory cache"),
        "load": {"duration_s": args.duration, "concurrency": args.concurrency, "generator": "python threads"},
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "pages": rows,
    }
    out = RESULTS / f"bench-{stamp}.json"
    out.write_text(json.dumps(result, indent=2))
    log(f"saved {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
