"""A tiny scheduler for the jobs that must run periodically (django-tasks has no scheduler).

``manage.py run_periodic_jobs`` loops: every job registered in ``checkout.periodic`` (the payment app registers
reconciliation, pending refunds and the pruning of rejected notifications; checkout the release of expired
reservations), lowest order first, then sleeps ``--interval`` seconds. SIGTERM or SIGINT (systemd stop, ``docker stop``, Ctrl-C) lets the current round finish and
exits 0; a job that raises is logged and the loop goes on. ``--once`` runs one round and exits (for cron): exit
status 1 if a job failed, so cron mail or a monitor notices.

Reconciliation runs first so that a settlement the provider knows about is applied before the same checkout's
lapsed reservation is released. Both jobs are safe to run concurrently with themselves and with notifications
(row locks, monotonic transitions), so an overlapping cron run does no harm.
"""

from __future__ import annotations

import logging
import signal
import threading
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from checkout.periodic import registered_jobs

logger = logging.getLogger("checkout.periodic")


def recycle_connections() -> None:
    """What ``close_old_connections`` does for a request, for a long-lived loop: drop connections the server
    closed or that reached ``CONN_MAX_AGE``. Never inside an atomic block (the caller's transaction would be lost;
    ``close_if_unusable_or_obsolete`` closes any connection whose autocommit is off)."""
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close_if_unusable_or_obsolete()


class Command(BaseCommand):
    help = "Run the registered periodic jobs every --interval seconds (or --once, for cron)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between rounds (default 60).")
        parser.add_argument("--once", action="store_true", help="Run one round and exit (for cron).")

    def handle(self, *args, interval: float, once: bool, **options):
        if interval <= 0:
            raise CommandError("--interval must be positive")
        if once:
            failed = self.run_round()
            if failed:
                raise CommandError(f"failed: {', '.join(failed)}", returncode=1)
            return

        stop = threading.Event()

        def request_stop(signum, _frame):
            self.stdout.write(f"signal {signum}: stopping after this round")
            stop.set()

        previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self.stdout.write(f"running periodic jobs every {interval:g}s")
            while not stop.is_set():
                self.run_round()
                stop.wait(interval)  # wakes at once on SIGTERM
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("stopped")

    def run_round(self) -> list[str]:
        """Run every job once; returns the names of the jobs that raised (logged, never propagated)."""
        failed = []
        for job in registered_jobs():
            name = job.name
            recycle_connections()  # a long-lived process must not keep a connection the server dropped
            started = time.monotonic()
            try:
                summary = job.run()
            except Exception:
                logger.exception("periodic job %s failed", name)
                self.stderr.write(f"{name}: failed (see log)")
                failed.append(name)
            else:
                self.stdout.write(f"{name}: {summary} ({time.monotonic() - started:.1f}s)")
        recycle_connections()
        return failed
