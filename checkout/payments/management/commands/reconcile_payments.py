from django.core.management.base import BaseCommand

from checkout.payments.services import reconcile_payments, reconcile_refunds
from checkout.payments.tasks import reconcile_payments_task


class Command(BaseCommand):
    help = (
        "Ask the payment providers about attempts that went quiet (and closed ones due a late check) and about "
        "pending refunds; apply their answers; expire what is overdue."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=200)
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the background task instead of running now."
        )

    def handle(self, *args, limit, enqueue, **options):
        if enqueue:
            result = reconcile_payments_task.enqueue(limit=limit)
            self.stdout.write(f"queued {result.id}")
            return
        self.stdout.write(reconcile_payments(limit=limit).summary())
        self.stdout.write(reconcile_refunds(limit=limit).summary())
