"""``manage.py load_demo``: the demo marketplace (idempotent), or a large catalog for benchmarks."""

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from shop.demo import data
from shop.demo.loader import DEFAULT_PASSWORD, load_demo


class Command(BaseCommand):
    # The production refusal must come before anything touches the database; Django 6.1's start-up checks
    # include database checks, which fail with a traceback on a production settings module without a database.
    requires_system_checks = []
    help = (
        "Load the demo marketplace: stores, products with photos, prices in IDR and MYR, stock, shipping and "
        "demo users. Running it again completes what is missing and duplicates nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stores", type=int, default=len(data.STORES),
            help=f"Number of stores (default {len(data.STORES)}; more than that builds a benchmark catalog).",
        )
        parser.add_argument(
            "--products-per-store", type=int, default=None,
            help="Products per store (default: 6 to 12, varying by store).",
        )
        parser.add_argument("--no-photos", action="store_true", help="Skip drawing product photos.")

    def handle(self, *args, stores, products_per_store, no_photos, **options):
        module = getattr(settings, "SETTINGS_MODULE", "") or os.environ.get("DJANGO_SETTINGS_MODULE", "")
        if module.endswith(".production") or module.split(".")[-1] == "production":
            raise CommandError(f"load_demo refuses to run with {module}: demo data and demo passwords are not for production.")
        if stores < 1 or stores > 5000:
            raise CommandError("--stores must be between 1 and 5000.")
        if products_per_store is not None and not 1 <= products_per_store <= 1000:
            raise CommandError("--products-per-store must be between 1 and 1000.")
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD

        started = time.monotonic()
        verbose = options.get("verbosity", 1) >= 1
        large = stores > len(data.STORES) or (products_per_store or 0) > 12
        if verbose and large:
            result = self._with_progress_bar(stores, products_per_store, not no_photos, password)
        else:
            result = load_demo(
                stores=stores, products_per_store=products_per_store, with_photos=not no_photos, password=password
            )
        if not verbose:
            return
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready in {elapsed:.1f}s: {len(result.stores)} stores, {result.products_created} new products, "
                f"{result.images_created} new photos."
            )
        )
        self.stdout.write("\nDemo logins (password: %s)" % ("from DEMO_PASSWORD" if os.environ.get("DEMO_PASSWORD") else password))
        shown = result.logins if len(result.logins) <= 20 else result.logins[:5] + [("…", f"{len(result.logins) - 5} more editors")]
        for username, role in shown:
            self.stdout.write(f"  {username:<36} {role}")
        self.stdout.write("\nAdmin: /admin/   Marketplace: /")

    def _with_progress_bar(self, stores, products_per_store, with_photos, password):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, transient=False) as bar:
            tasks = {
                "stores": bar.add_task("Toko & katalog", total=stores),
                "index": bar.add_task("Indeks pencarian", total=stores * (products_per_store or 9)),
            }

            def progress(task, n):
                bar.advance(tasks[task], n)

            result = load_demo(
                stores=stores, products_per_store=products_per_store, with_photos=with_photos, password=password,
                progress=progress,
            )
            bar.update(tasks["index"], total=result.products_created or 1, completed=result.products_created or 1)
        return result
