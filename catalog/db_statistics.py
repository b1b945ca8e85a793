"""Planner statistics, so no listing or product query depends on the query planner's luck.

SQLite keeps no statistics until ``ANALYZE`` runs: without them it picked the ``channel_id`` index for the price
subqueries and a whole-catalog listing took 22 s on 5,000 products (0.04 s after ``ANALYZE``). So:

- after ``migrate`` (``post_migrate``) and after bulk loads (``load_demo``, ``refresh_listings``) the database is
  analysed (``analyze()``: ``ANALYZE`` on SQLite and PostgreSQL; autovacuum would get to PostgreSQL later);
- SQLite is kept analysed as it grows, as SQLite recommends: the first connection of every process and every
  ``OPTIMIZE_EVERY``-th one after it run ``PRAGMA optimize=0x10002`` (SQLite 3.46+: analyses the tables whose
  statistics are missing or stale). Older SQLite (3.40 in Debian 12) ignores that flag and only analyses tables
  the connection has queried, which a fresh connection has not, so there it runs ``ANALYZE`` with
  ``PRAGMA analysis_limit`` (a sampled analysis: milliseconds, whatever the size of the tables).
"""

from __future__ import annotations

import itertools
import sqlite3

from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

OPTIMIZE_EVERY = 500
ANALYSIS_LIMIT = 1000  # rows sampled per index
_opened = itertools.count()


def analyze(using: str = "default") -> None:
    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def analyze_after_migrate(sender, using="default", plan=None, **kwargs) -> None:
    if plan:  # only when migrations ran; a no-op migrate costs nothing
        analyze(using)


def optimize_sqlite_connection(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite" or next(_opened) % OPTIMIZE_EVERY:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        if sqlite3.sqlite_version_info >= (3, 46):
            cursor.execute("PRAGMA optimize=0x10002")
        else:
            cursor.execute("ANALYZE")


def connect(app_config) -> None:
    connection_created.connect(optimize_sqlite_connection, dispatch_uid="opop_sqlite_optimize")
    # post_migrate is sent once per app: analyse once per migrate, after the catalog's.
    post_migrate.connect(analyze_after_migrate, sender=app_config, dispatch_uid="opop_analyze_after_migrate")
