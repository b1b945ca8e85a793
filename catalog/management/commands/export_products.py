"""Export a store's products to a CSV or XLSX file, in the format ``import_products`` reads.

    manage.py export_products <store-slug> <file.csv|file.xlsx>
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from catalog.models import Store
from catalog.product_files import FileUnreadable, format_of
from catalog.services.product_export import export_file


class Command(BaseCommand):
    help = "Export a store's products (variants, prices, stock, permits) to a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("store", help="The store's slug.")
        parser.add_argument("file", help="Where to write: a .csv or .xlsx file.")

    def handle(self, *args, store, file, **options):
        with translation.override("id"):
            self._run(store, file)

    def _run(self, store, file):
        found = Store.objects.filter(slug=store).first()
        if found is None:
            raise CommandError(_("There is no store '%(slug)s'.") % {"slug": store})
        path = Path(file)
        try:
            content = export_file(found, format_of(path.name))
            path.write_bytes(content)
        except FileUnreadable:
            raise CommandError(_("%(file)s: use a .csv or .xlsx file.") % {"file": file})
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}.")
        self.stdout.write(_("Products of %(store)s written to %(file)s.") % {"store": found.name, "file": file})
