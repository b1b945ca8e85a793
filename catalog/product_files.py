"""Product files (CSV or XLSX) read and written through tablib: the columns, the cells, nothing about the catalog.

One row per variant (SKU); the product's own columns repeat on each of its variants' rows. Prices have a pair of
columns per currency of the active channels (``price_idr``, ``compare_at_idr``, ``price_myr`` …). The services in
``catalog.services.product_import`` and ``product_export`` give the rows their meaning. Cells that a spreadsheet
would read as a formula are written with a leading ``'`` (``catalog.spreadsheet.escape_formula``) in both formats,
and read back without it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import tablib

from catalog.spreadsheet import FORMULA_PREFIXES, escape_formula

PRODUCT_COLUMNS = (
    "store", "product_slug", "title", "summary", "category", "halal_cert_no", "halal_valid_until", "pirt_number",
    "bpom_number",
)
VARIANT_COLUMNS = ("sku", "variant_name", "weight_grams")
STOCK_COLUMN = "stock"
FORMATS = ("csv", "xlsx")
MAX_ROWS = 20000
MAX_BYTES = 10 * 1024 * 1024


class FileUnreadable(ValueError):
    """The file cannot be read as a product file at all (wrong format, no header, too large)."""


def price_column(currency: str) -> str:
    return f"price_{currency.lower()}"


def compare_column(currency: str) -> str:
    return f"compare_at_{currency.lower()}"


def columns(currencies) -> list[str]:
    cols = list(PRODUCT_COLUMNS) + list(VARIANT_COLUMNS)
    for currency in currencies:
        cols += [price_column(currency), compare_column(currency)]
    return cols + [STOCK_COLUMN]


@dataclass
class Row:
    line: int  # the spreadsheet's row number (the header is line 1)
    values: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "")


def format_of(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in FORMATS:
        raise FileUnreadable("format")
    return suffix


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        value = Decimal(repr(value))
        return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        text = text[1:]  # written escaped by an export: the text itself
    return text


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileUnreadable("encoding")


def _load(content: bytes, file_format: str) -> tablib.Dataset:
    if len(content) > MAX_BYTES:
        raise FileUnreadable("size")
    try:
        if file_format == "xlsx":
            return tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        text = _decode(content)
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","  # Excel in Indonesian writes ';'
        return tablib.Dataset().load(text, format="csv", delimiter=delimiter)
    except FileUnreadable:
        raise
    except Exception as error:  # tablib/openpyxl raise many kinds for a file that is not what it claims
        raise FileUnreadable("format") from error


def read_rows(content: bytes, file_format: str) -> tuple[list[str], list[Row]]:
    """The normalised header and the non-empty rows (with their line numbers) of a CSV or XLSX file."""
    dataset = _load(content, file_format)
    header = [_cell(h).lower().replace(" ", "_") for h in (dataset.headers or [])]
    if not any(header):
        raise FileUnreadable("header")
    if dataset.height > MAX_ROWS:
        raise FileUnreadable("rows")
    rows = []
    for index, raw in enumerate(dataset, start=2):
        values = {name: _cell(value) for name, value in zip(header, raw, strict=False) if name}
        if any(values.values()):
            rows.append(Row(index, values))
    return header, rows


def write_rows(header: list[str], rows, file_format: str) -> bytes:
    """A file of ``rows`` (lists of cells) under ``header``; text that looks like a formula is escaped."""
    escaped = [[escape_formula(cell) if cell is not None else "" for cell in row] for row in rows]
    if file_format == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(escaped)
        return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM tells Excel it is UTF-8
    dataset = tablib.Dataset(*[tuple(r) for r in escaped], headers=header, title="produk")
    return dataset.export("xlsx")
