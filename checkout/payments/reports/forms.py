"""The report's form: which store (or the whole marketplace), which dates, by day/week/month, which channel.

Every bad value is a form error in Indonesian, never an exception: an end before the start, a range longer than
``checkout.report_range.MAX_REPORT_DAYS``, a store the user cannot choose or that does not exist, an unknown channel or granularity."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Channel, Store
from checkout.report_range import DEFAULT_REPORT_DAYS, range_error

from .selectors import Granularity, ReportQuery, report_timezone

MARKETPLACE = ""


def today():
    return timezone.localtime(timezone.now(), report_timezone()).date()


def default_data(stores: list[Store], marketplace: bool) -> dict:
    """The last 30 days to today (WIB), by day, every channel: of the marketplace, or of the user's first store."""
    end = today()
    store = MARKETPLACE if marketplace or not stores else str(stores[0].pk)
    return {"store": store, "start": (end - timedelta(days=DEFAULT_REPORT_DAYS - 1)).isoformat(), "end": end.isoformat(),
            "granularity": Granularity.DAY, "channel": ""}


class SalesReportForm(forms.Form):
    store = forms.ChoiceField(label=_("Store"), error_messages={"invalid_choice": _("Unknown store.")})
    start = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"invalid": _("Enter a date, for example 2026-12-01.")})
    end = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages={"invalid": _("Enter a date, for example 2026-12-31.")})
    granularity = forms.ChoiceField(label=_("Per"), choices=Granularity.choices,
                                    error_messages={"invalid_choice": _("Choose day, week or month.")})
    channel = forms.ModelChoiceField(
        label=_("Channel"), queryset=Channel.objects.order_by("sort_order", "pk"), to_field_name="slug",
        required=False, empty_label=_("All channels (each currency apart)"),
        error_messages={"invalid_choice": _("Unknown channel.")},
    )

    def __init__(self, *args, stores: list[Store], marketplace: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(s.pk), s.name) for s in stores]
        if marketplace:
            choices.insert(0, (MARKETPLACE, _("All stores (marketplace)")))
        self.fields["store"].choices = choices
        self.fields["store"].required = not marketplace

    def clean(self):
        data = super().clean()
        error = range_error(data.get("start"), data.get("end"))
        if error:
            self.add_error("end", error)
        return data

    def report_query(self) -> ReportQuery:
        data = self.cleaned_data
        store_ids = None if data["store"] == MARKETPLACE else (int(data["store"]),)
        return ReportQuery(store_ids, data["start"], data["end"], data["granularity"], data["channel"])
