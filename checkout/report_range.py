"""The range of days an admin report covers (sales, campaigns): one rule and its messages.

A report reads at most ``MAX_REPORT_DAYS`` days (both ends included) and shows the last ``DEFAULT_REPORT_DAYS``
days when none are asked for; an end before the start, or a longer range, is a form error, never an exception."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

MAX_REPORT_DAYS = 366
DEFAULT_REPORT_DAYS = 30


def range_error(start: date | None, end: date | None) -> str:
    """Why ``start``–``end`` is not a report's range, or ``""`` (also when a date is missing: its field says so)."""
    if start is None or end is None:
        return ""
    if end < start:
        return _("The end date cannot be before the start date.")
    if (end - start).days + 1 > MAX_REPORT_DAYS:
        return _("A report covers at most %(days)s days.") % {"days": MAX_REPORT_DAYS}
    return ""
