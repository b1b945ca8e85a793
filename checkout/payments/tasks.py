"""Background work (django-tasks): reconciliation. Takes no rows, re-reads everything (Wagtail's tasks style)."""

from django_tasks import task

from .services import reconcile_payments, reconcile_refunds


@task()
def reconcile_payments_task(limit: int = 200) -> dict:
    report = reconcile_payments(limit=limit)
    refunds = reconcile_refunds(limit=limit)
    return {
        "checked": report.checked,
        "changed": report.changed,
        "late_checked": report.late_checked,
        "refunds_completed": refunds.completed,
    }
