"""Money in one place: one rounding rule (CLDR's places per currency), one value type, one formatter per language.

The rule "0 places for IDR, else 2" used to be written out in five modules beside the money module; it is now only
``catalog.money.currency_places``, and ``test_the_rounding_rule_is_written_once`` keeps it that way.
"""

import re
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from catalog.admin_columns import MoneyColumn, PercentOrMoneyColumn
from catalog.money import (
    Money,
    currency_places,
    exact_sum,
    format_money,
    is_exact,
    money_of,
    quantize,
    smallest_unit,
    validate_amount,
)

ROOT = Path(__file__).resolve().parents[2]


def nbsp_free(text: str) -> str:
    return text.replace("\xa0", " ")


@pytest.mark.parametrize(
    ("language", "idr", "myr"),
    [("id", "Rp134.325", "RM146,10"), ("en", "Rp134,325", "RM146.10")],
)
def test_amounts_are_written_the_way_the_active_language_writes_numbers(language, idr, myr):
    with translation.override(language):
        assert nbsp_free(format_money(Decimal("134325"), "IDR")) == idr
        assert nbsp_free(format_money(Decimal("146.1"), "MYR")) == myr
        assert nbsp_free(Money(Decimal("146.10"), "myr").format()) == myr


def test_an_explicit_language_wins_over_the_active_one():
    with translation.override("id"):
        assert format_money(Decimal("1234567"), "IDR", "en") == "Rp1,234,567"


def test_an_unknown_language_falls_back_to_english_numbers():
    assert format_money(Decimal("1000"), "IDR", "xx") == "Rp1,000"


def test_the_template_filter_formats_amounts_and_money():
    template = Template("{% load money %}{{ a|money:'IDR' }} {{ m|money }} [{{ none|money:'IDR' }}]")
    with translation.override("id"):
        text = template.render(
            Context({"a": Decimal("25000"), "m": Money(Decimal("9.5"), "MYR"), "none": None})
        )
    assert nbsp_free(text) == "Rp25.000 RM9,50 []"


def test_rounding_follows_the_currency():
    assert currency_places("IDR") == 0 and currency_places("myr") == 2
    assert smallest_unit("IDR") == Decimal(1) and str(smallest_unit("MYR")) == "0.01"
    assert quantize(Decimal("1000.5"), "IDR") == Decimal("1001")
    assert quantize(Decimal("1000.5"), "IDR", ROUND_DOWN) == Decimal("1000")
    assert quantize(Decimal("9.505"), "MYR") == Decimal("9.51")
    assert is_exact(Decimal("1000.00"), "IDR") and not is_exact(Decimal("1000.50"), "IDR")
    assert is_exact(Decimal("9.50"), "MYR") and not is_exact(Decimal("9.505"), "MYR")


@pytest.mark.parametrize(
    ("amount", "currency", "code"),
    [
        ("-1", "IDR", "negative"),
        ("1.5", "IDR", "fractional"),
        ("1.505", "MYR", "fractional"),
        ("abc", "IDR", "invalid"),
    ],
)
def test_validate_amount_refuses_with_a_reason(amount, currency, code):
    with pytest.raises(ValidationError) as refused:
        validate_amount(amount, currency)
    assert refused.value.code == code


def test_money_never_mixes_currencies_or_takes_a_float():
    assert Money(Decimal("1000"), "IDR") + Money(Decimal("500"), "IDR") == Money(Decimal("1500"), "IDR")
    with pytest.raises(ValueError):
        Money(Decimal("1"), "IDR") + Money(Decimal("1"), "MYR")
    with pytest.raises(TypeError):
        Money(1.5, "MYR")
    assert Money(Decimal("1000.4"), "IDR").quantized() == Money(Decimal("1000"), "IDR")


def test_a_total_of_money_stays_in_one_currency():
    rupiah = [Money(Decimal("75000"), "IDR"), Money(Decimal("15000"), "IDR"), -Money(Decimal("5000"), "IDR")]
    assert Money.total(rupiah, "IDR") == Money(Decimal("85000"), "IDR")
    assert Money.total([], "MYR") == Money.zero("MYR") and not Money.zero("MYR")
    with pytest.raises(ValueError):
        Money.total([Money(Decimal("1"), "IDR"), Money(Decimal("1"), "MYR")], "IDR")
    with pytest.raises(ValueError):
        Money.total([Money(Decimal("1"), "MYR")], "IDR")


def test_a_models_amount_reads_as_money_in_its_currency():
    class Row(SimpleNamespace):
        total_money = money_of("total")
        paid_money = money_of("paid", "order.currency")

    row = Row(total=Decimal("146.10"), currency="myr", paid=None, order=SimpleNamespace(currency="IDR"))
    assert row.total_money == Money(Decimal("146.1"), "MYR")
    assert row.paid_money is None
    row.paid = Decimal("25000")
    assert row.paid_money == Money(Decimal("25000"), "IDR")


def test_a_database_sum_is_read_back_exactly():
    assert exact_sum(63.6199999999999) == Decimal("63.62")  # SQLite adds decimals as floats
    assert exact_sum(None) == Decimal("0")
    assert exact_sum(Decimal("150000")) == Decimal("150000")


def test_the_rounding_rule_is_written_once():
    """No library module but ``catalog/money.py`` decides places by currency code (``== "IDR"`` and the like)."""
    rule = re.compile(
        r"""currency\s*[!=]=\s*["']IDR["']|["']IDR["']\s*[!=]=|scaleb\(|decimal_places\s*=\s*0\b"""
    )
    offenders = []
    for app in ("catalog", "checkout", "cms", "themes"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or "tests" in path.parts or path.name == "money.py":
                continue
            if rule.search(path.read_text()):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_admin_lists_show_amounts_in_the_rows_currency():
    rate = SimpleNamespace(price=Decimal("15000.00"), channel=SimpleNamespace(currency="IDR"))
    order = SimpleNamespace(total=Decimal("146.1"), currency="MYR")
    with translation.override("id"):
        assert MoneyColumn("price", currency="channel.currency").get_value(rate) == "Rp15.000"
        assert nbsp_free(MoneyColumn("total").get_value(order)) == "RM146,10"


def test_a_voucher_value_is_a_percentage_or_an_amount_by_its_kind():
    column = PercentOrMoneyColumn("value", currency="channel.currency", is_percent="is_percent")
    idr = SimpleNamespace(currency="IDR")
    percent = SimpleNamespace(value=Decimal("12.50"), is_percent=True, channel=idr)
    fixed = SimpleNamespace(value=Decimal("5000.00"), is_percent=False, channel=idr)
    with translation.override("id"):
        assert column.get_value(percent) == "12,5%"
        assert column.get_value(fixed) == "Rp5.000"
    with translation.override("en"):
        assert column.get_value(percent) == "12.5%"
