"""Whole numbers from query strings, form posts and URLs: one parser for every place that reads one.

``str.isdigit()`` is true for ``'²'`` (which ``int()`` refuses) and ``int()`` accepts ``'١'`` (Arabic-Indic one)
and ``'1_000'``; a database id column overflows past 2**63 - 1. ``parse_int`` accepts ASCII digits with an
optional leading minus and nothing else, within bounds, and answers ``None`` for anything else: the caller ignores
the value, or answers a 404 or a form error, never a 500.
"""

from __future__ import annotations

MAX_DB_INT = 2**63 - 1  # the largest bigint (PostgreSQL, SQLite): a bigger id matches nothing
MAX_DIGITS = 19


def parse_int(raw, *, minimum: int | None = None, maximum: int | None = MAX_DB_INT) -> int | None:
    """``raw`` as an int if it is ASCII digits (with an optional leading ``-``) within ``minimum``..``maximum``."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    else:
        text = str(raw).strip()
        digits = text[1:] if text.startswith("-") else text
        if not digits or len(digits) > MAX_DIGITS or not (digits.isascii() and digits.isdigit()):
            return None
        value = int(text)
    if minimum is not None and value < minimum:
        return None
    if maximum is not None and value > maximum:
        return None
    return value


def parse_id(raw) -> int | None:
    """A database id: a whole number from 1 to the largest bigint, else None."""
    return parse_int(raw, minimum=1)
