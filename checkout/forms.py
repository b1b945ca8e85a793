"""Buyer-facing forms. Messages are in Bahasa Indonesia (translated through gettext)."""

from __future__ import annotations

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _

from . import regions


def normalise_phone(raw: str, region: str = "ID") -> str:
    """A phone number as +62… (or the channel country's prefix), or ValidationError."""
    try:
        number = phonenumbers.parse((raw or "").strip(), region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(_("Nomor telepon tidak dikenali. Contoh: 0812-3456-7890."), code="invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class CheckoutForm(forms.Form):
    """Contact, address, payment and consent. Region selects are filled level by level: the page re-renders
    (button "Perbarui" / a change event with JS) to offer the next level."""

    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(label=_("Nomor HP/WhatsApp"), max_length=30)
    recipient_name = forms.CharField(label=_("Nama penerima"), max_length=120)
    country = forms.ChoiceField(label=_("Negara"), required=False)
    province = forms.ChoiceField(label=_("Provinsi"), required=False)
    regency = forms.ChoiceField(label=_("Kabupaten/Kota"), required=False)
    district = forms.ChoiceField(label=_("Kecamatan"), required=False)
    village = forms.ChoiceField(label=_("Kelurahan/Desa"), required=False)
    state = forms.CharField(label=_("Negara bagian/Provinsi"), max_length=120, required=False)
    city = forms.CharField(label=_("Kota"), max_length=120, required=False)
    postcode = forms.CharField(label=_("Kode pos"), max_length=10, required=False)
    street_address = forms.CharField(
        label=_("Alamat lengkap"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500,
        help_text=_("Nama jalan, nomor rumah, RT/RW, patokan."),
    )
    voucher_code = forms.CharField(label=_("Kode voucher"), max_length=40, required=False)
    gateway = forms.ChoiceField(label=_("Metode pembayaran"), widget=forms.RadioSelect)
    accept_terms = forms.BooleanField(
        label=_("Saya menyetujui Syarat & Ketentuan dan Kebijakan Privasi."), required=False
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    snapshot = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, channel, gateways, store_options=None, placing=False, **kwargs):
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
        self.fields["country"].choices = [(c, c) for c in channel.country_list]
        self.fields["gateway"].choices = [(g.name, g.label) for g in gateways]
        if gateways:
            self.fields["gateway"].initial = gateways[0].name
        self.fields["province"].choices = [("", _("— pilih provinsi —")), *regions.children(None)]
        province = data.get("province") or self.initial.get("province") or ""
        regency = data.get("regency") or ""
        district = data.get("district") or ""
        self.fields["regency"].choices = [("", _("— pilih kabupaten/kota —")), *regions.children(province or "-")]
        self.fields["district"].choices = [("", _("— pilih kecamatan —")), *regions.children(regency or "-")]
        self.fields["village"].choices = [("", _("— pilih kelurahan/desa —")), *regions.children(district or "-")]
        # One shipping choice per store, from that store's rate table.
        self.store_options = store_options or {}
        for store, options in self.store_options.items():
            self.fields[f"shipping_{store.pk}"] = forms.ChoiceField(
                label=_("Pengiriman dari %(store)s") % {"store": store.name},
                choices=[(o.key, o.name) for o in options],
                widget=forms.RadioSelect,
                required=False,
            )

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"], self.channel.default_country)

    def clean_postcode(self):
        return (self.cleaned_data.get("postcode") or "").strip().upper()

    def clean(self):
        data = super().clean()
        if self.placing:
            if not data.get("accept_terms"):
                self.add_error("accept_terms", _("Centang persetujuan untuk melanjutkan."))
            for store, options in self.store_options.items():
                if not data.get(f"shipping_{store.pk}"):
                    if options:
                        data[f"shipping_{store.pk}"] = options[0].key  # what the page showed as chosen
                    else:
                        self.add_error(
                            f"shipping_{store.pk}",
                            _("%(store)s belum mengirim ke alamat ini. Pilih alamat lain atau hapus produknya.")
                            % {"store": store.name},
                        )
        if self.international:
            if self.placing:
                for name in ("city", "postcode"):
                    if not data.get(name):
                        self.add_error(name, _("Wajib diisi."))
                if not data.get("country"):
                    self.add_error("country", _("Pilih negara."))
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
                ("province", province, _("Pilih provinsi.")),
                ("regency", regency, _("Pilih kabupaten/kota.")),
                ("district", district, _("Pilih kecamatan.")),
                ("village", village, _("Pilih kelurahan/desa.")),
            ]
            for name, value, message in missing:
                if not value and name not in self.errors:
                    self.add_error(name, message)
            if village:
                w = regions.get(village)
                if w and w.postal_code and not data.get("postcode"):
                    data["postcode"] = w.postal_code
                if not data.get("postcode") or not data["postcode"].isdigit() or len(data["postcode"]) != 5:
                    self.add_error("postcode", _("Kode pos terdiri dari 5 angka."))
        elif data.get("village"):
            w = regions.get(data["village"])
            if w and w.postal_code and not data.get("postcode"):
                data["postcode"] = w.postal_code
        return data

    def region_label(self) -> str:
        d = self.cleaned_data
        if self.international:
            return ", ".join(x for x in (d.get("city"), d.get("state"), d.get("country")) if x)
        w = regions.get(d.get("village") or "")
        return w.path if w else ""
