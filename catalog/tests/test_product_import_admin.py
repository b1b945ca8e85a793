"""Products in bulk in the admin (upload, dry run, apply, export, background tasks and progress) and the
import_products / export_products commands."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from catalog.models import ImportJob, ImportStatus, Product, Stock
from catalog.services import import_jobs, product_writer
from catalog.tests.test_product_import import csv_of, good_row
from tests.factories import make_curator, make_editor, make_product

pytestmark = pytest.mark.django_db


def upload(client, content: bytes, name="produk.csv", **data):
    fields = {"mode": "full", "publish": "1", "file": SimpleUploadedFile(name, content, "text/csv"), **data}
    return client.post(reverse("opop_imports:index"), fields)


def test_editor_uploads_reads_bad_rows_then_applies_the_fixed_file(client, store, chans):
    client.force_login(make_editor(store))
    response = upload(client, csv_of(good_row(1), good_row(2, price_idr="-1"), good_row(3)))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("opop_imports:detail", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert job.status == "invalid" and "Baris bermasalah" in page and "tidak boleh negatif" in page
    assert "Terapkan perubahan ini" not in page
    assert not Product.objects.filter(store=store).exists()
    fixed = upload(client, csv_of(good_row(1), good_row(2), good_row(3)))
    job = ImportJob.objects.get(pk=int(fixed["Location"].rstrip("/").split("/")[-1]))
    page = client.get(fixed["Location"]).content.decode()
    assert job.status == ImportStatus.READY and "3 baru, 0 berubah, 0 tetap" in page
    client.post(reverse("opop_imports:apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Product.objects.filter(store=store, live=True).count() == 3
    # a second click finds it applied: refused with a message, nothing happens twice
    again = client.post(reverse("opop_imports:apply", args=[job.pk]), follow=True)
    assert "belum bisa diterapkan" in again.content.decode()


def test_large_files_run_as_background_tasks_with_progress(client, store, chans, monkeypatch):
    monkeypatch.setattr(import_jobs, "IN_REQUEST_BYTES", 0)
    monkeypatch.setattr(product_writer, "CHUNK", 25)
    seen = []
    real_apply = import_jobs.apply

    def watching_apply(*args, progress=None, **kwargs):
        def spy(done, total):
            progress(done, total)
            seen.append(import_jobs.progress(ImportJob.objects.get()))
        return real_apply(*args, progress=spy, **kwargs)

    monkeypatch.setattr(import_jobs, "apply", watching_apply)
    client.force_login(make_editor(store))
    upload(client, csv_of(*[good_row(n) for n in range(1, 31)]))
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.READY and job.rows_total == 30  # checked by the task (immediate backend)
    client.post(reverse("opop_imports:apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.rows_done == 30
    assert seen == [(25, 30), (30, 30)]


def test_a_page_of_a_job_still_working_refreshes_itself(client, store, chans):
    editor = make_editor(store)
    client.force_login(editor)
    job = import_jobs.create_job(store, SimpleUploadedFile("a.csv", b"sku\n"), mode="full", publish=False,
                                 user=editor)
    page = client.get(reverse("opop_imports:detail", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and "Memeriksa berkas" in page


def test_export_downloads_the_editors_store_only(client, store, other_store, chans):
    make_product(store, "Kopi", slug="kopi", sku="KOPI-1")
    make_product(other_store, "Batik", slug="batik", sku="BATIK-1")
    client.force_login(make_editor(store))
    mine = client.get(reverse("opop_imports:export"), {"store": store.pk, "format": "csv"})
    assert mine.status_code == 200 and b"KOPI-1" in mine.content and b"BATIK-1" not in mine.content
    assert client.get(reverse("opop_imports:export"), {"store": other_store.pk, "format": "csv"}).status_code == 404
    xlsx = client.get(reverse("opop_imports:export"), {"store": store.pk, "format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_upload_form_offers_only_the_editors_store(client, store, other_store, chans):
    client.force_login(make_editor(store))
    response = upload(client, csv_of(good_row(1)), store=str(other_store.pk))
    assert response.status_code == 200 and not ImportJob.objects.exists()
    assert upload(client, b"x", name="produk.pdf").status_code == 200  # not CSV/XLSX: a form error
    assert not ImportJob.objects.exists()


def test_curators_and_users_without_product_rights_are_refused(client, store, chans):
    client.force_login(make_curator())
    assert client.get(reverse("opop_imports:index")).status_code in (302, 403)
    assert upload(client, csv_of(good_row(1))).status_code in (302, 403)
    assert not ImportJob.objects.exists()


# --- commands ------------------------------------------------------------------------------------------------------


def test_import_command_dry_run_then_apply(store, chans, tmp_path):
    path = tmp_path / "produk.csv"
    path.write_bytes(csv_of(good_row(1), good_row(2)))
    out = io.StringIO()
    call_command("import_products", store.slug, str(path), "--dry-run", "--publish", stdout=out)
    assert "2 baris: 2 baru" in out.getvalue() and not Product.objects.exists()
    call_command("import_products", store.slug, str(path), "--publish", stdout=out)
    assert Product.objects.filter(store=store, live=True).count() == 2
    stock = tmp_path / "stok.csv"
    stock.write_bytes(b"sku,stock\nKOPI-1,3\n")
    call_command("import_products", store.slug, str(stock), "--only", "stock", stdout=out)
    assert Stock.objects.get(store=store, sku="KOPI-1").quantity == 3


def test_import_command_bad_input_exits_non_zero_with_one_line(store, chans, tmp_path):
    path = tmp_path / "produk.csv"
    path.write_bytes(csv_of(good_row(1), good_row(2, stock="-3")))
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_products", store.slug, str(path), stderr=err)
    assert str(error.value) == "1 baris bermasalah; tidak ada yang diubah."
    assert "baris 3 KOPI-2: stock: Stok tidak boleh negatif." in err.getvalue()
    assert not Product.objects.exists()
    with pytest.raises(CommandError, match="Toko 'tidak-ada' tidak ada."):
        call_command("import_products", "tidak-ada", str(path))
    with pytest.raises(CommandError, match="gunakan berkas .csv atau .xlsx"):
        call_command("import_products", store.slug, str(tmp_path / "produk.pdf"))
    with pytest.raises(CommandError, match="produk-hilang.csv"):
        call_command("import_products", store.slug, str(tmp_path / "produk-hilang.csv"))


def test_export_command_writes_a_file_the_import_reads_back_unchanged(store, chans, tmp_path):
    make_product(store, "Kopi", slug="kopi", sku="KOPI-1")
    path = tmp_path / "produk.xlsx"
    call_command("export_products", store.slug, str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_products", store.slug, str(path), "--dry-run", "--publish", stdout=out)
    assert "1 baris: 0 baru, 0 berubah, 1 tetap." in out.getvalue()
    with pytest.raises(CommandError):
        call_command("export_products", "tidak-ada", str(path))
