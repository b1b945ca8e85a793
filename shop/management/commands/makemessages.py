"""Django's ``makemessages`` with this project's defaults, so a plain ``manage.py makemessages -l id`` on a clean
clone changes nothing.

- Python files and templates (``.py``, ``.html``, ``.txt``), never tests, benchmarks, virtualenvs or build output.
- ``#:`` references name the file without a line number, and removed strings are dropped instead of being kept as
  obsolete entries: a commit that moves code does not rewrite the catalogues.
- A catalogue keeps its ``POT-Creation-Date``: msgmerge would stamp every file with the time of the run, and two
  branches that each add a string would then conflict on that header line when they merge.
- ``cms/wagtail_locale`` holds Wagtail's own msgids (a supplement meant for upstream), not strings of this code.

Each app's strings go to the ``locale/`` directory nearest above them (Django's rule), so every library app keeps
its own catalogue. See docs/translations.md.
"""

import re
from pathlib import Path

from django.core.management.commands import makemessages

IGNORE = [
    ".venv*",
    "venv",
    "tests",
    "*/tests",
    "bench",
    "var",
    "media",
    "static",
    "docs",
    "node_modules",
    "conftest.py",
    "cms/wagtail_locale",
]
POT_DATE = re.compile(r'^"POT-Creation-Date: [^"]*"\n', re.M)


class Command(makemessages.Command):
    def handle(self, *args, **options):
        if not options.get("extensions"):
            options["extensions"] = ["html", "txt", "py"]
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *IGNORE]
        if options.get("add_location") is None:
            options["add_location"] = "file"
        options["no_obsolete"] = True
        return super().handle(*args, **options)

    def write_po_file(self, potfile, locale):
        po = Path(potfile).parent / locale / "LC_MESSAGES" / f"{self.domain}.po"
        before = po.read_text(encoding="utf-8") if po.exists() else None
        super().write_po_file(potfile, locale)
        if before is None:
            return
        kept = POT_DATE.search(before)
        if kept:
            after = po.read_text(encoding="utf-8")
            po.write_text(POT_DATE.sub(lambda _: kept.group(0), after, count=1), encoding="utf-8")
