"""Jobs that must run periodically (django-tasks has no scheduler), registered by the apps that own them.

``manage.py run_periodic_jobs`` runs every registered job once per round, lowest ``order`` first. An app registers
its jobs in ``AppConfig.ready()``; the checkout app does not need to know the payment app's jobs (and does not
import it). Each job returns a one-line summary for the log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    run: Callable[[], str]
    #: Lower runs first in a round (payments reconcile at 10, before reservations are released at 50).
    order: int = 50


_jobs: dict[str, PeriodicJob] = {}


def register_job(name: str, run: Callable[[], str], *, order: int = 50) -> None:
    """Register (or replace, by name) a periodic job."""
    _jobs[name] = PeriodicJob(name, run, order)


def registered_jobs() -> list[PeriodicJob]:
    return sorted(_jobs.values(), key=lambda job: (job.order, job.name))
