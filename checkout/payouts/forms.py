from django import forms
from django.utils.translation import gettext_lazy as _


class BatchForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    send = forms.BooleanField(label=_("Send the payouts now"), required=False, initial=True)


class AccountForm(forms.Form):
    bank_code = forms.CharField(label=_("Bank code"), max_length=30, help_text=_("e.g. bca, bni, mandiri, bri"))
    bank_name = forms.CharField(label=_("Bank"), max_length=80)
    account_number = forms.CharField(label=_("Account number"), max_length=34)
    holder_name = forms.CharField(label=_("Account holder"), max_length=120)


class RejectForm(forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=255)
