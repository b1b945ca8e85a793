"""Build ``shop/locale/<lang>/LC_MESSAGES/django.po`` and ``.mo`` without the gettext binaries (Babel only).

Run ``python shop/locale/build_locale.py`` after changing the catalogues below; the .po and .mo files are committed, so
installing the shop needs no build step. ``shop/tests/test_locale.py`` fails if the committed .mo is stale.

- ``id``: Wagtail admin strings our editors meet every day that Wagtail 8's own Indonesian (``id_ID``) catalogue
  leaves untranslated (Wagtail ships about 270 of its 900 admin strings in Indonesian).
- ``en``: the project's own admin strings, whose source language is Bahasa Indonesia.
"""

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

HERE = Path(__file__).resolve().parent

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

PROJECT_EN = {
    "Produk": "Products",
    "Stok": "Stock",
    "Toko": "Stores",
    "Kategori": "Categories",
    "Jenis produk": "Product types",
    "Atribut": "Attributes",
    "Koleksi pilihan": "Featured collections",
    "Katalog marketplace": "Marketplace catalogue",
    "Foto": "Photos",
    "Foto produk": "Product photos",
    "Varian": "Variants",
    "Varian, harga dan stok": "Variants, prices and stock",
    "Harga per kanal dan stok": "Prices per channel and stock",
    "Halal dan izin": "Halal and permits",
    "Izin pangan dan sertifikat": "Food permits and certificates",
    "Pengiriman dan pajak": "Shipping and tax",
    "Rekening pencairan": "Payout account",
    "Nilai": "Values",
    "Harga %(currency)s": "Price %(currency)s",
    "Harga coret %(currency)s": "Compare-at price %(currency)s",
    "Harga sebelum diskon, tampil dicoret. Kosongkan jika tidak ada.": (
        "Price before the discount, shown struck through. Leave empty if none."
    ),
    "Kosongkan jika varian ini tidak dijual di kanal %(channel)s.": (
        "Leave empty if this variant is not sold in the %(channel)s channel."
    ),
    "Jumlah barang siap kirim. Tidak ikut draf: langsung tersimpan saat Anda menyimpan.": (
        "Units ready to ship. Not part of drafts: saved as soon as you save."
    ),
    "Isi SKU, misalnya KOPI-250.": "Enter a SKU, for example KOPI-250.",
    "Stok tidak boleh negatif. Isi 0 jika barang habis.": "Stock cannot be negative. Enter 0 when sold out.",
    "Stok tidak boleh lebih kecil dari %(n)s barang yang sudah dibayar pembeli.": (
        "Stock cannot be lower than the %(n)s units buyers have already paid for."
    ),
    "Isi harga jual jika ada harga coret.": "Enter a selling price when there is a compare-at price.",
    "Harga coret harus lebih tinggi dari harga jual.": "The compare-at price must be higher than the selling price.",
    "Isi harga paling tidak untuk satu kanal (misalnya Harga IDR).": (
        "Enter a price for at least one channel (for example Price IDR)."
    ),
    "SKU %(sku)s dipakai dua kali di produk ini.": "SKU %(sku)s is used twice in this product.",
    "SKU %(sku)s sudah dipakai produk '%(product)s' di toko Anda. Pakai kode lain.": (
        "SKU %(sku)s is already used by '%(product)s' in your store. Use another code."
    ),
    "Isi teks alternatif: jelaskan isi foto untuk pembeli tunanetra.": (
        "Enter alt text: describe the photo for blind buyers."
    ),
    "Pilih foto dari koleksi toko Anda sendiri.": "Choose a photo from your own store's collection.",
    "Produk pangan belum bisa diterbitkan: isi nomor sertifikat halal, P-IRT atau BPOM di tab 'Halal dan izin'. "
    "Anda tetap bisa menyimpan draf.": (
        "A food product cannot be published yet: enter a halal certificate, P-IRT or BPOM number on the "
        "'Halal and permits' tab. You can still save a draft."
    ),
    "Sertifikat halal sudah kedaluwarsa. Perbarui sertifikat atau kosongkan nomor halal.": (
        "The halal certificate has expired. Renew it or clear the halal number."
    ),
    "Alamat /%(slug)s/ sudah dipakai halaman lain.": "The address /%(slug)s/ is already used by another page.",
    "Data ini tidak ada atau bukan milik toko Anda.": "This does not exist or does not belong to your store.",
    "Akun Anda belum terhubung ke toko mana pun. Hubungi admin marketplace.": (
        "Your account is not linked to any store yet. Contact the marketplace administrators."
    ),
    "Produk pangan wajib punya salah satu nomor: halal, P-IRT atau BPOM, sebelum diterbitkan.": (
        "Food products need a halal, P-IRT or BPOM number before they are published."
    ),
    "Nomor WhatsApp tidak dikenali. Contoh yang benar: 0812-3456-7890.": (
        "WhatsApp number not recognised. A correct example: 0812-3456-7890."
    ),
    "Harga tidak boleh negatif.": "The price cannot be negative.",
    "Harga %(currency)s harus bilangan bulat tanpa desimal (contoh: 25000).": (
        "%(currency)s prices must be whole numbers without decimals (for example: 25000)."
    ),
    "Masukkan angka yang valid.": "Enter a valid number.",
}

CATALOGUES = {"id": WAGTAIL_ID, "en": PROJECT_EN}


def build_catalog(lang: str) -> Catalog:
    # Fixed dates keep the output byte-for-byte reproducible (the test compares it with the committed files).
    stamp = datetime(2026, 11, 28, tzinfo=UTC)
    catalog = Catalog(
        locale=lang, project="opop-shop", version="0.1", fuzzy=False, creation_date=stamp, revision_date=stamp
    )
    for msgid, msgstr in CATALOGUES[lang].items():
        catalog.add(msgid, msgstr, flags=("python-format",) if "%(" in msgid else ())
    return catalog


def render(lang: str) -> tuple[bytes, bytes]:
    catalog = build_catalog(lang)
    po, mo = io.BytesIO(), io.BytesIO()
    write_po(po, catalog, omit_header=False, sort_output=True, width=110)
    write_mo(mo, catalog)
    return po.getvalue(), mo.getvalue()


def main() -> int:
    for lang in CATALOGUES:
        directory = HERE / lang / "LC_MESSAGES"
        directory.mkdir(parents=True, exist_ok=True)
        po, mo = render(lang)
        (directory / "django.po").write_bytes(po)
        (directory / "django.mo").write_bytes(mo)
        print(f"{lang}: {len(CATALOGUES[lang])} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
