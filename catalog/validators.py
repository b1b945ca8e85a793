"""Validators for Indonesian data that buyers and regulators check. Messages say what to fix."""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HALAL_RE = re.compile(r"^ID\d{10,24}$")
PIRT_RE = re.compile(r"^\d{15,16}$")
BPOM_RE = re.compile(r"^(?:BPOM RI )?(MD|ML) ?(\d{12})$")


def normalise_whatsapp(value: str) -> str:
    """Return an Indonesian mobile number as +62…, or raise a ValidationError that says what is wrong."""
    raw = (value or "").strip()
    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        raise ValidationError(_("Nomor WhatsApp tidak dikenali. Contoh yang benar: 0812-3456-7890."), code="invalid")
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Nomor WhatsApp tidak dikenali. Contoh yang benar: 0812-3456-7890."), code="invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_halal_number(value: str) -> None:
    if value and not HALAL_RE.match(value.strip().upper()):
        raise ValidationError(
            _("Nomor sertifikat halal BPJPH diawali 'ID' lalu angka, misalnya ID35110000123450823."), code="invalid"
        )


def validate_pirt_number(value: str) -> None:
    digits = re.sub(r"[\s.\-]", "", value or "")
    if value and not PIRT_RE.match(digits):
        raise ValidationError(
            _("Nomor P-IRT terdiri dari 15 angka (boleh dengan tanda -), misalnya 2063507010123-28."), code="invalid"
        )


def validate_bpom_number(value: str) -> None:
    if value and not BPOM_RE.match(" ".join((value or "").upper().split())):
        raise ValidationError(
            _("Nomor BPOM adalah MD atau ML diikuti 12 angka, misalnya BPOM RI MD 235602169254."), code="invalid"
        )


def validate_slug_is_free(slug: str) -> None:
    """A store lives at ``/<slug>/``: refuse a slug that one of the shop's own URLs already answers.

    Asks the URLconf instead of keeping a list, so a route added later (``/toko/``, ``/search/``, ``/admin/``…)
    is reserved without anyone remembering to add it here.
    """
    from django.urls import Resolver404, resolve

    for probe in (f"/{slug}/", f"/{slug}/halaman/"):  # the storefront itself, and a page below it
        try:
            match = resolve(probe)
        except Resolver404:
            continue
        if match.url_name == "wagtail_serve":
            continue
        raise ValidationError(
            {"slug": _("Alamat /%(slug)s/ sudah dipakai halaman marketplace. Pilih slug lain.") % {"slug": slug}},
            code="reserved",
        )
