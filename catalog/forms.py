"""Public forms of the catalog: the store application (issue 13.6). Errors are the visitor's language's (Indonesian
first); nothing is saved unless every field is valid."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.models import StoreApplication
from catalog.phones import normalise_whatsapp
from catalog.validators import split_halal_numbers

# Bots fill every field they find; people never see this one (hidden by CSS and from screen readers).
HONEYPOT_FIELD = "website"


class StoreApplicationForm(forms.ModelForm):
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    # Longer than the 13 digits stored: people type spaces or dots between the groups (clean_nib removes them).
    nib = forms.CharField(label=_("NIB"), max_length=24, help_text=_("13 digits, from OSS."))

    class Meta:
        model = StoreApplication
        fields = [
            "pesantren_name", "cooperative_name", "legal_seller", "contact_name", "email", "whatsapp", "products",
            "nib", "halal_numbers", "bank_name", "bank_account_number", "bank_account_holder",
        ]
        widgets = {
            "products": forms.Textarea(attrs={"rows": 3}),
            "halal_numbers": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "whatsapp": _("For example 0812-3456-7890."),
            "products": _("For example: robusta coffee, honey, batik tulis."),
            "halal_numbers": _("One per line, for example ID35110000123450823. Leave empty if you sell no food."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["whatsapp"].widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})
        self.fields["nib"].widget.attrs["inputmode"] = "numeric"
        self.fields["bank_account_number"].widget.attrs["inputmode"] = "numeric"

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))

    def clean_whatsapp(self):
        return normalise_whatsapp(self.cleaned_data["whatsapp"])

    def clean_nib(self):
        return re.sub(r"[\s.\-]", "", self.cleaned_data["nib"])

    def clean_halal_numbers(self):
        return "\n".join(split_halal_numbers(self.cleaned_data["halal_numbers"]))

    def clean_bank_account_number(self):
        number = re.sub(r"[\s.\-]", "", self.cleaned_data["bank_account_number"])
        if not number.isdigit() or not 5 <= len(number) <= 20:
            raise ValidationError(_("An account number has 5 to 20 digits."), code="invalid")
        return number

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if StoreApplication.objects.pending().filter(email__iexact=email).exists():
            raise ValidationError(
                _("An application with this e-mail is already waiting for review. We will write to you."),
                code="duplicate",
            )
        return email
