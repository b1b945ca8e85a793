from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalog.money import format_money


class RefundForm(forms.Form):
    amount = forms.DecimalField(label=pgettext_lazy("uang", "Jumlah"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2)
    reason = forms.CharField(label=_("Alasan"), max_length=255, widget=forms.TextInput)
    refund_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, order=None, refundable=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.order, self.refundable = order, refundable
        if order is not None and order.currency == "IDR":
            self.fields["amount"].decimal_places = 0
            self.fields["amount"].min_value = Decimal(1)
        if order is not None and refundable is not None:
            self.fields["amount"].help_text = _("Paling banyak %(left)s.") % {
                "left": format_money(refundable, order.currency)
            }

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if self.refundable is not None and amount > self.refundable:
            raise forms.ValidationError(
                _("Melebihi sisa yang bisa dikembalikan (%(left)s).")
                % {"left": format_money(self.refundable, self.order.currency)}
            )
        return amount

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Tuliskan alasan pengembalian dana."))
        return reason


NO_ORDER = "none"


class ResolveReversalForm(forms.Form):
    """Settle a reversal the shop left for a person: which store order the money was returned for, and why."""

    target = forms.ChoiceField(label=_("Dana ini dikembalikan untuk"), widget=forms.RadioSelect)
    note = forms.CharField(  # stripped, so a blank note is refused as missing
        label=_("Catatan"),
        max_length=255,
        help_text=_("Apa yang Anda periksa di dashboard penyedia dan apa yang Anda putuskan."),
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
                        _("Pesanan %(number)s · %(store)s · bisa dikembalikan %(left)s")
                        % {"number": o.number, "store": o.store.name, "left": format_money(refundable[o.pk], o.currency)},
                    )
                )
        choices.append((NO_ORDER, _("Tidak untuk pesanan mana pun: catat saja (mis. pembayaran ganda, sengketa selesai)")))
        self.fields["target"].choices = choices

    def chosen_order(self):
        return self.orders.get(self.cleaned_data["target"])
