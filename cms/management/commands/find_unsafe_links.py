"""``manage.py find_unsafe_links [--fix]``: links stored anywhere that ``catalog.links`` refuses (see
``cms.link_audit``). One line per finding (model and object, field, value); exits 1 if any are found without
``--fix``; with ``--fix`` blanks them, says what it changed and empties the page cache."""

from django.core.management.base import BaseCommand, CommandError

from cms.link_audit import find_unsafe_links
from cms.signal_handlers import invalidate


class Command(BaseCommand):
    help = "List (and with --fix blank) stored links that the link rule refuses: URL fields, StreamFields, rich text."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix", action="store_true", help="Blank every refused link (# inside rich text)."
        )

    def handle(self, *args, fix=False, **options):
        findings = find_unsafe_links(fix=fix)
        for finding in findings:
            self.stdout.write(("fixed\t" if fix else "") + finding.line())
        if fix:
            if findings:
                invalidate()
            self.stdout.write(f"{len(findings)} unsafe link(s) blanked.")
            return
        if findings:
            raise CommandError(f"{len(findings)} unsafe link(s) found; run with --fix to blank them.")
        self.stdout.write("No unsafe links found.")
