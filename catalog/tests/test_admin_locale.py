"""The admin speaks Bahasa Indonesia (and English): the catalogues are actually used (their shape and freshness are
checked in shop/tests/test_locale.py)."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import make_editor


def test_wagtail_strings_missing_from_its_indonesian_catalogue_are_translated():
    with translation.override("id"):
        assert translation.gettext("Reports") == "Laporan"
        assert translation.gettext("Schedule to publish") == "Jadwalkan terbit"
        assert translation.gettext("Dashboard") == "Dasbor"  # Wagtail's own id_ID catalogue still applies


def test_project_strings_are_english_with_indonesian_translations():
    with translation.override("en"):
        assert translation.gettext("Products") == "Products"
    with translation.override("id"):
        assert translation.gettext("Products") == "Produk"
        assert translation.gettext("Stock cannot be negative. Enter 0 when sold out.").startswith(
            "Stok tidak boleh"
        )


@pytest.mark.django_db
def test_editor_sees_indonesian_menus(client, store):
    client.force_login(make_editor(store))
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    for label in ("Produk", "Stok", "Toko"):
        assert label in body
    assert "Kategori" not in body and "Katalog marketplace" not in body  # administrators only
