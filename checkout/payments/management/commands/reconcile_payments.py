from django.core.management.base import BaseCommand

from checkout.payments.services import reconcile_payments


class Command(BaseCommand):
    help = "Ask the payment providers about attempts that went quiet; apply their answers; expire what is overdue."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=200)
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the background task instead of running now."
        )

    def handle(self, *args, limit, enqueue, **options):
        if enqueue:
            from checkout.payments.tasks import reconcile_payments_task

            result = reconcile_payments_task.enqueue(limit=limit)
            self.stdout.write(f"queued {result.id}")
            return
        report = reconcile_payments(limit=limit)
        changed = ", ".join(f"{k}: {v}" for k, v in sorted(report.changed.items())) or "-"
        self.stdout.write(f"checked {report.checked} attempts; changed {changed}")
