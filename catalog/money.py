"""Money: ``Decimal`` plus a currency, never float. Rupiah amounts are whole numbers.

Conversion to each payment provider's units happens at the boundary (see ``checkout.payments``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import format_currency, get_currency_precision
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0")


def currency_places(currency: str) -> int:
    """Display and storage precision: IDR has 0, MYR 2 (CLDR)."""
    return get_currency_precision(currency.upper())


def quantize(amount: Decimal | int | str, currency: str) -> Decimal:
    places = currency_places(currency)
    exp = Decimal(1).scaleb(-places)
    return Decimal(amount).quantize(exp, rounding=ROUND_HALF_UP)


def validate_amount(amount, currency: str, *, allow_zero: bool = True) -> Decimal:
    """Refuse negative amounts and amounts finer than the currency allows (fractional rupiah)."""
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(_("Masukkan angka yang valid."), code="invalid")
    if not value.is_finite():
        raise ValidationError(_("Masukkan angka yang valid."), code="invalid")
    if value < 0 or (value == 0 and not allow_zero):
        raise ValidationError(_("Harga tidak boleh negatif."), code="negative")
    places = currency_places(currency)
    if value != value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):
        if places == 0:
            raise ValidationError(
                _("Harga %(currency)s harus bilangan bulat tanpa desimal (contoh: 25000)."),
                code="fractional",
                params={"currency": currency},
            )
        raise ValidationError(
            _("Gunakan paling banyak %(places)s angka desimal untuk %(currency)s."),
            code="fractional",
            params={"places": places, "currency": currency},
        )
    return value


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

    def quantized(self) -> Money:
        return Money(quantize(self.amount, self.currency), self.currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(ZERO, currency)

    def format(self, locale: str | None = None) -> str:
        return format_money(self.amount, self.currency, locale)

    def __str__(self) -> str:
        return self.format()


def locale_for(currency: str, language: str | None = None) -> str:
    """Rupiah is written the Indonesian way (Rp1.234.567), ringgit the Malaysian way (RM12.50)."""
    currency = currency.upper()
    if currency == "IDR":
        return "id_ID"
    if currency == "MYR":
        return "ms_MY"
    return {"id": "id_ID", "en": "en_US"}.get((language or "en")[:2], "en_US")


def format_money(amount, currency: str, locale: str | None = None) -> str:
    value = quantize(amount, currency)
    return format_currency(value, currency.upper(), locale=locale or locale_for(currency))
