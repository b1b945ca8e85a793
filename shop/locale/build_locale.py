"""Build ``shop/locale/<lang>/LC_MESSAGES/django.po`` and ``.mo`` without the gettext binaries (Babel only).

Two steps:

1. ``python shop/locale/build_locale.py extract`` (needs GNU gettext, i.e. ``xgettext``; run it on a developer
   machine after adding or changing a translatable string). Runs Django's ``makemessages`` over the project (not
   tests, bench or virtualenvs) into a scratch directory and saves the result, normalised (no line numbers, no
   dates), as ``shop/locale/django.pot``: the list of every project string.
2. ``python shop/locale/build_locale.py`` (Babel only; no gettext binaries). Builds from ``django.pot``:

   - ``en``: every extracted string with its English from ``english.py`` (plural forms and python-format flags
     kept; a translation whose ``%(name)s`` placeholders differ from its msgid is refused).
   - ``id``: every extracted string with an empty translation (the source language is Bahasa Indonesia), plus
     ``WAGTAIL_ID`` below: Wagtail admin strings our editors meet every day that Wagtail 8's own Indonesian
     (``id_ID``) catalogue leaves untranslated (Wagtail ships about 270 of its 900 admin strings in Indonesian).

The .pot, .po and .mo files are committed, so installing the shop needs no build step (CI has no gettext).
``shop/tests/test_locale.py`` fails if a committed .po/.mo is stale, if ``english.py`` misses a string, and (where
``xgettext`` exists) if ``django.pot`` misses a string the code now uses.
"""

import importlib.util
import io
import re
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
BASE_DIR = HERE.parent.parent
POT = HERE / "django.pot"
LANGS = ("id", "en")
# Fixed dates keep the output byte-for-byte reproducible (the test compares it with the committed files).
STAMP = datetime(2026, 11, 28, tzinfo=UTC)
EXTRACT_IGNORE = [
    ".venv*",
    "venv",
    "tests",
    "*/tests",
    "bench",
    "var",
    "media",
    "node_modules",
    "shop/locale",
]
PLACEHOLDER = re.compile(r"%\((\w+)\)")

WAGTAIL_ID = {
    # Menus, dashboard, navigation
    "Reports": "Laporan",
    "Revisions": "Revisi",
    "Help": "Bantuan",
    "Editor Guide": "Panduan editor",
    "Shortcuts": "Pintasan",
    "Profile": "Profil",
    "Notifications": "Notifikasi",
    "Go back": "Kembali",
    "Back": "Kembali",
    "History": "Riwayat",
    "Sidebar": "Bilah samping",
    "Toggle sidebar": "Tampilkan/sembunyikan bilah samping",
    "Skip to main content": "Lompat ke isi utama",
    "Search…": "Cari…",
    "There are no results.": "Tidak ada hasil.",
    "Pagination": "Halaman daftar",
    "Your locked pages": "Halaman yang Anda kunci",
    "Locked pages": "Halaman terkunci",
    "Site history": "Riwayat situs",
    "Workflows": "Alur kerja",
    "Workflow history": "Riwayat alur kerja",
    # Listings and filters
    "Actions": "Tindakan",
    "More actions": "Tindakan lain",
    "Bulk actions": "Tindakan massal",
    "More bulk actions": "Tindakan massal lain",
    "Select": "Pilih",
    "Select row": "Pilih baris",
    "Select all": "Pilih semua",
    "Select all snippets in listing": "Pilih semua data di daftar",
    "Select all images in listing": "Pilih semua gambar di daftar",
    "Select all documents in listing": "Pilih semua dokumen di daftar",
    "1 snippet selected": "1 data dipilih",
    "All snippets in listing selected": "Semua data di daftar dipilih",
    "1 image selected": "1 gambar dipilih",
    "All images in listing selected": "Semua gambar di daftar dipilih",
    "1 document selected": "1 dokumen dipilih",
    "1 item selected": "1 item dipilih",
    "All items in listing selected": "Semua item di daftar dipilih",
    "Delete selected snippets": "Hapus data yang dipilih",
    "Delete selected images": "Hapus gambar yang dipilih",
    "Delete selected documents": "Hapus dokumen yang dipilih",
    "Show filters": "Tampilkan penyaring",
    "Apply filters": "Terapkan penyaring",
    "Filter by": "Saring menurut",
    "Clear": "Bersihkan",
    "Sort": "Urutkan",
    "Sort by": "Urutkan menurut",
    "Sort item order": "Atur urutan item",
    "Enable custom ordering": "Aktifkan urutan manual",
    "Disable custom ordering": "Matikan urutan manual",
    "Download XLSX": "Unduh XLSX",
    "Any": "Semua",
    "any": "semua",
    "Yes": "Ya",
    "No": "Tidak",
    "Newest": "Terbaru",
    "Oldest": "Terlama",
    "Created": "Dibuat",
    "Usage count": "Jumlah pemakaian",
    "Used by": "Dipakai oleh",
    "Used on": "Dipakai di",
    "Not used": "Tidak dipakai",
    "Instances": "Data",
    "Grid layout": "Tampilan kisi",
    "List layout": "Tampilan daftar",
    "Layout": "Tata letak",
    "Tags": "Tag",
    "Tag": "Tag",
    "Title: (A -> Z)": "Judul: (A -> Z)",
    "Title: (Z -> A)": "Judul: (Z -> A)",
    "File size: (low to high)": "Ukuran berkas: (kecil ke besar)",
    "File size: (high to low)": "Ukuran berkas: (besar ke kecil)",
    "Usage count: (low to high)": "Jumlah pemakaian: (sedikit ke banyak)",
    "Usage count: (high to low)": "Jumlah pemakaian: (banyak ke sedikit)",
    # Editing, publishing, scheduling
    "Save changes": "Simpan perubahan",
    "Saved": "Tersimpan",
    "Save your changes before leaving": "Simpan perubahan Anda sebelum keluar",
    "Go to the first error": "Ke kesalahan pertama",
    "Confirm": "Konfirmasi",
    "Cancel": "Batal",
    "Create": "Buat",
    "Creating…": "Membuat…",
    "Scheduling…": "Menjadwalkan…",
    "Schedule to publish": "Jadwalkan terbit",
    "Set publishing schedule": "Atur jadwal terbit",
    "Save schedule": "Simpan jadwal",
    "Set schedule": "Atur jadwal",
    "Edit schedule": "Ubah jadwal",
    "Invalid schedule": "Jadwal tidak valid",
    "No publishing schedule set": "Belum ada jadwal terbit",
    "Go-live:": "Mulai tayang:",
    "Expiry:": "Berakhir:",
    "Once scheduled:": "Setelah dijadwalkan:",
    "Publish this version": "Terbitkan versi ini",
    "Replace current revision": "Ganti revisi sekarang",
    "Review this version": "Tinjau versi ini",
    "Compare with current version": "Bandingkan dengan versi sekarang",
    "Compare with previous version": "Bandingkan dengan versi sebelumnya",
    "Compare": "Bandingkan",
    "View latest version": "Lihat versi terbaru",
    "Initial Revision": "Revisi pertama",
    "Timeline": "Linimasa",
    "First published": "Pertama terbit",
    "Last published": "Terakhir terbit",
    "Published": "Terbit",
    "Status:": "Status:",
    "Current page status:": "Status halaman saat ini:",
    "View details": "Lihat rincian",
    "View history": "Lihat riwayat",
    "See full history": "Lihat riwayat lengkap",
    "Yes, publish": "Ya, terbitkan",
    "No, don't publish": "Tidak, jangan terbitkan",
    "Yes, unpublish": "Ya, batalkan terbit",
    "No, don't delete": "Tidak, jangan hapus",
    "This action cannot be undone.": "Tindakan ini tidak bisa dibatalkan.",
    "Locking:": "Penguncian:",
    "Locked at": "Dikunci pada",
    "Locked by": "Dikunci oleh",
    "Autosave is paused": "Simpan otomatis dijeda",
    "Currently viewing": "Sedang melihat",
    "Currently idle": "Sedang tidak aktif",
    "A network error occurred": "Terjadi gangguan jaringan",
    "(optional)": "(opsional)",
    "Request to create %(model_name)s was blocked by hook.": "Permintaan membuat %(model_name)s ditolak.",
    "Request to edit %(model_name)s was blocked by hook.": "Permintaan mengubah %(model_name)s ditolak.",
    "You don't have permission to delete this %(snippet_type_name)s": (
        "Anda tidak punya izin menghapus %(snippet_type_name)s ini"
    ),
    "%(count)d %(model_name)s deleted.": "%(count)d %(model_name)s dihapus.",
    "More options for '%(title)s'": "Pilihan lain untuk '%(title)s'",
    # Preview and side panels
    "Preview not available": "Pratinjau tidak tersedia",
    "Preview in new tab": "Pratinjau di tab baru",
    "Preview is out of date": "Pratinjau belum diperbarui",
    "Preview mode": "Mode pratinjau",
    "Refresh": "Muat ulang",
    "Refreshing…": "Memuat ulang…",
    "Loading": "Memuat",
    "Side panels": "Panel samping",
    "Toggle side panel": "Tampilkan/sembunyikan panel samping",
    "Toggle preview": "Tampilkan/sembunyikan pratinjau",
    "Toggle status": "Tampilkan/sembunyikan status",
    "Checks": "Pemeriksaan",
    "Toggle checks": "Tampilkan/sembunyikan pemeriksaan",
    "Issues found": "Masalah ditemukan",
    "Show issue": "Tampilkan masalah",
    "Content metrics": "Ukuran konten",
    "Words": "Kata",
    "Reading time": "Waktu baca",
    "Link text is empty": "Teks tautan kosong",
    "Empty heading found": "Ada judul bagian yang kosong",
    "Visible to all": "Terlihat oleh semua",
    "Not visible to the public": "Tidak terlihat oleh publik",
    "Once live anyone can view": "Setelah tayang semua orang bisa melihat",
    "Visit the live page": "Buka halaman yang tayang",
    # Images and documents
    "Image is decorative": "Gambar hanya hiasan",
    "Please add some alt text for your image or mark it as decorative": (
        "Tambahkan teks alternatif untuk gambar ini atau tandai sebagai hiasan"
    ),
    "Please provide an image description to comply with best practices for accessibility.": (
        "Tambahkan deskripsi gambar agar bisa dipahami pembeli tunanetra."
    ),
    "Not a valid .%(extension)s image. The extension does not match the file format (%(image_format)s)": (
        "Bukan gambar .%(extension)s yang valid. Ekstensi tidak cocok dengan format berkas (%(image_format)s)"
    ),
    "This file has too many pixels (%(num_pixels)s). Maximum pixels %(max_pixels_count)s.": (
        "Berkas ini terlalu banyak piksel (%(num_pixels)s). Maksimum %(max_pixels_count)s piksel."
    ),
    "Maximum filesize: %(max_upload_size)s.": "Ukuran berkas maksimum: %(max_upload_size)s.",
    "Choose another image": "Pilih gambar lain",
    "Focal point": "Titik fokus",
    "Image focal point": "Titik fokus gambar",
    "Image URL": "URL gambar",
    "Copy URL": "Salin URL",
    "Copied to clipboard": "Tersalin",
    "You haven't uploaded any images.": "Anda belum mengunggah gambar.",
    "You haven't uploaded any images in this collection.": "Anda belum mengunggah gambar di koleksi ini.",
    "Delete images": "Hapus gambar",
    "Delete documents": "Hapus dokumen",
    "Are you sure you want to delete this image?": "Yakin ingin menghapus gambar ini?",
    "Are you sure you want to delete this document?": "Yakin ingin menghapus dokumen ini?",
    "Document updated.": "Dokumen diperbarui.",
    "The document could not be created due to errors.": "Dokumen tidak bisa dibuat karena ada kesalahan.",
    "Add to collection": "Tambahkan ke koleksi",
    "Use new image": "Pakai gambar baru",
    "Use existing and delete new": "Pakai yang lama dan hapus yang baru",
    "Keep new image": "Simpan gambar baru",
    "Delete new image": "Hapus gambar baru",
    # Pages
    "Page title": "Judul halaman",
    "Page type": "Jenis halaman",
    "Exploring": "Menjelajah",
    "No pages found.": "Tidak ada halaman.",
    "Search all pages…": "Cari semua halaman…",
    "Publish page": "Terbitkan halaman",
    "Choose parent": "Pilih induk",
    "Privacy and access": "Privasi dan akses",
    "Change privacy": "Ubah privasi",
}


def message_key(message):
    """How ``english.py`` names a message: its msgid (the singular for plurals), or ``(context, msgid)`` for a
    message with a ``pgettext`` context (the same Indonesian word that needs two English words)."""
    msgid = message.id[0] if message.pluralizable else message.id
    return (message.context, msgid) if message.context else msgid


def _english() -> dict:
    spec = importlib.util.spec_from_file_location("opop_locale_english", HERE / "english.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.EN


def read_template(path: Path = POT) -> Catalog:
    """The extracted project strings. Accepts a raw ``makemessages`` .pot, whose header Babel cannot parse."""
    raw = path.read_bytes().replace(b"nplurals=INTEGER; plural=EXPRESSION;", b"nplurals=2; plural=(n != 1);")
    return read_po(io.BytesIO(raw))


def placeholders(text: str | tuple) -> set[str]:
    texts = text if isinstance(text, tuple | list) else (text,)
    return {name for t in texts for name in PLACEHOLDER.findall(t)}


def _flags(message) -> tuple:
    return tuple(sorted(flag for flag in message.flags if flag != "fuzzy"))


def build_catalog(lang: str) -> Catalog:
    catalog = Catalog(
        locale=lang, project="opop-shop", version="0.1", fuzzy=False, creation_date=STAMP, revision_date=STAMP
    )
    english = _english() if lang == "en" else {}
    for message in read_template():
        if not message.id:
            continue
        key = message_key(message)
        if lang == "en":
            string = english.get(key, ("", "") if message.pluralizable else "")
            if message.pluralizable and isinstance(string, str):
                string = (string, string)
            if string and any(string) and placeholders(string) != placeholders(message.id):
                raise ValueError(
                    f"english.py: placeholders of {key!r} do not match its translation {string!r}"
                )
        else:
            string = ("",) * catalog.num_plurals if message.pluralizable else ""
        catalog.add(
            message.id,
            string,
            locations=message.locations,
            flags=_flags(message),
            context=message.context,
        )
    if lang == "id":
        for msgid, msgstr in WAGTAIL_ID.items():
            catalog.add(msgid, msgstr, flags=("python-format",) if "%(" in msgid else ())
    return catalog


def render(lang: str) -> tuple[bytes, bytes]:
    catalog = build_catalog(lang)
    po, mo = io.BytesIO(), io.BytesIO()
    write_po(po, catalog, omit_header=False, sort_output=True, width=110, include_lineno=False)
    write_mo(mo, catalog)
    return po.getvalue(), mo.getvalue()


def extract_template() -> bytes:
    """Run ``makemessages`` into a scratch directory and return the normalised .pot (needs GNU gettext)."""
    if not shutil.which("xgettext"):
        raise RuntimeError("extract needs GNU gettext (xgettext); build alone needs only Babel")
    import os

    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    if not settings.configured or not django.apps.apps.ready:
        django.setup()
    cwd = Path.cwd()
    with tempfile.TemporaryDirectory() as scratch:
        try:
            os.chdir(BASE_DIR)
            with override_settings(LOCALE_PATHS=[scratch]):
                call_command(
                    "makemessages", locale=["en"], keep_pot=True, ignore_patterns=EXTRACT_IGNORE, verbosity=0
                )
        finally:
            os.chdir(cwd)
        extracted = read_template(Path(scratch) / "django.pot")
    template = Catalog(
        project="opop-shop", version="0.1", fuzzy=False, creation_date=STAMP, revision_date=STAMP
    )
    for message in extracted:
        if message.id:
            template.add(
                message.id, None, locations=message.locations, flags=_flags(message), context=message.context
            )
    out = io.BytesIO()
    write_po(out, template, omit_header=False, sort_output=True, width=110, include_lineno=False)
    return out.getvalue()


def main(argv: list[str]) -> int:
    if argv[:1] == ["extract"]:
        POT.write_bytes(extract_template())
        print(f"{POT.relative_to(BASE_DIR)}: {sum(1 for m in read_template() if m.id)} messages")
    for lang in LANGS:
        directory = HERE / lang / "LC_MESSAGES"
        directory.mkdir(parents=True, exist_ok=True)
        po, mo = render(lang)
        (directory / "django.po").write_bytes(po)
        (directory / "django.mo").write_bytes(mo)
        catalog = build_catalog(lang)
        done = sum(1 for m in catalog if m.id and m.string and any(m.string))
        print(f"{lang}: {len(catalog)} messages, {done} translated")
    missing = [m.id for m in build_catalog("en") if m.id and not (m.string and all(m.string))]
    for msgid in missing:
        print(f"en: no English for {msgid!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
