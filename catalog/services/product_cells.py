"""Reading one cell of a product file: money in a column's currency, whole numbers, dates, permit numbers.

Each reader returns the value or raises ``CellError`` with an Indonesian (active-language) reason that the import
report shows next to the row's line number.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from catalog.money import currency_places, validate_amount

# What a price cell may start with, and the currency that prefix means.
CURRENCY_PREFIXES = {"IDR": "IDR", "RP": "IDR", "MYR": "MYR", "RM": "MYR", "USD": "USD", "US$": "USD", "$": "USD",
                     "SGD": "SGD", "S$": "SGD", "EUR": "EUR", "€": "EUR"}
PREFIX_RE = re.compile(r"^\s*(US\$|S\$|[A-Za-z]{2,3}|\$|€)\.?\s*(.*)$")
GROUPED_RE = re.compile(r"^\d{1,3}(\.\d{3})+$")  # 25.000, 1.250.000: Indonesian thousands


class CellError(ValueError):
    pass


def _message(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def read_money(text: str, currency: str) -> Decimal:
    """An amount in ``currency``: ``25000``, ``25.000``, ``Rp25.000``, ``IDR 25000``; ``9.50``/``RM 9,50`` in MYR.

    Refused: another currency's prefix, a negative amount, fractional rupiah, anything that is not a number."""
    value = text.strip().replace("\u00a0", " ")
    match = PREFIX_RE.match(value)
    if match:
        prefix = match.group(1).upper()
        given = CURRENCY_PREFIXES.get(prefix)
        if given is None:
            raise CellError(_("'%(value)s' is not a price.") % {"value": text})
        if given != currency:
            raise CellError(
                _("Wrong currency: this column holds %(expected)s prices, the cell says %(given)s.")
                % {"expected": currency, "given": given}
            )
        value = match.group(2)
    value = value.replace(" ", "")
    if currency_places(currency) == 0 and GROUPED_RE.match(value):  # Rp25.000: dots group thousands
        value = value.replace(".", "")
    elif "," in value and "." not in value and value.count(",") == 1:
        value = value.replace(",", ".")  # 9,50: a decimal comma
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise CellError(_("'%(value)s' is not a price.") % {"value": text})
    try:
        return validate_amount(amount, currency)
    except ValidationError as error:
        raise CellError(_message(error))


def read_whole(text: str, *, what: str) -> int:
    """A whole number ≥ 0 (stock, weight); ``12.0`` from a spreadsheet is 12."""
    value = text.strip()
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise CellError(_("%(what)s must be a whole number, not '%(value)s'.") % {"what": what, "value": text})
    if not number.is_finite() or number != number.to_integral_value():
        raise CellError(_("%(what)s must be a whole number, not '%(value)s'.") % {"what": what, "value": text})
    if number < 0:
        raise CellError(_("%(what)s cannot be negative.") % {"what": what})
    if number > 2_000_000_000:
        raise CellError(_("%(what)s is too large.") % {"what": what})
    return int(number)


def read_date(text: str) -> date:
    """``2027-06-30`` (what the export writes) or ``30/06/2027``."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise CellError(_("'%(value)s' is not a date; write it as 2027-06-30.") % {"value": text})


def validated(text: str, validator) -> str:
    """Run one of ``catalog.validators``; its message becomes the cell's reason."""
    try:
        validator(text)
    except ValidationError as error:
        raise CellError(_message(error))
    return text


def normalise_halal(text: str) -> str:
    return text.strip().upper()


def normalise_bpom(text: str) -> str:
    return " ".join(text.upper().split())
