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
