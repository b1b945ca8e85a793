"""``manage.py create_payouts --from 2026-11-01 --to 2026-11-30 [--send]``: the payout batch of a period (every
store with a payable balance), or with ``--store <slug> --currency IDR --amount 150000`` one payout in a new batch.
Bad input: one line on stderr and a non-zero exit, nothing changed."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import Store

from ...errors import PayoutError
from ...services import batches


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("Invalid date %(value)s: use YYYY-MM-DD.") % {"value": value}) from None


class Command(BaseCommand):
    help = "Create the payout batch of a period (and send it with --send)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True)
        parser.add_argument("--to", dest="end", required=True)
        parser.add_argument("--send", action="store_true")
        parser.add_argument("--store", default="")
        parser.add_argument("--currency", default="IDR")
        parser.add_argument("--amount", default="")

    def handle(self, *args, start, end, send, store, currency, amount, **options):
        start, end = _date(start), _date(end)
        try:
            batch = self._single(start, end, store, currency, amount) if store else batches.create_batch(start, end)
        except PayoutError as exc:
            raise CommandError(exc.message) from None
        counts = batches.send_batch(batch) if send else {}
        payouts = batch.payouts.count()
        self.stdout.write(f"batch {batch.pk} {batch}: {payouts} payout(s), {len(batch.skipped)} skipped {counts}")

    def _single(self, start, end, slug, currency, amount):
        shop = Store.objects.filter(slug=slug).first()
        if shop is None:
            raise CommandError(_("No store with the address %(slug)s.") % {"slug": slug})
        if currency not in batches.CURRENCIES:
            raise CommandError(_("Unknown currency %(currency)s.") % {"currency": currency})
        with transaction.atomic():
            batch = batches.new_batch(start, end)
            batches.add_payout(batch, shop, currency, amount)
        return batch
