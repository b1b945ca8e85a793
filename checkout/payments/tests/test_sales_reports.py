"""Sales reports: a known history (checkout/payments/tests/sales_history.py: days across the WIB midnight, two
channels, a partial refund, a refund of an order paid before the range, a paid order cancelled and refunded, a
cancellation and an expiry before payment, a duplicate-payment refund and a failed refund) and every number of the
report, its page, its CSV and its XLSX."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from checkout.payments.models import Refund, RefundStatus
from checkout.payments.reports.selectors import ReportQuery, sales_report
from checkout.payments.services.refunds import complete_refund
from checkout.payments.tests.sales_history import build_history
from checkout.report_range import MAX_REPORT_DAYS as MAX_DAYS
from tests.factories import make_curator, make_editor, make_product

pytestmark = pytest.mark.django_db

NOV_1, NOV_3 = date(2026, 11, 1), date(2026, 11, 3)
URL = "payments_admin:sales_report"
# (period start, orders, units, gross, refunds, net, average order, cancelled)
IDR_BY_DAY = [
    (date(2026, 11, 1), 1, 2, Decimal(100000), Decimal(40000), Decimal(60000), Decimal(100000), 0),
    (date(2026, 11, 2), 1, 1, Decimal(55000), Decimal(0), Decimal(55000), Decimal(55000), 1),
    (date(2026, 11, 3), 1, 1, Decimal(25000), Decimal(40000), Decimal(-15000), Decimal(25000), 1),
]
IDR_TOTAL = (NOV_1, 3, 4, Decimal(180000), Decimal(80000), Decimal(100000), Decimal(60000), 2)
MYR_BY_DAY = [
    (date(2026, 11, 1), 0, 0, Decimal(0), Decimal(0), Decimal(0), None, 0),
    (date(2026, 11, 2), 1, 3, Decimal("146.10"), Decimal(0), Decimal("146.10"), Decimal("146.10"), 0),
    (date(2026, 11, 3), 0, 0, Decimal(0), Decimal(0), Decimal(0), None, 0),
]


def numbers(f):
    return (f.start, f.orders, f.units, f.gross, f.refunds, f.net, f.average_order, f.cancelled)


@pytest.fixture
def history(store, other_store, chans):
    return build_history(store, other_store, chans)


def report(store_ids, granularity="day", channel=None, start=NOV_1, end=NOV_3):
    return sales_report(ReportQuery(store_ids, start, end, granularity, channel))


def test_every_number_of_a_store_report_by_day(store, history):
    result = report((store.pk,))
    idr, myr = result.currencies
    assert (idr.currency, myr.currency) == ("IDR", "MYR")
    assert [numbers(f) for f in idr.periods] == IDR_BY_DAY
    assert numbers(idr.total) == IDR_TOTAL
    assert idr.total.refund_count == 3  # A6 (Nov 1), A2 partial and A8 (Nov 3); not the duplicate, not the failed
    assert [(p.title, p.units, p.revenue) for p in idr.top_products] == [
        ("Kopi Robusta", 2, Decimal(80000)), ("Kopi Arabika", 2, Decimal(75000))]
    assert [numbers(f) for f in myr.periods] == MYR_BY_DAY
    assert numbers(myr.total) == (NOV_1, 1, 3, Decimal("146.10"), 0, Decimal("146.10"), Decimal("146.10"), 0)
    assert [(p.title, p.units, p.revenue) for p in myr.top_products] == [("Kopi Robusta", 3, Decimal("122.10"))]


def test_weeks_start_on_monday_and_months_on_the_first_in_wib(store, history):
    idr, _myr = report((store.pk,), "week").currencies
    # Nov 1 2026 is a Sunday: its week began Oct 26 (A6, paid Oct 31, is before the range and not counted).
    assert [numbers(f) for f in idr.periods] == [
        (date(2026, 10, 26), 1, 2, Decimal(100000), Decimal(40000), Decimal(60000), Decimal(100000), 0),
        (date(2026, 11, 2), 2, 2, Decimal(80000), Decimal(40000), Decimal(40000), Decimal(40000), 2),
    ]
    idr, myr = report((store.pk,), "month").currencies
    assert [numbers(f) for f in idr.periods] == [IDR_TOTAL]
    assert [numbers(f)[:6] for f in myr.periods] == [(NOV_1, 1, 3, Decimal("146.10"), 0, Decimal("146.10"))]


def test_one_day_range_counts_the_minute_before_and_after_wib_midnight_apart(store, history):
    (idr, *_rest) = report((store.pk,), start=NOV_1, end=NOV_1).currencies
    assert [numbers(f) for f in idr.periods] == [IDR_BY_DAY[0]]  # A1 at 23:59 WIB yes, A2 at 00:00 WIB next day no


def test_channel_filter_and_marketplace_report(store, other_store, chans, history):
    (myr,) = report((store.pk,), channel=chans["international"]).currencies
    assert myr.currency == "MYR" and numbers(myr.total)[:4] == (NOV_1, 1, 3, Decimal("146.10"))
    idr, myr = report(None).currencies  # the marketplace: both stores, still never adding IDR and MYR
    assert numbers(idr.periods[1])[:6] == (date(2026, 11, 2), 2, 2, Decimal(1054000), 0, Decimal(1054000))
    assert numbers(idr.total)[1:6] == (4, 5, Decimal(1179000), Decimal(80000), Decimal(1099000))
    assert idr.top_products[0].title == "Batik Tulis"
    (theirs,) = report((other_store.pk,)).currencies
    assert numbers(theirs.total)[1:4] == (1, 1, Decimal(999000))


def test_a_range_without_activity_has_no_currency(store, history):
    assert report((store.pk,), start=date(2026, 12, 1), end=date(2026, 12, 31)).currencies == []


def test_a_refund_is_dated_when_it_succeeds(store, history):
    refund = Refund.objects.filter(order=history["A1"], status=RefundStatus.FAILED).get()
    Refund.objects.filter(pk=refund.pk).update(status=RefundStatus.PENDING)
    assert complete_refund(refund)
    refund.refresh_from_db()
    assert refund.completed_at is not None and refund.completed_at >= refund.created_at


# --- the admin page and its exports ----------------------------------------------------------------------------------


def _get(client, for_store, **params):
    query = {"store": for_store.pk if for_store else "", "start": "2026-11-01", "end": "2026-11-03", "granularity": "day",
             "channel": ""}
    query.update(params)
    return client.get(reverse(URL), query)


def test_editor_reads_their_report_in_indonesian_with_chart_and_table(client, store, history):
    client.force_login(make_editor(store))
    response = _get(client, store)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Laporan penjualan" in body and "Kopi An Nur" in body
    for text in ("Rp100.000", "Rp60.000", "-Rp15.000", "Rp180.000", "Rp80.000", "RM146,10", "Kopi Robusta"):
        assert text in body, text
    assert body.count("<svg class=\"opop-chart\"") == 2 and "<desc id=\"opop-chart-idr-desc\">" in body
    assert 'role="img"' in body and "Pendapatan bersih" in body
    assert "999.000" not in body and "Batik" not in body


def _csv(client, store, **params):
    response = _get(client, store, export="csv", **params)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_export_has_every_number(client, store, history):
    client.force_login(make_editor(store))
    rows = _csv(client, store)
    assert rows[0] == ["Mata uang", "Awal periode", "Periode", "Pesanan", "Unit", "Pendapatan kotor", "Pengembalian dana",
                       "Pendapatan bersih", "Rata-rata pesanan", "Batal atau kedaluwarsa"]
    assert rows[1:9] == [
        ["IDR", "2026-11-01", "1 Nov 2026", "1", "2", "100000", "40000", "60000", "100000", "0"],
        ["IDR", "2026-11-02", "2 Nov 2026", "1", "1", "55000", "0", "55000", "55000", "1"],
        ["IDR", "2026-11-03", "3 Nov 2026", "1", "1", "25000", "40000", "-15000", "25000", "1"],
        ["IDR", "2026-11-01", "Total 2026-11-01 – 2026-11-03", "3", "4", "180000", "80000", "100000", "60000", "2"],
        ["MYR", "2026-11-01", "1 Nov 2026", "0", "0", "0.00", "0.00", "0.00", "", "0"],
        ["MYR", "2026-11-02", "2 Nov 2026", "1", "3", "146.10", "0.00", "146.10", "146.10", "0"],
        ["MYR", "2026-11-03", "3 Nov 2026", "0", "0", "0.00", "0.00", "0.00", "", "0"],
        ["MYR", "2026-11-01", "Total 2026-11-01 – 2026-11-03", "1", "3", "146.10", "0.00", "146.10", "146.10", "0"],
    ]
    assert rows[9] == []
    assert rows[10:] == [
        ["Mata uang", "Peringkat", "Produk", "Unit", "Pendapatan (barang)"],
        ["IDR", "1", "Kopi Robusta", "2", "80000"],
        ["IDR", "2", "Kopi Arabika", "2", "75000"],
        ["MYR", "1", "Kopi Robusta", "3", "122.10"],
    ]


def test_xlsx_export_has_the_same_numbers_as_numbers(client, store, history):
    client.force_login(make_editor(store))
    response = _get(client, store, export="xlsx")
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Penjualan", "Produk teratas"]
    sales = [[c.value for c in row] for row in book["Penjualan"].iter_rows(min_row=2)]
    assert [row[3:] for row in sales] == [
        [1, 2, 100000, 40000, 60000, 100000, 0], [1, 1, 55000, 0, 55000, 55000, 1],
        [1, 1, 25000, 40000, -15000, 25000, 1], [3, 4, 180000, 80000, 100000, 60000, 2],
        [0, 0, 0, 0, 0, None, 0], [1, 3, 146.1, 0, 146.1, 146.1, 0], [0, 0, 0, 0, 0, None, 0],
        [1, 3, 146.1, 0, 146.1, 146.1, 0],
    ]
    assert sales[0][1].date() == NOV_1 and sales[0][2] == "1 Nov 2026"
    assert book["Penjualan"]["F2"].number_format == "#,##0" and book["Penjualan"]["F7"].number_format == "#,##0.00"
    products = [[c.value for c in row] for row in book["Produk teratas"].iter_rows(min_row=2)]
    assert products == [["IDR", 1, "Kopi Robusta", 2, 80000], ["IDR", 2, "Kopi Arabika", 2, 75000],
                        ["MYR", 1, "Kopi Robusta", 3, 122.1]]


def test_a_product_named_like_a_formula_stays_text_in_both_exports(client, store, history):
    from checkout.models import OrderLine

    OrderLine.objects.filter(order=history["A1"]).update(product_title='=HYPERLINK("http://x","y")')
    client.force_login(make_editor(store))
    assert ["IDR", "1", "'=HYPERLINK(\"http://x\",\"y\")", "2", "80000"] in _csv(client, store)
    book = openpyxl.load_workbook(io.BytesIO(_get(client, store, export="xlsx").content))
    assert book["Produk teratas"]["C2"].value == "'=HYPERLINK(\"http://x\",\"y\")"
    assert book["Produk teratas"]["C2"].data_type == "s"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-11-03", "end": "2026-11-01"}, "Tanggal akhir tidak boleh sebelum tanggal mulai."),
        ({"start": "2025-01-01", "end": "2026-11-01"}, f"Satu laporan mencakup paling banyak {MAX_DAYS} hari."),
        ({"start": "kemarin"}, "Masukkan tanggal, misalnya 2026-12-01."),
        ({"channel": "antartika"}, "Saluran tidak dikenal."),
        ({"granularity": "jam"}, "Pilih hari, minggu, atau bulan."),
        ({"store": "999999"}, "Toko tidak dikenal."),
        ({"store": "abc"}, "Toko tidak dikenal."),
    ],
)
def test_bad_input_is_a_form_error_in_indonesian(client, store, history, params, message):
    client.force_login(make_editor(store))
    response = _get(client, store, **params)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "data-currency" not in body and "Rp100.000" not in body
    assert _get(client, store, export="csv", **params)["Content-Type"].startswith("text/html")


def test_editor_cannot_read_another_stores_report_or_the_marketplace(client, store, other_store, history):
    client.force_login(make_editor(store))
    for fmt in ("", "csv", "xlsx"):
        response = _get(client, other_store, export=fmt)
        assert response.status_code == 404
        assert b"999" not in response.content and b"Batik" not in response.content
    body = _get(client, None).content.decode()  # "all stores" is not a choice for an editor
    assert "data-currency" not in body and "Rp999.000" not in body and "Batik" not in body
    default = client.get(reverse(URL)).content.decode()  # no parameters: their own store, the last 30 days
    assert "Kopi An Nur" in default and "Batik" not in default


def test_curator_and_admin_read_the_marketplace(client, store, other_store, history, django_user_model):
    client.force_login(make_curator())
    body = _get(client, None).content.decode()
    assert "Marketplace (semua toko)" in body and "Rp1.179.000" in body and "Batik Tulis" in body
    admin = django_user_model.objects.create_superuser("admin", "a@example.id", "pw-test-123")
    client.force_login(admin)
    assert "Rp999.000" in _get(client, other_store).content.decode()


def test_menu_item_for_editors_not_for_users_without_a_store(client, store, django_user_model):
    from django.contrib.auth.models import Permission

    make_product(store, "Kopi")
    client.force_login(make_editor(store))
    assert "Laporan penjualan" in client.get(reverse("wagtailadmin_home")).content.decode()
    nobody = django_user_model.objects.create_user("tamu", "t@example.id", "pw-test-123")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(nobody)
    assert "Laporan penjualan" not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(reverse(URL)).status_code in (302, 403)


def test_the_report_is_five_grouped_queries_whatever_the_history(store, history, django_assert_num_queries):
    with django_assert_num_queries(5):  # sales, units, refunds, cancellations, top products
        report((store.pk,), "week")
    with django_assert_num_queries(5):
        report(None, "month")


def test_the_chart_is_accessible_svg_with_one_bar_per_period_and_negatives_below_the_axis(store, history):
    from django.utils import translation

    from checkout.payments.reports.charts import net_revenue_chart

    idr, _myr = report((store.pk,)).currencies
    with translation.override("id"):
        svg = str(net_revenue_chart(idr, "day", "grafik"))
    assert svg.startswith('<svg class="opop-chart" viewBox="0 0 480 260" role="img" aria-labelledby="grafik-title"')
    assert '<title id="grafik-title">Pendapatan bersih per periode, IDR</title>' in svg
    assert "3 periode dari 1 Nov 2026 sampai 3 Nov 2026. Tertinggi: Rp60.000. Total: Rp100.000." in svg
    assert svg.count("<rect ") == 3 and svg.count("opop-chart-bar--negative") == 1
    assert "<title>3 Nov 2026: -Rp15.000</title>" in svg
    assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_what_the_link_leaves_out_takes_the_defaults(client, store, history):
    client.force_login(make_editor(store))
    body = client.get(reverse(URL), {"granularity": "month", "start": "2026-11-01", "end": "2026-11-30"}).content
    body = body.decode()
    assert "November 2026" in body and "Rp120.000" in body  # A7 (Nov 4) joins; store: their own; all channels
