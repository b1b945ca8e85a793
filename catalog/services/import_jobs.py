"""Import jobs: an uploaded product file checked, then applied, in the request or in a background task.

The admin keeps one ``ImportJob`` per upload. ``run_check`` and ``run_apply`` take the job's primary key (tasks in
``catalog.tasks`` call them; small files run in the request). Progress while applying is written to the cache
(the application runs in one transaction, so a row updated inside it would stay invisible until the end):
``progress(job)`` reads it. Messages are made in the language of the editor who uploaded the file.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catalog.models import ImportJob, ImportStatus, Store
from catalog.product_files import format_of

from .product_import import ImportRefused, Problem, Report, apply, check

logger = logging.getLogger(__name__)
PROGRESS_KEY = "opop_import_progress:{pk}"
# Files up to this size (about 500 rows) are checked and applied in the request; larger ones in a task.
IN_REQUEST_BYTES = 100_000


class JobNotReady(Exception):
    pass


def create_job(store: Store, upload, *, mode: str, publish: bool, user, language: str = "id") -> ImportJob:
    """Store the upload as a new job (status ``checking``); the caller runs or enqueues ``run_check``."""
    job = ImportJob(store=store, original_name=upload.name[-200:], mode=mode, publish=publish, created_by=user,
                    language=language or "id")
    job.file.save(f"{store.slug}-{upload.name[-80:]}", upload, save=False)
    job.save()
    return job


def runs_in_request(job: ImportJob) -> bool:
    return job.file.size <= IN_REQUEST_BYTES


def _content(job: ImportJob) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def _failed(job: ImportJob, message: str) -> None:
    job.report = Report(mode=job.mode, publish=job.publish, problems=[Problem(1, "", message)]).as_dict()
    job.status, job.finished_at = ImportStatus.FAILED, timezone.now()
    job.save(update_fields=["report", "status", "finished_at"])


def run_check(job_id: int) -> None:
    """The dry run: the job becomes ``ready`` (no bad rows) or ``invalid``, with the report."""
    job = ImportJob.objects.select_related("store").filter(pk=job_id).first()
    if job is None:
        return
    with translation.override(job.language):
        try:
            report = check(job.store, _content(job), format_of(job.original_name), mode=job.mode,
                           publish=job.publish)
        except Exception:
            logger.exception("checking product import %s failed", job.pk)
            _failed(job, _("The file could not be checked. Nothing was changed."))
            return
    job.report = report.as_dict()
    job.rows_total, job.rows_done = report.rows, 0
    job.status = ImportStatus.READY if report.ok else ImportStatus.INVALID
    job.save(update_fields=["report", "rows_total", "rows_done", "status"])


def start_apply(job: ImportJob) -> ImportJob:
    """Mark a checked job as applying (once: a second click finds it applying and is refused)."""
    with transaction.atomic():
        updated = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.READY).update(status=ImportStatus.APPLYING)
    if not updated:
        raise JobNotReady(job.pk)
    job.refresh_from_db()
    return job


def _progress_writer(job: ImportJob):
    def write(done: int, total: int) -> None:
        cache.set(PROGRESS_KEY.format(pk=job.pk), (done, total), 3600)
    return write


def progress(job: ImportJob) -> tuple[int, int]:
    """(products written, products to write) while applying; (0, 0) when unknown."""
    found = cache.get(PROGRESS_KEY.format(pk=job.pk))
    return tuple(found) if found else (0, 0)


def run_apply(job_id: int) -> None:
    """Apply a job's file, all or nothing. If the catalog changed since the check so that a row became bad, the
    job goes back to ``invalid`` with the new report and nothing is changed."""
    job = ImportJob.objects.select_related("store", "created_by").filter(pk=job_id).first()
    if job is None or job.status != ImportStatus.APPLYING:
        return
    with translation.override(job.language):
        try:
            report = apply(job.store, _content(job), format_of(job.original_name), mode=job.mode,
                           publish=job.publish, user=job.created_by, progress=_progress_writer(job))
        except ImportRefused as refused:
            job.report, job.status = refused.report.as_dict(), ImportStatus.INVALID
            job.save(update_fields=["report", "status"])
            return
        except Exception:
            logger.exception("applying product import %s failed", job.pk)
            _failed(job, _("The file could not be applied. Nothing was changed; try again or ask the marketplace."))
            return
    job.report, job.status, job.finished_at = report.as_dict(), ImportStatus.DONE, timezone.now()
    job.rows_done = job.rows_total
    job.save(update_fields=["report", "status", "finished_at", "rows_done"])
    cache.delete(PROGRESS_KEY.format(pk=job.pk))
