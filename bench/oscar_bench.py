"""django-oscar 4.2.1 on the same machine, for ``bench/run.py --oscar`` (issue 14: product page >= 2 x Oscar's).

The Oscar shop is ``bench/oscar/`` (settings after Oscar's "Building your own shop"), run from its own virtualenv,
made here on first use under the bench workdir (``<workdir>/oscar-venv``: ``pip install
django-oscar[sorl-thumbnail]==4.2.1 gunicorn psycopg[binary] Whoosh``). The shop never imports Oscar and its tests
never need it. For each database:

- create it if missing (PostgreSQL: ``opop_oscar_<stores>x<products>``; SQLite: ``<workdir>/oscar-<size>.sqlite3``),
  migrate, ``load_oscar_catalog`` (the same 5,000 or 50,000 products, one product class, OPOP's category tree, one
  partner with stock and IDR prices, no photos), and with Whoosh ``update_index`` (once);
- count SQL queries per page in process (``oscar_bench_queries``);
- serve it with gunicorn (2 sync workers, DEBUG off) and load the catalogue sorted by title
  (``/catalogue/?sort_by=title-asc``, 24 per page through ``OSCAR_PRODUCTS_PER_PAGE``), its page 50 and a product
  page with ``loadgen.load_pages``, the generator used for OPOP and the bare baseline;
- with OPOP measured too, its product page and Oscar's in alternation (``interleave``: both servers up, a few rounds),
  so a drift in the shared machine's load does not land on one side only.

Search backend: Haystack's simple backend, the guide's "basic search", returns no product at all on Oscar's
catalogue pages (Oscar narrows them on ``is_public``/``structure``, which the simple backend turns into a text
search for "true"), so by default the bench uses Whoosh, as Oscar's sandbox does; ``--oscar-search simple`` measures
the guide's setup (empty listings; product pages do not use search).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from loadgen import ensure_database, free_port, load, load_pages, log, stop, wait_for_http

OSCAR_DIR = Path(__file__).resolve().parent / "oscar"
REQUIREMENTS = ["django-oscar[sorl-thumbnail]==4.2.1", "gunicorn", "psycopg[binary]", "Whoosh"]
PAGES = {"listing": "/catalogue/?sort_by=title-asc", "listing page 50": "/catalogue/?sort_by=title-asc&page=50"}


def venv_python(args) -> Path:
    """The Oscar virtualenv's python, made and filled on first use (a marker file records what was installed)."""
    venv = args.workdir / "oscar-venv"
    python = venv / "bin" / "python"
    marker = venv / ".opop-bench-installed"
    wanted = "\n".join(REQUIREMENTS)
    if python.exists() and marker.exists() and marker.read_text() == wanted:
        return python
    log(f"oscar: creating {venv} and installing {', '.join(REQUIREMENTS)}")
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *REQUIREMENTS], check=True)
    marker.write_text(wanted)
    return python


def size(args) -> str:
    return f"{args.stores}x{args.products_per_store}"


def oscar_database_url(args, db: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{args.workdir / f'oscar-{size(args)}.sqlite3'}"
    return f"{args.postgres_url.rstrip('/')}/{args.oscar_postgres_prefix}_{size(args)}"


def oscar_env(args, db: str) -> dict[str, str]:
    skip = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "VIRTUAL_ENV", "PYTHONPATH", "REDIS_URL", "DEBUG"}
    return {
        **{k: v for k, v in os.environ.items() if k not in skip},
        "DJANGO_SETTINGS_MODULE": "oscar_bench_site.settings",
        "DATABASE_URL": oscar_database_url(args, db),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "MEDIA_ROOT": str(args.workdir / "oscar-media"),
        "STATIC_ROOT": str(args.workdir / "oscar-static"),
        "OSCAR_BENCH_SEARCH": args.oscar_search,
        "OSCAR_BENCH_WHOOSH_PATH": str(args.workdir / f"oscar-whoosh-{db}-{size(args)}"),
        "PYTHONWARNINGS": "ignore",
    }


def oscar_manage(args, db: str, *cmd: str) -> str:
    proc = subprocess.run([str(venv_python(args)), "manage.py", *cmd], cwd=OSCAR_DIR, env=oscar_env(args, db),
                          text=True, capture_output=True)
    if proc.returncode:
        raise SystemExit(f"oscar: manage.py {' '.join(cmd[:1])} failed:\n{proc.stderr[-3000:]}")
    return proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""


def build_oscar(args, db: str) -> dict:
    """Database, migrations, catalog and (Whoosh) search index; returns the loader's counts and a product URL."""
    if db == "postgres":
        ensure_database(oscar_database_url(args, db))
    oscar_manage(args, db, "migrate", "--noinput", "-v0")
    products = args.stores * args.products_per_store
    log(f"oscar {db}: catalog of {products:,} products (loaded unless already there)")
    catalog = json.loads(oscar_manage(args, db, "load_oscar_catalog", "--products", str(products)))
    marker = Path(oscar_env(args, db)["OSCAR_BENCH_WHOOSH_PATH"]) / ".indexed"  # what the index was built from
    if args.oscar_search == "whoosh" and not (marker.exists() and marker.read_text() == json.dumps(catalog)):
        log(f"oscar {db}: Whoosh index of {catalog['browsable_products']:,} products (update_index)")
        shutil.rmtree(marker.parent, ignore_errors=True)
        oscar_manage(args, db, "update_index", "--remove", "-v0")
        marker.write_text(json.dumps(catalog))
    return catalog


def start_oscar(args, db: str, port: int) -> subprocess.Popen:
    cmd = [
        str(venv_python(args).parent / "gunicorn"), "oscar_bench_site.wsgi:application", "--workers", "2",
        "--bind", f"127.0.0.1:{port}", "--worker-class", "sync", "--keep-alive", "5",
        "--access-logfile", "/dev/null", "--error-logfile", "-",
    ]
    proc = subprocess.Popen(cmd, cwd=OSCAR_DIR, env=oscar_env(args, db), start_new_session=True)
    if wait_for_http(port, "/basket/"):  # a cheap page: a Whoosh listing can outlast the probe's 5 s timeout
        return proc
    stop(proc)
    raise SystemExit("oscar: gunicorn did not answer within 60 s")


def bench_oscar(args, db: str) -> dict:
    """Build, count queries, then load the listing, its page 50 and a product page under gunicorn."""
    catalog = build_oscar(args, db)
    urls = {**PAGES, "product page": catalog["product_url"]}
    queries = json.loads(oscar_manage(args, db, "oscar_bench_queries", json.dumps(urls)))
    counts = ", ".join(f"{name} {row['queries']} ({row['cards']} cards)" for name, row in queries.items())
    log(f"oscar {db}: SQL per page {counts}")
    port = free_port()
    log(f"oscar {db}: gunicorn on 127.0.0.1:{port}, search backend {args.oscar_search}")
    server = start_oscar(args, db, port)
    try:
        off = load_pages(port, urls, list(urls), args.duration, args.concurrency)
    finally:
        stop(server)
    return {"catalog": catalog, "urls": urls, "queries": queries, "off": off, "search": args.oscar_search,
            "version": "django-oscar 4.2.1", "load_average": os.getloadavg()}


def interleave(args, db: str, opop_path: str, start_opop, oscar_path: str) -> dict:
    """Product pages of OPOP and Oscar in alternation, both servers up, so both share the machine's load drift.

    ``start_opop(port)`` starts OPOP's gunicorn (page cache off); ``--oscar-rounds`` rounds of ``--duration`` s each.
    """
    opop_port = free_port()
    opop = start_opop(opop_port)
    try:
        oscar_port = free_port()
        oscar = start_oscar(args, db, oscar_port)
        try:
            load(opop_port, opop_path, min(2.0, args.duration), args.concurrency)
            load(oscar_port, oscar_path, min(2.0, args.duration), args.concurrency)
            rounds = []
            for n in range(args.oscar_rounds):
                log(f"{db}: product pages interleaved, round {n + 1} of {args.oscar_rounds}")
                mine = load(opop_port, opop_path, args.duration, args.concurrency)
                theirs = load(oscar_port, oscar_path, args.duration, args.concurrency)
                rounds.append({"opop": mine, "oscar": theirs, "ratio": mine["rps"] / theirs["rps"] if theirs["rps"]
                               else None, "load_average": os.getloadavg()})
        finally:
            stop(oscar)
    finally:
        stop(opop)
    ratios = sorted(r["ratio"] for r in rounds if r["ratio"] is not None)
    return {"rounds": rounds, "median_ratio": statistics.median(ratios) if ratios else None,
            "opop_path": opop_path, "oscar_path": oscar_path}


def add_arguments(parser) -> None:
    parser.add_argument("--oscar", action="store_true",
                        help="Also measure django-oscar 4.2.1 (own virtualenv under --workdir) on the same pages.")
    parser.add_argument("--oscar-only", action="store_true", help="Measure only django-oscar (implies --oscar).")
    parser.add_argument("--oscar-search", choices=["whoosh", "simple"], default="whoosh",
                        help="Oscar's Haystack backend: whoosh (its sandbox's; default) or simple (lists nothing).")
    parser.add_argument("--oscar-postgres-prefix", default="opop_oscar",
                        help="Oscar's PostgreSQL database name prefix; the catalog size is appended.")
    parser.add_argument("--oscar-rounds", type=int, default=3,
                        help="Rounds of OPOP's and Oscar's product pages in alternation (0: none).")
