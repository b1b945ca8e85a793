"""Import a store's products from a CSV or XLSX file (the format of ``export_products``).

    manage.py import_products <store-slug> <file> [--dry-run] [--publish|--draft] [--only stock|prices]

Prints what changes (created/updated/unchanged, and each changed row) and every bad row with its line number;
with any bad row nothing is changed and the command exits with status 1. Drafts unless ``--publish``.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from catalog.models import ImportMode, Store
from catalog.product_files import FileUnreadable, format_of
from catalog.services import product_import


class Command(BaseCommand):
    help = "Import products (variants, prices, stock, permits) of a store from a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("store", help="The store's slug.")
        parser.add_argument("file", help="A .csv or .xlsx file.")
        parser.add_argument("--dry-run", action="store_true", help="Only show what would change.")
        state = parser.add_mutually_exclusive_group()
        state.add_argument("--publish", action="store_true", help="Publish the products.")
        state.add_argument("--draft", action="store_true", help="Save them as drafts (the default).")
        parser.add_argument("--only", choices=["stock", "prices"], help="Update only stock or only prices.")

    def handle(self, *args, store, file, dry_run=False, publish=False, draft=False, only=None, **options):
        with translation.override("id"):
            self._run(store, file, dry_run, publish, only, options.get("verbosity", 1))

    def _run(self, slug, file, dry_run, publish, only, verbosity):
        store = Store.objects.filter(slug=slug).first()
        if store is None:
            raise CommandError(_("There is no store '%(slug)s'.") % {"slug": slug})
        path = Path(file)
        try:
            file_format = format_of(path.name)
            content = path.read_bytes()
        except FileUnreadable:
            raise CommandError(_("%(file)s: use a .csv or .xlsx file.") % {"file": file})
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}.")
        mode = ImportMode(only) if only else ImportMode.FULL
        try:
            if dry_run:
                report = product_import.check(store, content, file_format, mode=mode, publish=publish)
            else:
                report = product_import.apply(store, content, file_format, mode=mode, publish=publish)
        except product_import.ImportRefused as refused:
            report = refused.report
        self._print(report, verbosity)
        if report.problems:
            raise CommandError(_("%(n)s bad rows; nothing was changed.") % {"n": len(report.problems)})

    def _print(self, report, verbosity):
        for problem in report.problems:
            where = _("line %(line)s") % {"line": problem.line} + (f" {problem.sku}" if problem.sku else "")
            self.stderr.write(f"{where}: {problem.message}")
        if verbosity > 1 or report.problems or not report.applied:
            for change in report.changes:
                if change.action != "unchanged":
                    details = "; ".join(change.changes) if change.action == "updated" else _("new")
                    self.stdout.write(f"{_('line %(line)s') % {'line': change.line}} {change.sku}: {details}")
        summary = _("%(rows)s rows: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.") % {
            "rows": report.rows, "created": report.count("created"), "updated": report.count("updated"),
            "unchanged": report.count("unchanged"),
        }
        self.stdout.write(summary + " " + (_("Applied.") if report.applied else _("Dry run: nothing was saved.")))
