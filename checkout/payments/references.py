"""Bank-transfer references: what a buyer writes in the transfer note and an administrator reads off a bank
statement.

A reference is 8 characters of Crockford's base32 (digits and capitals without I, L, O and U), shown in two
groups: ``7KQ4-M2XH``. Nothing in it can be misread (no 0/O, 1/I/L), it fits any bank's note field, and 40 random
bits keep it unique without the checkout number in it. It is matched however it is typed: any case, with or without
spaces or dashes, and with O, I or L read as 0, 1 and 1 (Crockford's decoding rule).

References made before this format (``OPOP-4-1-rUwyYPOM``) keep working: they are found case-insensitively and
regardless of spaces and dashes too.
"""

from __future__ import annotations

import re
import secrets

from django.db.models import QuerySet, Value
from django.db.models.functions import Replace, Upper

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8
GROUP = 4
_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.·]+")


def new_reference() -> str:
    """A fresh random reference such as ``7KQ4-M2XH`` (uniqueness is the caller's check, see ``unused_reference``)."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{code[:GROUP]}-{code[GROUP:]}"


def unused_reference(queryset: QuerySet) -> str:
    """A reference no row of ``queryset`` (``provider_id``) has yet. 2^40 codes: a retry is a rarity."""
    while True:
        reference = new_reference()
        if not queryset.filter(provider_id=reference).exists():
            return reference


def compact(typed: str) -> str:
    """What was typed, in capitals, without spaces, dashes, dots or underscores."""
    return _SEPARATORS.sub("", typed or "").upper()


def canonical(typed: str) -> str | None:
    """The reference in its stored form (``7KQ4-M2XH``), or None when what was typed cannot be one."""
    code = compact(typed).translate(_ALIASES)
    if len(code) != LENGTH or any(c not in ALPHABET for c in code):
        return None
    return f"{code[:GROUP]}-{code[GROUP:]}"


def find_by_reference(queryset: QuerySet, typed: str):
    """The one row of ``queryset`` whose ``provider_id`` is the typed reference, or None (nothing, or more than one
    older reference that differ only in case)."""
    short = canonical(typed)
    if short is not None:
        found = queryset.filter(provider_id=short).first()
        if found is not None:
            return found
    wanted = compact(typed)
    if not wanted:
        return None
    normalised = Upper(Replace(Replace("provider_id", Value("-"), Value("")), Value(" "), Value("")))
    matches = list(queryset.annotate(_typed_reference=normalised).filter(_typed_reference=wanted)[:2])
    return matches[0] if len(matches) == 1 else None
