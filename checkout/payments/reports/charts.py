"""The report's chart, drawn on the server as SVG: no script, no CDN, readable without colour.

One bar per period (net revenue: what came in minus what went back; below the axis when refunds were larger), a
``<title>`` and ``<desc>`` for screen readers (the table beside it is the full alternative), a ``<title>`` per bar
for the tooltip, and a ``viewBox`` so it scales to a phone's width. Text is escaped (``format_html``)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from catalog.money import format_money

from .labels import period_label, short_period_label
from .selectors import CurrencyReport

WIDTH, HEIGHT = 480, 260
LEFT, RIGHT, TOP, BOTTOM = 8, 8, 34, 40
#: At most this many labels under the bars (every n-th bar is labelled when there are more periods).
MAX_LABELS = 6


def _scale(values: list[Decimal]) -> tuple[Decimal, Decimal]:
    high, low = max([Decimal(0), *values]), min([Decimal(0), *values])
    return (high, low) if high != low else (Decimal(1), Decimal(0))


def _bars(report: CurrencyReport, granularity: str) -> list[tuple]:
    values = [row.net for row in report.periods]
    high, low = _scale(values)
    plot_h = HEIGHT - TOP - BOTTOM
    zero_y = TOP + float(high / (high - low)) * plot_h
    slot = (WIDTH - LEFT - RIGHT) / max(len(values), 1)
    bars = []
    for i, (row, value) in enumerate(zip(report.periods, values, strict=True)):
        height = float(abs(value) / (high - low)) * plot_h
        y = zero_y - height if value >= 0 else zero_y
        tip = f"{period_label(row.start, granularity)}: {format_money(value, report.currency)}"
        css = "opop-chart-bar" if value >= 0 else "opop-chart-bar opop-chart-bar--negative"
        bars.append((css, f"{LEFT + i * slot + slot * 0.15:.1f}", f"{y:.1f}", f"{slot * 0.7:.1f}",
                     f"{max(height, 0.5 if value else 0):.1f}", tip))
    return bars


def _labels(report: CurrencyReport, granularity: str) -> list[tuple]:
    count = len(report.periods)
    step = max(1, -(-count // MAX_LABELS))
    slot = (WIDTH - LEFT - RIGHT) / max(count, 1)
    return [
        (f"{LEFT + i * slot + slot / 2:.1f}", HEIGHT - BOTTOM + 26, short_period_label(row.start, granularity))
        for i, row in enumerate(report.periods)
        if i % step == 0
    ]


def net_revenue_chart(report: CurrencyReport, granularity: str, chart_id: str) -> SafeString:
    """The SVG of one currency's net revenue per period."""
    values = [row.net for row in report.periods]
    high, low = _scale(values)
    zero_y = TOP + float(high / (high - low)) * (HEIGHT - TOP - BOTTOM)
    title = _("Net revenue per period, %(currency)s") % {"currency": report.currency}
    desc = _("%(count)s periods from %(first)s to %(last)s. Highest: %(high)s. Total: %(total)s.") % {
        "count": len(values),
        "first": period_label(report.periods[0].start, granularity),
        "last": period_label(report.periods[-1].start, granularity),
        "high": format_money(max(values), report.currency),
        "total": format_money(report.total.net, report.currency),
    }
    bars = format_html_join(
        "", '<rect class="{}" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>', _bars(report, granularity)
    )
    labels = format_html_join(
        "", '<text class="opop-chart-label" x="{}" y="{}" text-anchor="middle">{}</text>', _labels(report, granularity)
    )
    return format_html(
        '<svg class="opop-chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title" aria-describedby="{id}-desc" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<text class="opop-chart-label" x="{left}" y="22">{top}</text>'
        '<line class="opop-chart-axis" x1="{left}" x2="{right}" y1="{zero}" y2="{zero}"></line>'
        "{bars}{labels}</svg>",
        w=WIDTH, h=HEIGHT, id=chart_id, title=title, desc=desc, left=LEFT, right=WIDTH - RIGHT, zero=f"{zero_y:.1f}",
        top=format_money(high, report.currency), bars=bars, labels=labels,
    )
