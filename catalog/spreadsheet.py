"""Spreadsheet exports never carry a formula: every CSV cell that starts like one is written as text.

A store editor can name a store, a product or a page ``=HYPERLINK("http://x","y")``; an administrator who opens an
admin CSV export in a spreadsheet would get a live formula (CSV injection). Every admin export in Wagtail (snippet
listings' ``list_export``, reports, form submissions) goes through ``SpreadsheetExportMixin.preprocess_field_value``;
``install()`` wraps that one method so each CSV cell passes through ``escape_formula``. XLSX cells are already safe:
Wagtail stores anything that looks like a formula as a string cell.
"""

from __future__ import annotations

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """``value`` with a leading ``'`` if it is text a spreadsheet would read as a formula; other values unchanged
    (numbers stay numbers: ``-400000`` the number is not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def install() -> None:
    """Make every CSV export of the admin formula-safe (idempotent; called from ``CatalogConfig.ready``)."""
    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "formula_safe", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        value = original(self, field, value, export_format)
        return escape_formula(value) if export_format == self.FORMAT_CSV else value

    preprocess_field_value.formula_safe = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
