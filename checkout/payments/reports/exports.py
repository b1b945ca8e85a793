"""The report as CSV or XLSX: the same figures as the page, plain numbers (IDR whole, MYR with sen), one row per
currency and period, a total row per currency, then the top products. Every text cell goes through
``catalog.spreadsheet.escape_formula`` (a product called ``=HYPERLINK(...)`` stays text)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from catalog.money import currency_places, quantize
from catalog.spreadsheet import escape_formula

from .labels import period_label
from .selectors import Figures, SalesReport

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _amount(value, currency: str) -> Decimal | None:
    return None if value is None else quantize(value, currency)


def sales_header() -> list[str]:
    return [_("Currency"), _("Period start"), _("Period"), _("Orders"), _("Units"), _("Gross revenue"),
            _("Refunds"), _("Net revenue"), _("Average order"), _("Cancelled or expired")]


def _figures_row(figures: Figures, period: str) -> list:
    currency = figures.currency
    return [currency, figures.start, period, figures.orders, figures.units, _amount(figures.gross, currency),
            _amount(figures.refunds, currency), _amount(figures.net, currency),
            _amount(figures.average_order, currency), figures.cancelled]


def sales_rows(report: SalesReport) -> list[list]:
    """Rows of the sales table: every period of every currency, then each currency's total."""
    rows = []
    for part in report.currencies:
        rows += [_figures_row(row, period_label(row.start, report.query.granularity)) for row in part.periods]
        rows.append(_figures_row(part.total, _("Total %(start)s – %(end)s") % {
            "start": report.query.start.isoformat(), "end": report.query.end.isoformat()}))
    return rows


def product_header() -> list[str]:
    return [_("Currency"), _("Rank"), _("Product"), _("Units"), _("Revenue (goods)")]


def product_rows(report: SalesReport) -> list[list]:
    return [
        [part.currency, rank, product.title, product.units, _amount(product.revenue, part.currency)]
        for part in report.currencies
        for rank, product in enumerate(part.top_products, start=1)
    ]


def _cell(value):
    if isinstance(value, str):
        return escape_formula(value)
    return "" if value is None else value


def as_csv(report: SalesReport) -> bytes:
    """UTF-8 with a byte-order mark (so spreadsheet programs read Indonesian text right); the sales table, an
    empty line, the top products."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(sales_header())
    writer.writerows([[_cell(v) for v in row] for row in sales_rows(report)])
    writer.writerow([])
    writer.writerow(product_header())
    writer.writerows([[_cell(v) for v in row] for row in product_rows(report)])
    return ("\ufeff" + out.getvalue()).encode()


def _money_format(currency: str) -> str:
    places = currency_places(currency)
    return "#,##0" + ("." + "0" * places if places else "")


def _sheet(sheet, header, rows, money_columns) -> None:
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(v) for v in row])
        for column in money_columns:
            sheet.cell(row=sheet.max_row, column=column).number_format = _money_format(row[0])
    for column, title in zip(sheet.columns, header, strict=False):
        sheet.column_dimensions[column[0].column_letter].width = max(12, len(title) + 2)


def as_xlsx(report: SalesReport) -> bytes:
    """Two sheets, "Sales" and "Top products", amounts as numbers formatted for their currency."""
    book = Workbook()
    sales = book.active
    sales.title = _("Sales")[:31]
    _sheet(sales, sales_header(), sales_rows(report), money_columns=(6, 7, 8, 9))
    for row in sales.iter_rows(min_row=2, min_col=2, max_col=2):
        row[0].number_format = "yyyy-mm-dd"
    _sheet(book.create_sheet(_("Top products")[:31]), product_header(), product_rows(report), money_columns=(5,))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
