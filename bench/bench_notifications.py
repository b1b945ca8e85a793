#!/usr/bin/env python
"""Payment notification storm through the real stack, with figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opop_bench python bench/bench_notifications.py
    python bench/bench_notifications.py --notifications 1000 --checkouts 100

Runs ``tests/live/test_storm_live.py`` at the given size: gunicorn (2 workers, ``shop.settings.production``) on the
PostgreSQL test database derived from ``DATABASE_URL``, the real ``midtransclient`` and ``stripe`` clients against
the fake provider on 127.0.0.1, notifications POSTed by 8 threads (copies, forgeries, unknown orders, card refunds
the bank confirms). The test asserts every end state; this script prints its figures line (sent, applied,
duplicates, forgeries refused, refunds completed, durations). Exit status is pytest's.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notifications", type=int, default=1000)
    parser.add_argument("--checkouts", type=int, default=100)
    args = parser.parse_args()
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        print("set DATABASE_URL=postgres://… (the storm runs the shop under gunicorn on PostgreSQL)", file=sys.stderr)
        return 2
    env = {
        **os.environ,
        "OPOP_STORM_NOTIFICATIONS": str(args.notifications),
        "OPOP_STORM_CHECKOUTS": str(args.checkouts),
    }
    command = [sys.executable, "-m", "pytest", "tests/live/test_storm_live.py", "-q", "-p", "no:warnings"]
    return subprocess.run(command, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
