"""The admin speaks Bahasa Indonesia (and English): committed catalogues are current and actually used."""

import importlib.util
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import make_editor

LOCALE = Path(settings.BASE_DIR) / "shop" / "locale"


def _builder():
    spec = importlib.util.spec_from_file_location("build_locale", LOCALE / "build_locale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("lang", ["id", "en"])
def test_committed_mo_files_match_their_catalogues(lang):
    """No gettext binary is needed at install: the .mo files are committed, and must not go stale."""
    po, mo = _builder().render(lang)
    directory = LOCALE / lang / "LC_MESSAGES"
    assert (directory / "django.po").read_bytes() == po, "run: python shop/locale/build_locale.py"
    assert (directory / "django.mo").read_bytes() == mo, "run: python shop/locale/build_locale.py"


def test_wagtail_strings_missing_from_its_indonesian_catalogue_are_translated():
    with translation.override("id"):
        assert translation.gettext("Reports") == "Laporan"
        assert translation.gettext("Schedule to publish") == "Jadwalkan terbit"
        assert translation.gettext("Dashboard") == "Dasbor"  # Wagtail's own id_ID catalogue still applies


def test_project_strings_have_english():
    with translation.override("en"):
        assert translation.gettext("Produk") == "Products"
        assert translation.gettext("Stok tidak boleh negatif. Isi 0 jika barang habis.").startswith("Stock cannot")


@pytest.mark.django_db
def test_editor_sees_indonesian_menus(client, store):
    client.force_login(make_editor(store))
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    for label in ("Produk", "Stok", "Toko"):
        assert label in body
    assert "Kategori" not in body and "Katalog marketplace" not in body  # administrators only
