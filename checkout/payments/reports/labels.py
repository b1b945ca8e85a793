"""How a report's periods and figures are named, the same on the page, in the chart and in the exports."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .selectors import Granularity


def period_label(day: date, granularity: str) -> str:
    """``1 Des 2026``, ``Minggu 30 Nov 2026`` (the week's Monday) or ``Desember 2026``, in the active language."""
    if granularity == Granularity.MONTH:
        return date_format(day, "F Y")
    if granularity == Granularity.WEEK:
        return _("Week of %(day)s") % {"day": date_format(day, "j M Y")}
    return date_format(day, "j M Y")


def short_period_label(day: date, granularity: str) -> str:
    """What fits under a bar of the chart: ``1/12``, ``30/11`` (a week's Monday) or ``Des 26``."""
    if granularity == Granularity.MONTH:
        return date_format(day, "M y")
    return date_format(day, "j/n")
