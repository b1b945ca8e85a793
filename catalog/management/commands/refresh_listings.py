"""Rebuild the listing rows (``catalog.ProductListing``) from the catalog, or check them.

    manage.py refresh_listings            # recompute every row, then ANALYZE
    manage.py refresh_listings --check    # exit 1 and list the rows that differ from a fresh computation

Rows are kept up to date as the catalog changes; this is for repairs (a bulk ``update()`` made by hand, data
restored from elsewhere) and for checking that nothing drifted.
"""

from django.core.management.base import BaseCommand, CommandError

from catalog.db_statistics import analyze
from catalog.services import listings


class Command(BaseCommand):
    help = "Recompute the product listing rows (or --check them) from the catalog."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only compare; exit 1 when a row differs.")

    def handle(self, *args, check=False, **options):
        if check:
            problems = listings.mismatches()
            for line in problems[:50]:
                self.stdout.write(line)
            if problems:
                raise CommandError(f"{len(problems)} listing rows differ from the catalog; run refresh_listings.")
            self.stdout.write("Listing rows match the catalog.")
            return
        count = listings.rebuild_all()
        analyze()
        self.stdout.write(f"Listing rows recomputed for {count} products.")
