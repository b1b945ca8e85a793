"""Importing products from a file: the dry run, every kind of bad row, all-or-nothing, idempotency, stock and
price updates, another store's rows, and the export → import round trip."""

from decimal import Decimal

import pytest
from django.utils import translation
from modelsearch.backends import get_search_backend
from wagtail.models import ModelLogEntry, Revision

from catalog.indexing import index_products
from catalog.models import Category, ImportMode, Product, ProductListing, Stock, Variant, VariantPrice
from catalog.services import listings, product_import
from catalog.services.product_export import export_file
from catalog.services.product_import import ImportRefused
from cms.cache import generation_tag, store_dependency
from tests.factories import make_product

pytestmark = pytest.mark.django_db

HEADER = ("store,product_slug,title,summary,category,halal_cert_no,halal_valid_until,pirt_number,bpom_number,sku,"
          "variant_name,weight_grams,price_idr,compare_at_idr,price_myr,compare_at_myr,stock")


def csv_of(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join((header,) + lines) + "\n").encode()


def good_row(n: int, store_slug="kopi-an-nur", **over) -> str:
    cells = {
        "store": store_slug, "product_slug": f"kopi-{n}", "title": f"Kopi {n}", "summary": "", "category": "",
        "halal_cert_no": "", "halal_valid_until": "", "pirt_number": "", "bpom_number": "", "sku": f"KOPI-{n}",
        "variant_name": "250 g", "weight_grams": "250", "price_idr": "25000", "compare_at_idr": "",
        "price_myr": "9.50", "compare_at_myr": "", "stock": "10",
    }
    cells.update(over)
    return ",".join(cells[name] for name in HEADER.split(","))


def check(store, content, **kwargs):
    with translation.override("id"):
        return product_import.check(store, content, "csv", **kwargs)


def apply(store, content, **kwargs):
    with translation.override("id"):
        return product_import.apply(store, content, "csv", **kwargs)


def state(store):
    """Everything an import can change in a store, to compare before and after."""
    return (
        sorted(Product.objects.filter(store=store).values_list("slug", "title", "live", "has_unpublished_changes",
                                                               "updated_at")),
        sorted(Variant.objects.filter(product__store=store).values_list("sku", "name", "weight_grams")),
        sorted(VariantPrice.objects.filter(variant__product__store=store).values_list("variant__sku", "channel_id",
                                                                                      "amount", "compare_at_amount")),
        sorted(Stock.objects.filter(store=store).values_list("sku", "quantity", "updated_at")),
        Revision.objects.filter(
            object_id__in=[str(pk) for pk in Product.objects.filter(store=store).values_list("pk", flat=True)]
        ).count(),
    )


def test_dry_run_counts_and_changes_write_nothing(store, chans):
    make_product(store, "Kopi 1", slug="kopi-1", sku="KOPI-1", price_idr=25000, price_myr="9.50", stock=10)
    before = state(store)
    report = check(store, csv_of(good_row(1, price_idr="27000", stock="12"), good_row(2)), publish=True)
    assert report.ok, report.problems
    assert (report.count("created"), report.count("updated"), report.count("unchanged")) == (1, 1, 0)
    updated = report.changes[0]
    assert updated.line == 2 and updated.sku == "KOPI-1"
    assert "Harga IDR: Rp25.000 → Rp27.000" in updated.changes
    assert "Stok: 10 → 12" in updated.changes
    assert state(store) == before


def test_apply_publishes_products_with_variants_prices_stock_and_listing_rows(store, chans):
    report = apply(store, csv_of(good_row(1), good_row(2, product_slug="kopi-1", title="Kopi 1", sku="KOPI-1-500",
                                                        variant_name="500 g", price_idr="45.000", stock="3")),
                   publish=True)
    assert report.applied and report.count("created") == 2
    product = Product.objects.get(store=store, slug="kopi-1")
    assert product.live and not product.has_unpublished_changes and product.live_revision_id
    assert sorted(product.variants.values_list("sku", "name")) == [("KOPI-1", "250 g"), ("KOPI-1-500", "500 g")]
    assert VariantPrice.objects.get(variant__sku="KOPI-1-500", channel=chans["indonesia"]).amount == Decimal(45000)
    assert VariantPrice.objects.get(variant__sku="KOPI-1", channel=chans["international"]).amount == Decimal("9.50")
    assert Stock.objects.get(store=store, sku="KOPI-1-500").quantity == 3
    listing = ProductListing.objects.get(product=product, channel=chans["indonesia"])
    assert listing.price == Decimal(25000) and listing.in_stock and listing.visible
    assert listings.mismatches() == []
    # history as the snippet views leave it: one revision, live; created and published log entries
    assert product.revisions.count() == 1 and product.live_revision == product.latest_revision
    assert set(ModelLogEntry.objects.filter(object_id=str(product.pk)).values_list("action", flat=True)) == {
        "wagtail.create", "wagtail.publish"}
    assert product.live_revision.as_object().variants.count() == 2


def test_an_import_bumps_the_page_cache_of_the_store(store, chans):
    before = generation_tag(store_dependency(store.pk))
    apply(store, csv_of(good_row(1)), publish=True)
    assert generation_tag(store_dependency(store.pk)) != before


def test_the_index_task_makes_imported_products_searchable(store, chans):
    apply(store, csv_of(good_row(1, title="Kopi Lanang Istimewa")), publish=True)
    product = Product.objects.get(slug="kopi-1")
    assert index_products.call([product.pk]) == 1
    assert list(get_search_backend().search("Lanang", Product)) == [product]


def test_apply_as_drafts_keeps_products_off_the_shop(store, chans):
    live = make_product(store, "Kopi 1", slug="kopi-1", sku="KOPI-1", price_idr=25000)
    apply(store, csv_of(good_row(1, title="Kopi Baru", price_idr="30000"), good_row(2)), publish=False)
    live.refresh_from_db()
    assert live.title == "Kopi 1" and live.has_unpublished_changes  # the change waits in a draft
    assert VariantPrice.objects.get(variant__sku="KOPI-1", channel=chans["indonesia"]).amount == Decimal(25000)
    new = Product.objects.get(store=store, slug="kopi-2")
    assert not new.live
    assert not ProductListing.objects.filter(product=new, visible=True).exists()
    # importing the same file again as drafts changes nothing: it compares with the drafts
    again = check(store, csv_of(good_row(1, title="Kopi Baru", price_idr="30000"), good_row(2)))
    assert again.count("unchanged") == 2, again.changes


def test_publishing_a_file_publishes_the_drafts_it_made(store, chans):
    live = make_product(store, "Kopi 1", slug="kopi-1", sku="KOPI-1", price_idr=25000)
    content = csv_of(good_row(1, title="Kopi Baru", price_idr="30000"), good_row(2))
    apply(store, content, publish=False)
    report = apply(store, content, publish=True)
    assert [c.changes for c in report.changes] == [["Draf → terbit"], ["Draf → terbit"]]
    live.refresh_from_db()
    assert live.title == "Kopi Baru" and live.live and not live.has_unpublished_changes
    assert Product.objects.get(slug="kopi-2").live
    assert VariantPrice.objects.get(variant__sku="KOPI-1", channel=chans["indonesia"]).amount == Decimal(30000)
    assert listings.mismatches() == []
    assert apply(store, content, publish=True).count("unchanged") == 2


def test_importing_twice_changes_nothing_the_second_time(store, chans):
    content = csv_of(good_row(1), good_row(2), good_row(3, product_slug="kopi-2", title="Kopi 2", sku="KOPI-2-B"))
    apply(store, content, publish=True)
    before = state(store)
    report = apply(store, content, publish=True)
    assert report.count("unchanged") == 3 and report.count("updated") == report.count("created") == 0
    assert state(store) == before


BAD_ROWS = [
    ({"price_idr": "-5000"}, "tidak boleh negatif"),
    ({"price_idr": "25000.50"}, "bilangan bulat"),
    ({"price_idr": "MYR 25000"}, "Mata uang salah"),
    ({"price_myr": "Rp 9000"}, "Mata uang salah"),
    ({"price_idr": "dua puluh"}, "bukan harga"),
    ({"stock": "-1"}, "tidak boleh negatif"),
    ({"stock": "2.5"}, "bilangan bulat"),
    ({"weight_grams": "berat"}, "bilangan bulat"),
    ({"sku": ""}, "Masukkan SKU"),
    ({"halal_cert_no": "HALAL123"}, "ID"),
    ({"pirt_number": "12345"}, "P-IRT"),
    ({"bpom_number": "MD 123"}, "BPOM"),
    ({"halal_cert_no": "ID35110000123450823", "halal_valid_until": "2020-01-01"}, "kedaluwarsa"),
    ({"halal_valid_until": "besok"}, "bukan tanggal"),
    ({"category": "tidak-ada"}, "tidak ada kategori"),
    ({"product_slug": "Kopi Enak!", "title": ""}, "product_slug"),
    ({"title": ""}, "judul"),
    ({"price_idr": "", "price_myr": ""}, "harga"),
    ({"compare_at_idr": "20000"}, "lebih tinggi"),
    ({"store": "batik-al-hikam"}, "batik-al-hikam"),
]


@pytest.mark.parametrize("cells,reason", BAD_ROWS, ids=[r[1] + "-" + ",".join(r[0]) for r in BAD_ROWS])
def test_every_bad_row_is_reported_with_its_line_and_an_indonesian_reason(store, other_store, chans, cells, reason):
    before = state(store)
    content = csv_of(good_row(1), good_row(2, **cells), good_row(3))
    report = check(store, content, publish=True)
    assert [p.line for p in report.problems] == [3], report.problems
    assert reason.lower() in report.problems[0].message.lower(), report.problems[0].message
    with pytest.raises(ImportRefused) as refused:
        apply(store, content, publish=True)
    assert refused.value.report.problems[0].line == 3
    assert state(store) == before  # all or nothing: the good rows 2 and 4 were not written either


def test_file_level_problems(store, chans):
    assert "kolom" in check(store, b"nama,harga\nKopi,1000\n").problems[0].message.lower()
    usd = check(store, csv_of(header="sku,product_slug,title,price_usd").replace(b"\n", b"\nA,a,A,1\n", 1))
    assert "USD" in usd.problems[0].message and usd.problems[0].line == 1
    with translation.override("id"):
        unreadable = product_import.check(store, b"PK\x03\x04 not really", "xlsx")
    assert unreadable.problems[0].line == 1 and "CSV atau XLSX" in unreadable.problems[0].message
    assert check(store, csv_of()).problems  # no rows at all


def test_same_sku_twice_and_a_sku_of_another_product(store, chans):
    make_product(store, "Madu", slug="madu", sku="MADU-1")
    report = check(store, csv_of(good_row(1), good_row(2, sku="KOPI-1"), good_row(3, sku="MADU-1")))
    assert [(p.line, p.sku) for p in report.problems] == [(3, "KOPI-1"), (4, "MADU-1")]
    assert "baris 2" in report.problems[0].message and "Madu" in report.problems[1].message


def test_another_stores_rows_are_refused_and_their_products_untouched(store, other_store, chans):
    theirs = make_product(other_store, "Batik", slug="batik", sku="BATIK-1", price_idr=300000, stock=4)
    exported = export_file(other_store, "csv")
    before = state(other_store)
    report = check(store, exported, publish=True)
    assert report.problems and all("batik-al-hikam" in p.message for p in report.problems)
    with pytest.raises(ImportRefused):
        apply(store, exported, publish=True)
    # same SKU in our store without the store column: a product of our store, theirs untouched
    apply(store, csv_of(good_row(1, store="", sku="BATIK-1", price_idr="1000")), publish=True)
    assert state(other_store) == before
    assert Variant.objects.get(product=theirs).sku == "BATIK-1"
    assert VariantPrice.objects.get(variant__product=theirs, channel=chans["indonesia"]).amount == Decimal(300000)


def test_a_food_product_is_not_published_without_a_permit_but_may_be_a_draft(store, chans):
    Category.objects.create(name="Makanan", slug="makanan", is_food=True)
    content = csv_of(good_row(1, category="makanan"))
    problem = check(store, content, publish=True).problems[0]
    assert problem.line == 2 and "P-IRT" in problem.message
    assert check(store, content, publish=False).ok
    assert check(store, csv_of(good_row(1, category="makanan", pirt_number="2063507010123-28")), publish=True).ok


def test_stock_only_updates_stock_and_ignores_the_other_columns(store, chans):
    make_product(store, "Kopi 1", slug="kopi-1", sku="KOPI-1", price_idr=25000, stock=10)
    content = csv_of(good_row(1, stock="4", price_idr="99999", title="Diabaikan"))
    report = apply(store, content, mode=ImportMode.STOCK)
    assert report.changes[0].changes == ["Stok: 10 → 4"]
    assert Stock.objects.get(sku="KOPI-1").quantity == 4
    assert VariantPrice.objects.get(variant__sku="KOPI-1", channel=chans["indonesia"]).amount == Decimal(25000)
    assert Product.objects.get(slug="kopi-1").title == "Kopi 1"
    unknown = check(store, b"sku,stock\nTIDAK-ADA,3\n", mode=ImportMode.STOCK)
    assert unknown.problems[0].line == 2 and "tidak ada di toko" in unknown.problems[0].message


def test_stock_below_what_paid_orders_hold_is_refused(store, chans):
    make_product(store, "Kopi 1", slug="kopi-1", sku="KOPI-1", stock=10)
    Stock.objects.filter(sku="KOPI-1").update(quantity_allocated=6)
    problem = check(store, b"sku,stock\nKOPI-1,5\n", mode=ImportMode.STOCK).problems[0]
    assert "6" in problem.message


def test_prices_only_updates_prices_and_publishes(store, chans):
    make_product(store, "Kopi 1", slug="kopi-1", sku="KOPI-1", price_idr=25000, stock=10)
    report = apply(store, b"sku,price_idr,stock\nKOPI-1,Rp27.500,1\n", mode=ImportMode.PRICES, publish=True)
    assert report.count("updated") == 1
    assert VariantPrice.objects.get(variant__sku="KOPI-1", channel=chans["indonesia"]).amount == Decimal(27500)
    assert Stock.objects.get(sku="KOPI-1").quantity == 10
    product = Product.objects.get(slug="kopi-1")
    assert ProductListing.objects.get(product=product, channel=chans["indonesia"]).price == Decimal(27500)


def test_export_then_import_changes_nothing_and_escapes_formulas(store, chans):
    make_product(store, "=HYPERLINK(\"http://x\",\"y\")", slug="kopi-1", sku="KOPI-1", price_idr=25000,
                 halal_cert_no="ID35110000123450823")
    apply(store, csv_of(good_row(2, compare_at_idr="30000")), publish=True)
    for file_format in ("csv", "xlsx"):
        exported = export_file(store, file_format)
        if file_format == "csv":
            assert "'=HYPERLINK" in exported.decode("utf-8-sig")
        before = state(store)
        with translation.override("id"):
            report = product_import.apply(store, exported, file_format, publish=True)
        assert report.count("unchanged") == 2, report.changes
        assert state(store) == before
    assert Product.objects.get(slug="kopi-1").title.startswith("=HYPERLINK")
