"""Money as the admin shows it: in lists, forms, exports and panels, always with its currency.

Every admin money column, export and panel goes through ``format_admin_money`` (in templates the ``admin_money``
filter of ``{% load money %}``), so the admin's money format lives in one place:

- the currency's own symbol (``Rp``, ``RM``) in front, never a bare number: an RM146,10 order must not read like
  rupiah;
- the separators of the editor's language: ``Rp134.325`` and ``RM146,10`` in Indonesian, ``Rp134,325`` and
  ``RM146.10`` in English (``catalog.money.format_money``, the shop's one formatter);
- the currency's own precision (``catalog.money.quantize``): rupiah without ``,00``.

Number inputs cannot hold a symbol or a thousands separator, so ``WholeAmountInput`` only drops the ``.00`` of
whole amounts (``25000`` rather than ``25000.00``); the field's label names the currency.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from wagtail.admin.ui.tables import Column

from catalog.money import format_money


def format_admin_money(amount, currency: str, language: str | None = None) -> str:
    """The shop's one money format (``catalog.money.format_money``); empty for no amount or no currency."""
    if amount in (None, "") or not currency:
        return ""
    return format_money(amount, str(currency), language)


def _lookup(instance, path: str):
    for part in path.split("."):
        instance = getattr(instance, part, None)
        if instance is None:
            return None
    return instance


class MoneyColumn(Column):
    """A listing column of an amount with its currency, read from ``currency`` (a dotted path on the row, or a
    fixed code). Sortable by the amount."""

    def __init__(self, name: str, *, currency: str = "currency", **kwargs):
        self.currency_path = currency
        kwargs.setdefault("sort_key", name)
        super().__init__(name, **kwargs)

    def currency_of(self, instance) -> str | None:
        if self.currency_path.isupper():
            return self.currency_path
        return _lookup(instance, self.currency_path)

    def get_value(self, instance):
        return format_admin_money(_lookup(instance, self.name), self.currency_of(instance))


class MoneyExportMixin:
    """For a listing view with ``list_export``: the fields named in ``money_export_fields`` (field -> currency
    path) are exported formatted (``Rp134.325``), as the listing shows them."""

    money_export_fields: dict[str, str] = {}

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for field, currency_path in self.money_export_fields.items():
            if field in row:
                row[field] = format_admin_money(row[field], _lookup(item, currency_path))
        return row


class WholeAmountInput(forms.NumberInput):
    """A number input that shows ``25000`` for a stored ``25000.00`` (and keeps ``9.50`` as it is)."""

    def format_value(self, value):
        if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        return super().format_value(value)
