"""Translations: the committed catalogues are current, complete in English, and what Django actually serves.

``shop/locale/build_locale.py`` builds ``{en,id}/LC_MESSAGES/django.{po,mo}`` from the extracted project strings
(``shop/locale/django.pot``), ``english.py`` and the Wagtail supplements for Indonesian, with Babel only.
"""

import gettext
import importlib.util
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "shop" / "locale"


@pytest.fixture(scope="module")
def builder():
    spec = importlib.util.spec_from_file_location("build_locale", LOCALE / "build_locale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def committed_po(lang):
    with open(LOCALE / lang / "LC_MESSAGES" / "django.po", "rb") as f:
        return read_po(f)


def committed_mo(lang):
    with open(LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb") as f:
        return gettext.GNUTranslations(f)


def project_messages(builder):
    return [m for m in builder.read_template() if m.id]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_committed_po_and_mo_are_what_the_builder_makes(builder, lang):
    po, mo = builder.render(lang)
    directory = LOCALE / lang / "LC_MESSAGES"
    assert (directory / "django.po").read_bytes() == po, "stale: run python shop/locale/build_locale.py"
    assert (directory / "django.mo").read_bytes() == mo, "stale: run python shop/locale/build_locale.py"


def test_a_changed_translation_makes_the_committed_mo_stale(builder, monkeypatch):
    english = builder._english()
    monkeypatch.setattr(builder, "_english", lambda: {**english, "Keranjang": "Basket"})
    _po, mo = builder.render("en")
    assert (LOCALE / "en" / "LC_MESSAGES" / "django.mo").read_bytes() != mo


def test_every_project_string_has_english_in_the_compiled_catalogue(builder):
    """No buyer- or editor-facing string falls back to Indonesian on the International channel."""
    mo = committed_mo("en")
    missing = []
    for message in project_messages(builder):
        if message.pluralizable:
            singular, plural = message.id
            if mo.ngettext(singular, plural, 1) == singular and mo.ngettext(singular, plural, 2) == plural:
                missing.append(message.id)
        elif message.context:
            if mo.pgettext(message.context, message.id) == message.id:
                missing.append((message.context, message.id))
        elif mo.gettext(message.id) == message.id and message.id not in IDENTICAL_IN_ENGLISH:
            missing.append(message.id)
    assert missing == [], f"no English in shop/locale/english.py for: {missing}"


# Strings whose English is the same text (names, codes, loanwords); they must still be in english.py.
IDENTICAL_IN_ENGLISH = {
    "Bahasa Indonesia",
    "Checkout",
    "E-mail",
    "English",
    "Gateway",
    "Halal",
    "PPN",
    "PPN %(rate)s%%",
    "PPN 11%%",
    "SKU",
    "Serif (Georgia)",
    "Status",
    "Subtotal",
    "Total",
    "Voucher",
    "checkout",
    "e-mail",
    "logo",
    "banner",
    "simulator",
    "slug",
    "status",
    "subtotal",
    "total",
    "voucher",
}


def test_english_po_has_no_fuzzy_or_empty_entries_and_keeps_placeholders(builder):
    catalog = committed_po("en")
    entries = [m for m in catalog if m.id]
    assert len(entries) == len(project_messages(builder))
    assert [m.id for m in entries if m.fuzzy] == []
    assert [m.id for m in entries if not m.string or not all(m.string)] == []
    for m in entries:
        assert builder.placeholders(m.string) == builder.placeholders(m.id), m.id
        if builder.placeholders(m.id):
            assert "python-format" in m.flags, m.id
    english = builder._english()
    assert set(english) == {builder.message_key(m) for m in entries}, "english.py has stale keys"


def test_identical_english_is_declared_in_english_py_not_forgotten(builder):
    english = builder._english()
    assert all(english[msgid] == msgid for msgid in IDENTICAL_IN_ENGLISH)


def test_builder_refuses_a_translation_that_drops_a_placeholder(builder, monkeypatch):
    english = builder._english()
    monkeypatch.setattr(
        builder, "_english", lambda: {**english, "Stok %(product)s tinggal %(n)s.": "Only %(n)s left."}
    )
    with pytest.raises(ValueError, match="placeholders"):
        builder.build_catalog("en")


def test_plural_forms_survive(builder):
    with translation.override("en"):
        assert translation.ngettext("%(total)s produk", "%(total)s produk", 1) % {"total": 1} == "1 product"
        assert (
            translation.ngettext("%(total)s produk", "%(total)s produk", 12) % {"total": 12} == "12 products"
        )
    with translation.override("id"):
        assert translation.ngettext("%(total)s produk", "%(total)s produk", 12) % {"total": 12} == "12 produk"


def test_indonesian_catalogue_lists_project_strings_and_wagtail_supplements(builder):
    catalog = committed_po("id")
    ids = {m.id for m in catalog if m.id}
    assert {m.id for m in project_messages(builder)} <= ids
    assert set(builder.WAGTAIL_ID) <= ids
    with translation.override("id"):
        assert translation.gettext("Reports") == "Laporan"
        assert translation.gettext("Dashboard") == "Dasbor"  # Wagtail's own id_ID catalogue still applies
        assert translation.gettext("Tambah ke keranjang") == "Tambah ke keranjang"


def test_surprise_empty_indonesian_entries_do_not_shadow_djangos_own_translation():
    """Our ``id`` catalogue lists "English" (a LANGUAGES name) untranslated. Babel's ``write_mo`` leaves empty
    entries out of the .mo, so Django's own Indonesian ("Inggris") still wins; ``msgfmt`` does the same."""
    assert "English" not in committed_mo("id")._catalog
    with translation.override("id"):
        assert translation.gettext("English") == "Inggris"


def test_surprise_babel_cannot_read_a_raw_makemessages_template(builder, tmp_path):
    """``makemessages --keep-pot`` writes ``Plural-Forms: nplurals=INTEGER``; Babel's ``read_po`` raises on it, so
    ``read_template`` patches the header first."""
    raw = tmp_path / "django.pot"
    raw.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n\nmsgid "Keranjang"\nmsgstr ""\n'
    )
    with pytest.raises(ValueError):
        read_po(raw.open("rb"))
    assert [m.id for m in builder.read_template(raw) if m.id] == ["Keranjang"]


@pytest.mark.skipif(not shutil.which("xgettext"), reason="extraction needs GNU gettext (CI has none)")
def test_committed_template_lists_every_string_the_code_uses(builder, tmp_path):
    """Where gettext is installed: a string added to the code but not extracted (``build_locale.py extract``) fails."""
    out = tmp_path / "django.pot"
    out.write_bytes(builder.extract_template())
    now = {m.id for m in builder.read_template(out) if m.id}
    committed = {m.id for m in project_messages(builder)}
    assert sorted(map(str, now - committed)) == [], "run: python shop/locale/build_locale.py extract"
    assert sorted(map(str, committed - now)) == [], "run: python shop/locale/build_locale.py extract"


def test_one_indonesian_word_gets_the_english_its_context_needs():
    """"Jumlah" is a quantity on the product page and an amount of money on the refund form; "Pesanan" is one
    order on its page and the orders menu in the admin. pgettext contexts keep them apart in English."""
    from django.utils import translation

    from checkout.payments.forms import RefundForm
    from checkout.wagtail_hooks import OrdersGroup

    with translation.override("en"):
        assert translation.gettext("Jumlah") == "Quantity"
        assert str(RefundForm.base_fields["amount"].label) == "Amount"
        assert translation.gettext("Pesanan") == "Order"
        assert str(OrdersGroup.menu_label) == "Orders"
    with translation.override("id"):
        assert str(RefundForm.base_fields["amount"].label) == "Jumlah"
        assert str(OrdersGroup.menu_label) == "Pesanan"
