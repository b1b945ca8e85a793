"""Money in one place: ``Decimal`` plus a currency, never float; rupiah amounts are whole numbers.

- The rounding rule (a currency's places: IDR 0, MYR 2, from CLDR through Babel) is ``currency_places``; every
  amount is rounded with ``quantize`` and checked with ``is_exact`` / ``validate_amount``.
- ``Money`` is the value type (amount and currency together; adding, subtracting or comparing two currencies is a
  ``ValueError``). It is what the services speak at their public boundaries: the amount a payment gateway charges
  or refunds, the checkout quote's ``*_money`` amounts, and the ``*_money`` properties of orders, payment attempts
  and refunds (``money_of``), whose columns stay a ``Decimal`` beside a currency.
- ``format_money`` is the one formatter (the ``money`` template filter uses it): the active language's number
  format with the currency's home symbol.
- ``NotNegative`` is the field validator of every amount a seller or an administrator sets.
- ``exact_sum`` reads a database ``Sum`` of a money column back exactly (SQLite adds decimals as floats).

A payment provider's own minor units are computed at the gateway boundary from a ``Money``, not here
(``checkout.payments.gateways.stripe.to_minor``, ``checkout.payments.gateways.midtrans.rupiah``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from operator import attrgetter

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_percent, get_currency_precision, get_currency_symbol
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0")
#: The unit of every money column: ``DecimalField(max_digits=14, decimal_places=2)``, fine enough for each currency
#: the shop sells in (IDR 0 places, MYR 2). A storage fact, not a currency's rounding rule.
STORED_UNIT = Decimal("0.01")


@deconstructible(path="catalog.money.NotNegative")
class NotNegative(MinValueValidator):
    """Field validator for every money amount a seller or an administrator sets: refused below zero.

    Model forms (Wagtail's snippet and page forms included) show the message on the field; a ``CheckConstraint``
    on the same column keeps the database true for writes that skip validation.
    """

    message = _("An amount cannot be below zero.")
    code = "negative"

    def __init__(self):
        super().__init__(ZERO)


def currency_places(currency: str) -> int:
    """Display and storage precision, from CLDR through Babel: IDR 0 (whole rupiah), MYR 2.

    The one place the rule is written: prices, rates, vouchers, discounts, tax and refunds all round with it.
    A payment provider's own minor units (Stripe counts IDR in cents) live at the gateway boundary instead.
    """
    return get_currency_precision(currency.upper())


def smallest_unit(currency: str) -> Decimal:
    """1 for IDR, 0.01 for MYR: the ``step`` of a money input and the exponent amounts are rounded to."""
    return Decimal(1).scaleb(-currency_places(currency))


def quantize(amount: Decimal | int | str, currency: str, rounding: str = ROUND_HALF_UP) -> Decimal:
    """``amount`` rounded to the currency's precision (half up unless told; a percentage discount rounds down)."""
    return Decimal(amount).quantize(smallest_unit(currency), rounding=rounding)


def is_exact(amount: Decimal, currency: str) -> bool:
    """True when ``amount`` needs no finer unit than the currency has (no fractional rupiah)."""
    return amount == quantize(amount, currency)


def validate_amount(amount, currency: str, *, allow_zero: bool = True) -> Decimal:
    """Refuse negative amounts and amounts finer than the currency allows (fractional rupiah)."""
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(_("Enter a valid number."), code="invalid")
    if not value.is_finite():
        raise ValidationError(_("Enter a valid number."), code="invalid")
    if value < 0 or (value == 0 and not allow_zero):
        raise ValidationError(_("The price cannot be negative."), code="negative")
    if not is_exact(value, currency):
        places = currency_places(currency)
        if places == 0:
            raise ValidationError(
                _("%(currency)s prices must be whole numbers without decimals (for example: 25000)."),
                code="fractional",
                params={"currency": currency},
            )
        raise ValidationError(
            _("Use at most %(places)s decimal places for %(currency)s."),
            code="fractional",
            params={"places": places, "currency": currency},
        )
    return value


def amount_errors(obj, names, currency: str) -> dict[str, ValidationError]:
    """For a model's ``clean``: ``validate_amount``'s refusal of each named amount field of ``obj`` in ``currency``
    (fractional rupiah, say), by field name. Missing and negative amounts are left to the field validators."""
    errors = {}
    for name in names:
        value = getattr(obj, name)
        if value is None or value < 0:
            continue
        try:
            validate_amount(value, currency)
        except ValidationError as error:
            errors[name] = error
    return errors


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self):
        if isinstance(self.amount, float):
            raise TypeError("Money never takes a float")
        object.__setattr__(self, "amount", Decimal(self.amount))
        object.__setattr__(self, "currency", self.currency.upper())

    def _check(self, other: Money) -> None:
        if not isinstance(other, Money) or other.currency != self.currency:
            raise ValueError(f"Cannot combine {self!r} with {other!r}")

    def __add__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, qty: int | Decimal) -> Money:
        if isinstance(qty, float):
            raise TypeError("Money never takes a float")
        return Money(self.amount * qty, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._check(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._check(other)
        return self.amount <= other.amount

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __bool__(self) -> bool:
        """False for zero, as a ``Decimal`` is (``{% if group.discount_money %}``)."""
        return bool(self.amount)

    def quantized(self) -> Money:
        return Money(quantize(self.amount, self.currency), self.currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(ZERO, currency)

    def format(self, language: str | None = None) -> str:
        return format_money(self.amount, self.currency, language)

    def __str__(self) -> str:
        return self.format()

    @classmethod
    def total(cls, amounts, currency: str) -> Money:
        """The sum of ``amounts`` (each a ``Money`` in ``currency``; another currency is a ``ValueError``)."""
        return sum(amounts, cls.zero(currency))


def money_of(amount: str, currency: str = "currency") -> property:
    """A read-only ``Money`` property of a model or a dataclass: its ``amount`` attribute in its ``currency``
    attribute (a dotted path such as ``"attempt.currency"`` follows a relation). None when the amount is None.

    ``total_money = money_of("total")`` on ``Order`` gives ``order.total_money``; the column stays a ``Decimal``.
    """
    amount_of, currency_of = attrgetter(amount), attrgetter(currency)

    def get(obj) -> Money | None:
        value = amount_of(obj)
        return None if value is None else Money(value, currency_of(obj))

    return property(get, doc=f"``{amount}`` as ``Money`` in ``{currency}``.")


def exact_sum(value) -> Decimal:
    """A database ``Sum`` of a money column, exact. SQLite adds decimals as floating point (a sum of 63.62 can come
    back as 63.6199999999999); every addend has at most the column's places (``STORED_UNIT``), so rounding to them
    restores the exact figure, and changes nothing on PostgreSQL. Deliberately not the currency's rounding: a sum
    that is not exact in its currency (fractional rupiah, a bug) stays visible instead of being rounded away."""
    return Decimal(str(value or 0)).quantize(STORED_UNIT)


#: Where a currency is at home: its symbol is written as there (Rp, RM) in every interface language.
HOME_LOCALES = {"IDR": "id_ID", "MYR": "ms_MY"}


@lru_cache(maxsize=64)
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(to_locale(language))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


@lru_cache(maxsize=256)
def _symbols(currency: str, language: str) -> tuple[str, str]:
    """(the symbol Babel writes for ``currency`` in ``language``, the symbol at the currency's home)."""
    locale = _locale(language)
    home = HOME_LOCALES.get(currency)
    here = get_currency_symbol(currency, locale=locale)
    return here, get_currency_symbol(currency, locale=home) if home else here


def format_money(amount, currency: str, language: str | None = None) -> str:
    """``amount`` rounded to the currency and written the way the active language writes numbers, with the
    currency's home symbol: Rp134.325 and RM146,10 in Indonesian, Rp134,325 and RM146.10 in English."""
    currency = currency.upper()
    return _formatted(quantize(amount, currency), currency, language or get_language() or settings.LANGUAGE_CODE)


@lru_cache(maxsize=8192)
def _formatted(amount: Decimal, currency: str, language: str) -> str:
    """Babel's formatting, remembered: a listing writes 24-48 prices, many of them the same (keyed on the amount
    already rounded to the currency, so 45000 and 45000.00 share an entry)."""
    text = format_currency(amount, currency, locale=_locale(language))
    here, home = _symbols(currency, language)
    return text.replace(here, home, 1) if here != home else text


def format_percentage(value, language: str | None = None) -> str:
    """A percentage such as a voucher's 12.5 written in the active language: 12,5% (Indonesian), 12.5% (English)."""
    language = language or get_language() or settings.LANGUAGE_CODE
    return format_percent(Decimal(value) / 100, locale=_locale(language), decimal_quantization=False)
