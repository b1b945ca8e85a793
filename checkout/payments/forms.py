from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.money import currency_places, format_money, smallest_unit


def refund_amount_field(currency: str | None = None) -> forms.DecimalField:
    """At least the currency's smallest unit, and no finer (Rp1, RM0.01)."""
    unit = smallest_unit(currency) if currency else Decimal("0.01")
    return forms.DecimalField(
        label=_("Amount"), min_value=unit, max_digits=14, decimal_places=currency_places(currency) if currency else 2,
        widget=forms.NumberInput(attrs={"step": str(unit)}),
    )


class RefundForm(forms.Form):
    amount = refund_amount_field()
    reason = forms.CharField(label=_("Reason"), max_length=255, widget=forms.TextInput)
    refund_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, order=None, refundable=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.order, self.refundable = order, refundable
        if order is not None:  # whole rupiah for IDR: the field's validators are built for the currency
            self.fields["amount"] = refund_amount_field(order.currency)
        if order is not None and refundable is not None:
            self.fields["amount"].help_text = _("At most %(left)s.") % {
                "left": format_money(refundable, order.currency)
            }

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if self.refundable is not None and amount > self.refundable:
            raise forms.ValidationError(
                _("More than what is left to refund (%(left)s).")
                % {"left": format_money(self.refundable, self.order.currency)}
            )
        return amount

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Write the reason for the refund."))
        return reason


NO_ORDER = "none"


class ResolveReversalForm(forms.Form):
    """Settle a reversal the shop left for a person: which store order the money was returned for, and why."""

    target = forms.ChoiceField(label=_("This money was returned for"), widget=forms.RadioSelect)
    note = forms.CharField(  # stripped, so a blank note is refused as missing
        label=_("Note"),
        max_length=255,
        help_text=_("What you checked in the provider's dashboard and what you decided."),
    )

    def __init__(self, *args, reversal, orders, refundable, **kwargs):
        super().__init__(*args, **kwargs)
        self.orders = {str(o.pk): o for o in orders}
        choices = []
        if reversal.kind != reversal.Kind.DISPUTE_WON:  # money that came back cannot be a refund of an order
            for o in orders:
                choices.append(
                    (
                        str(o.pk),
                        _("Order %(number)s · %(store)s · %(left)s refundable")
                        % {"number": o.number, "store": o.store.name, "left": format_money(refundable[o.pk], o.currency)},
                    )
                )
        choices.append((NO_ORDER, _("Not for any order: just record it (e.g. a duplicate payment, a "
                                    "settled dispute)")))
        self.fields["target"].choices = choices

    def chosen_order(self):
        return self.orders.get(self.cleaned_data["target"])
