"""``{% local_time value "j F Y, H:i" %}``: a moment as ``<time>``, in the page's zone, rewritten by
``themes/local-time.js`` in the buyer's own zone (``catalog.buyer_time``). ``zone=True`` names the zone after it;
``{% time_zone_label %}`` names the page's zone on its own."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html

from catalog.buyer_time import zone_label

register = template.Library()


@register.simple_tag
def local_time(value, date_format="j F Y, H:i", zone=False):
    if not value:
        return ""
    local = timezone.localtime(value)
    kind = "datetime" if any(code in date_format for code in "HGhgi") else "date"
    zone_name = timezone.get_current_timezone_name()
    label = format_html(' <span data-zone-label="">{}</span>', zone_label(zone_name, local)) if zone else ""
    return format_html(
        '<time datetime="{}" data-local="{}" data-zone="{}">{}{}</time>',
        local.replace(microsecond=0).isoformat(), kind, zone_name, format_date(local, date_format), label,
    )


@register.simple_tag
def time_zone_label():
    return zone_label(timezone.get_current_timezone_name())
