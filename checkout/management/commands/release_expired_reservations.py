from django.core.management.base import BaseCommand

from checkout.services.expiry import release_expired_reservations
from checkout.tasks import release_expired_reservations_task


class Command(BaseCommand):
    help = "Expire unpaid orders whose payment window has passed and release their stock reservations."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Queue the background task instead of running now.")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = release_expired_reservations_task.enqueue()
            self.stdout.write(f"queued {result.id}")
            return
        count = release_expired_reservations()
        self.stdout.write(self.style.SUCCESS(f"{count} checkout(s) expired"))
