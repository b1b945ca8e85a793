"""Validators for Indonesian data that buyers and regulators check. Messages say what to fix.

Phone and WhatsApp numbers: ``catalog.phones``."""

import re

from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

HALAL_RE = re.compile(r"^ID\d{10,24}$")
PIRT_RE = re.compile(r"^\d{15,16}$")
BPOM_RE = re.compile(r"^(?:BPOM RI )?(MD|ML) ?(\d{12})$")


def validate_halal_number(value: str) -> None:
    if value and not HALAL_RE.match(value.strip().upper()):
        raise ValidationError(
            _("A BPJPH halal certificate number starts with 'ID' followed by digits, for example "
              "ID35110000123450823."), code="invalid"
        )


def validate_pirt_number(value: str) -> None:
    digits = re.sub(r"[\s.\-]", "", value or "")
    if value and not PIRT_RE.match(digits):
        raise ValidationError(
            _("A P-IRT number has 15 digits (hyphens allowed), for example 2063507010123-28."), code="invalid"
        )


def validate_bpom_number(value: str) -> None:
    if value and not BPOM_RE.match(" ".join((value or "").upper().split())):
        raise ValidationError(
            _("A BPOM number is MD or ML followed by 12 digits, for example BPOM RI MD 235602169254."), code="invalid"
        )


def validate_slug_is_free(slug: str) -> None:
    """A store lives at ``/<slug>/``: refuse a slug that one of the shop's own URLs already answers.

    Asks the URLconf instead of keeping a list, so a route added later (``/toko/``, ``/search/``, ``/admin/``…)
    is reserved without anyone remembering to add it here.
    """
    for probe in (f"/{slug}/", f"/{slug}/halaman/"):  # the storefront itself, and a page below it
        try:
            match = resolve(probe)
        except Resolver404:
            continue
        if match.url_name == "wagtail_serve":
            continue
        raise ValidationError(
            {"slug": _("The address /%(slug)s/ is already used by a marketplace page. Choose another slug.") % {"slug": slug}},
            code="reserved",
        )


NIB_RE = re.compile(r"^\d{13}$")


def validate_nib(value: str) -> None:
    """NIB (Nomor Induk Berusaha, from OSS): 13 digits; spaces and dots people type between groups are allowed."""
    if value and not NIB_RE.match(re.sub(r"[\s.\-]", "", value)):
        raise ValidationError(
            _("An NIB (business number from OSS) has 13 digits, for example 9120001234567."), code="invalid"
        )


def split_halal_numbers(value: str) -> list[str]:
    """Halal certificate numbers typed one per line or separated by commas, upper-cased, without blanks."""
    return [part.strip().upper() for part in re.split(r"[,\n;]", value or "") if part.strip()]


def validate_halal_numbers(value: str) -> None:
    """Each of several halal certificate numbers (``split_halal_numbers``) must be a BPJPH number."""
    bad = [number for number in split_halal_numbers(value) if not HALAL_RE.match(number)]
    if bad:
        raise ValidationError(
            _("%(numbers)s: a BPJPH halal certificate number starts with 'ID' followed by digits, for example "
              "ID35110000123450823.") % {"numbers": ", ".join(bad)},
            code="invalid",
        )


GTIN_LENGTHS = (8, 12, 13, 14)


def gtin_check_digit_ok(digits: str) -> bool:
    """GS1 check digit: from the right, weights 3, 1, 3, ... over the digits before the last."""
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def validate_gtin(value: str) -> None:
    """A barcode number (GTIN-8, UPC-12, EAN-13 or GTIN-14): digits only, with a valid check digit."""
    if not value:
        return
    if not value.isdigit() or len(value) not in GTIN_LENGTHS:
        raise ValidationError(
            _("A GTIN (barcode number) has 8, 12, 13 or 14 digits and nothing else, for example 8991234567891."),
            code="invalid",
        )
    if not gtin_check_digit_ok(value):
        raise ValidationError(
            _("This GTIN's last digit (the check digit) does not match: copy the number under the barcode again."),
            code="check_digit",
        )
