"""Translations the way the ecosystem does them: English msgids, an Indonesian catalogue per app, built with GNU
gettext (``makemessages`` / ``compilemessages``), compiled ``.mo`` committed, ``.po`` files edited directly.

See docs/translations.md. What buyers and editors read is pinned separately, page by page, by
``tests/test_visible_text.py``.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.utils import translation

BASE = Path(settings.BASE_DIR)
LIBRARY_APPS = ["catalog", "checkout", "payments", "payouts", "cms", "themes"]
OUR_APPS = [*LIBRARY_APPS, "shop"]
SUPPLEMENT_APP = "opop_wagtail_locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\w+\}")


def po_path(label: str) -> Path:
    return Path(apps.get_app_config(label).path) / "locale" / "id" / "LC_MESSAGES" / "django.po"


def read_catalogue(label: str):
    with po_path(label).open("rb") as f:
        return read_po(f, locale="id")


def entries(label: str):
    return [m for m in read_catalogue(label) if m.id]


def mo_key(message):
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    key = f"{message.context}\x04{msgid}" if message.context else msgid
    return (key, 0) if isinstance(message.id, tuple) else key


def other_catalogues() -> dict:
    """Indonesian translations of Django and of every installed app that is not ours, as gettext merges them."""
    import django

    merged = {}
    dirs = [Path(django.__file__).parent / "conf" / "locale"]
    ours = {*OUR_APPS, SUPPLEMENT_APP}
    dirs += [Path(c.path) / "locale" for c in apps.get_app_configs() if c.label not in ours]
    for directory in dirs:
        for lang in ("id", "id_ID"):
            mo = directory / lang / "LC_MESSAGES" / "django.mo"
            if mo.exists():
                with mo.open("rb") as f:
                    for key, value in gettext.GNUTranslations(f)._catalog.items():
                        merged.setdefault(key, set()).add(value)
    return merged


@pytest.mark.parametrize("label", [*OUR_APPS, SUPPLEMENT_APP])
def test_every_app_ships_an_indonesian_catalogue_with_its_compiled_twin(label):
    po = po_path(label)
    assert po.exists() and po.with_suffix(".mo").exists(), f"missing {po} or its .mo"
    catalogue = entries(label)
    assert catalogue, f"{po} is empty"
    with po.with_suffix(".mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)._catalog
    expected = {}
    for m in catalogue:
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        key = mo_key(m)
        if isinstance(key, tuple):
            expected.update({(key[0], i): s for i, s in enumerate(strings)})
        else:
            expected[key] = strings[0]
    compiled.pop("", None)
    assert compiled == expected, (
        f"stale {po.with_suffix('.mo')}: run `python manage.py compilemessages -l id`"
    )


@pytest.mark.parametrize("label", [*OUR_APPS, SUPPLEMENT_APP])
def test_every_string_is_translated_and_keeps_its_placeholders(label):
    catalogue = read_catalogue(label)
    assert catalogue.plural_forms == "nplurals=1; plural=0;"
    problems = []
    for m in catalogue:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(strings):
            problems.append(f"untranslated or fuzzy: {ids[0]!r}")
            continue
        # One Indonesian form serves every count: it keeps the placeholders of the singular and the plural
        # ("Delete 1 page" / "Delete %(counter)s pages" -> "Hapus %(counter)s halaman").
        wanted = set().union(*(PLACEHOLDER.findall(i) for i in ids))
        if any(set(PLACEHOLDER.findall(s)) != wanted for s in strings):
            problems.append(f"placeholders differ: {ids[0]!r} -> {strings!r}")
    assert problems == []


def test_a_catalogue_with_a_dropped_placeholder_is_caught():
    """The placeholder rule itself can fail."""
    assert set(PLACEHOLDER.findall("Only %(n)s left")) != set(PLACEHOLDER.findall("Tinggal sedikit"))


def test_library_catalogues_do_not_change_what_django_and_wagtail_say():
    """Django merges catalogues with the first installed app winning, and the library apps come before Wagtail. An
    English msgid of ours that Django or Wagtail also uses would silently replace their Indonesian ("Search" is
    "Pencarian" in Wagtail's admin, "Cari" on our search button). Such msgids carry a context instead."""
    theirs = other_catalogues()
    clashes = []
    for label in OUR_APPS:
        for m in entries(label):
            key = mo_key(m)
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            if key in theirs and strings[0] not in theirs[key]:
                clashes.append(
                    f"{label}: {key!r} is {strings[0]!r} here, {sorted(theirs[key])} in Django/Wagtail"
                )
    assert clashes == []


def test_the_wagtail_supplement_only_fills_gaps_in_wagtails_own_catalogues():
    """``cms/wagtail_locale`` holds Wagtail's msgids, so it can go upstream as it is: each one is a msgid of some
    Wagtail app whose Indonesian (``id_ID``) catalogue leaves it untranslated, or "translates" it by copying the
    English (wagtail.sites has "Default" -> "Default", and as it comes before wagtail.users in INSTALLED_APPS its copy
    hid the users catalogue's Indonesian on the account page)."""
    import wagtail

    gaps = set()
    for english in Path(wagtail.__file__).parent.rglob("locale/en/LC_MESSAGES/django.po"):
        indonesian = english.parents[2] / "id_ID" / "LC_MESSAGES" / "django.mo"
        translated = {}
        if indonesian.exists():
            with indonesian.open("rb") as f:
                translated = gettext.GNUTranslations(f)._catalog
        with english.open("rb") as f:
            gaps |= {
                mo_key(m)
                for m in read_po(f)
                if m.id and translated.get(mo_key(m)) in (None, "", m.id if isinstance(m.id, str) else None)
            }
    supplement = entries(SUPPLEMENT_APP)
    assert supplement
    assert [m.id for m in supplement if mo_key(m) not in gaps] == []


def test_indonesian_is_the_first_language_and_english_the_source():
    with translation.override("id"):
        assert translation.gettext("Add to cart") == "Tambah ke keranjang"
        assert translation.gettext("Reports") == "Laporan"  # the Wagtail supplement
        assert translation.gettext("Dashboard") == "Dasbor"  # Wagtail's own id_ID catalogue still applies
        assert translation.gettext("English") == "Inggris"  # Django's name of the language is kept
    with translation.override("en"):
        assert translation.gettext("Add to cart") == "Add to cart"


def test_plural_forms_work_in_both_languages():
    with translation.override("en"):
        assert (
            translation.ngettext("%(total)s product", "%(total)s products", 1) % {"total": 1} == "1 product"
        )
        assert (
            translation.ngettext("%(total)s product", "%(total)s products", 12) % {"total": 12}
            == "12 products"
        )
    with translation.override("id"):
        assert (
            translation.ngettext("%(total)s product", "%(total)s products", 12) % {"total": 12} == "12 produk"
        )


def test_one_english_word_gets_the_indonesian_its_context_needs():
    """English "Shipping" is a section of the checkout ("Pengiriman") and a cost ("Ongkos kirim"); "Update" on a
    cart line is "Ubah", on the checkout form "Perbarui". Contexts keep them apart in Indonesian."""
    from checkout.wagtail_hooks import ShippingRateViewSet

    with translation.override("id"):
        assert translation.gettext("Shipping") == "Pengiriman"
        assert translation.pgettext("cost", "Shipping") == "Ongkos kirim"
        assert str(ShippingRateViewSet.menu_label) == "Ongkos kirim"
        assert translation.pgettext("cart line", "Update") == "Ubah"
        assert translation.gettext("Update") == "Perbarui"


def _gettext_tools_or_skip():
    missing = [tool for tool in ("xgettext", "msgmerge", "msguniq") if not shutil.which(tool)]
    if missing and os.environ.get("CI") == "true":
        pytest.fail(f"GNU gettext is missing ({', '.join(missing)}); .ci/run installs Debian's gettext")
    if missing:
        pytest.skip("makemessages needs GNU gettext (apt-get install gettext)")


def test_makemessages_on_a_clean_copy_changes_nothing(tmp_path):
    """Every string the code uses is in its app's catalogue and no catalogue lists a string the code dropped:
    ``manage.py makemessages -l id`` on a copy of the sources leaves every ``.po`` file byte for byte as committed."""
    _gettext_tools_or_skip()
    copy = tmp_path / "src"
    keep = shutil.ignore_patterns("tests", "__pycache__", "*.mo", "media", "static", "var")
    for top in ("catalog", "checkout", "cms", "themes", "shop"):
        shutil.copytree(BASE / top, copy / top, ignore=keep)
    shutil.copy(BASE / "manage.py", copy / "manage.py")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "shop.settings.test", "PYTHONPATH": str(copy)}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    changed = []
    for po in sorted(copy.rglob("locale/id/LC_MESSAGES/django.po")):
        committed = BASE / po.relative_to(copy)
        if po.read_bytes() != committed.read_bytes():
            changed.append(str(po.relative_to(copy)))
    assert changed == [], "run `python manage.py makemessages -l id`, translate, then `compilemessages -l id`"
