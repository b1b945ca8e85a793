"""Editing products in the admin: variants with channel prices and stock, and every bad input refused clearly."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from catalog.models import Category, Product, Stock, Variant
from catalog.validators import validate_gtin
from tests.factories import make_editor, make_product

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_catalog_product:add"


def variant(sku="KOPI-250", price="25000", stock="12", **extra):
    row = {"sku": sku, "name": "250 g", "weight_grams": "250", "is_active": "on", "price_indonesia": price,
           "compare_indonesia": "", "price_international": "", "compare_international": "",
           "stock_quantity": stock}
    row.update(extra)
    return row


def product_data(variants=None, images=None, publish=False, **fields):
    data = {
        "title": "Kopi Robusta Kaleng",
        "slug": "kopi-robusta-kaleng",
        "summary": "",
        "description": rich_text(""),
        "category": "",
        "product_type": "",
        "halal_cert_no": "",
        "halal_valid_until": "",
        "halal_certificate": "",
        "pirt_number": "",
        "bpom_number": "",
        "images": inline_formset(images or []),
        "variants": inline_formset(variants if variants is not None else [variant()], min=1),
    }
    data.update(fields)
    data = nested_form_data(data)
    if publish:
        data["action-publish"] = "action-publish"
    return data


@pytest.fixture
def editor_client(client, store, chans):
    client.force_login(make_editor(store))
    return client


def errors_of(response) -> str:
    return response.content.decode()


def test_editor_adds_a_product_with_variant_price_and_stock(editor_client, store, other_store):
    response = editor_client.post(reverse(ADD), product_data(publish=True, store=other_store.pk))
    assert response.status_code == 302, errors_of(response)[:3000]
    product = Product.objects.get(slug="kopi-robusta-kaleng")
    assert product.store == store  # the store is set for the editor; a tampered store id is ignored
    assert product.live
    variant_row = product.variants.get()
    assert variant_row.sku == "KOPI-250"
    assert variant_row.prices.get().amount == Decimal("25000")
    assert Stock.objects.get(store=store, sku="KOPI-250").quantity == 12


def test_duplicate_sku_in_the_same_product_is_refused(editor_client):
    response = editor_client.post(reverse(ADD), product_data(variants=[variant(), variant(stock="1")]))
    assert response.status_code == 200
    assert "dipakai dua kali" in errors_of(response)
    assert not Product.objects.exists()


def test_sku_of_another_product_of_the_same_store_is_refused(editor_client, store):
    make_product(store, "Kopi Lama", slug="kopi-lama", sku="KOPI-250")
    response = editor_client.post(reverse(ADD), product_data())
    assert response.status_code == 200
    assert "sudah dipakai produk" in errors_of(response) and "Kopi Lama" in errors_of(response)
    assert not Product.objects.filter(slug="kopi-robusta-kaleng").exists()


def test_sku_in_another_products_unpublished_draft_is_refused(editor_client, store):
    """A live product whose draft adds a variant keeps that SKU only in its latest revision until published."""
    live = make_product(store, "Kopi Lama", slug="kopi-lama", sku="KOPI-100")
    draft = Product.objects.get(pk=live.pk)
    draft.title = "Kopi Lama (ukuran baru)"
    draft.variants.add(Variant(sku="KOPI-250", name="250 g", weight_grams=250))
    draft.save_revision()  # a draft: the database rows still hold only KOPI-100
    assert not Variant.objects.filter(sku="KOPI-250").exists()

    response = editor_client.post(reverse(ADD), product_data())

    assert response.status_code == 200
    assert "sudah dipakai produk" in errors_of(response) and "Kopi Lama (ukuran baru)" in errors_of(response)
    assert not Product.objects.filter(slug="kopi-robusta-kaleng").exists()


def test_editing_a_draft_does_not_clash_with_its_own_skus(editor_client, store):
    live = make_product(store, "Kopi Lama", slug="kopi-lama", sku="KOPI-100")
    draft = Product.objects.get(pk=live.pk)
    draft.variants.add(Variant(sku="KOPI-250", name="250 g", weight_grams=250))
    draft.save_revision()
    edit = reverse("wagtailsnippets_catalog_product:edit", args=[live.pk])
    response = editor_client.post(
        edit, product_data(variants=[variant(sku="KOPI-100"), variant(sku="KOPI-250")], title="Kopi Lama", slug="kopi-lama")
    )
    assert response.status_code == 302, errors_of(response)[:3000]


def test_same_sku_in_another_store_is_fine(editor_client, other_store):
    make_product(other_store, "Kopi Tetangga", slug="kopi-tetangga", sku="KOPI-250")
    response = editor_client.post(reverse(ADD), product_data())
    assert response.status_code == 302, errors_of(response)[:3000]


def test_negative_stock_is_refused(editor_client):
    response = editor_client.post(reverse(ADD), product_data(variants=[variant(stock="-3")]))
    assert response.status_code == 200
    assert "Stok tidak boleh negatif" in errors_of(response)
    assert not Stock.objects.exists()


@pytest.mark.parametrize(
    "price, message",
    [("-1000", "tidak boleh negatif"), ("25000.50", "bilangan bulat"), ("sepuluh ribu", "")],
)
def test_bad_rupiah_prices_are_refused(editor_client, price, message):
    response = editor_client.post(reverse(ADD), product_data(variants=[variant(price=price)]))
    assert response.status_code == 200
    assert message in errors_of(response)
    assert not Product.objects.exists()


def test_a_variant_needs_at_least_one_price(editor_client):
    response = editor_client.post(reverse(ADD), product_data(variants=[variant(price="")]))
    assert response.status_code == 200
    assert "Isi harga paling tidak untuk satu kanal" in errors_of(response)


def test_compare_at_price_must_be_higher(editor_client):
    response = editor_client.post(reverse(ADD), product_data(variants=[variant(compare_indonesia="20000")]))
    assert response.status_code == 200
    assert "Harga coret harus lebih tinggi" in errors_of(response)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("halal_cert_no", "HALAL-123", "diawali &#x27;ID&#x27;"),
        ("pirt_number", "12345", "15 angka"),
        ("bpom_number", "MD 123", "MD atau ML diikuti 12 angka"),
    ],
)
def test_malformed_compliance_numbers_are_refused(editor_client, field, value, message):
    response = editor_client.post(reverse(ADD), product_data(**{field: value}))
    assert response.status_code == 200
    assert message in errors_of(response)
    assert not Product.objects.exists()


def test_food_product_cannot_be_published_without_a_compliance_number(editor_client):
    food = Category.objects.create(name="Kopi", slug="kopi", is_food=True)
    response = editor_client.post(reverse(ADD), product_data(publish=True, category=food.pk))
    assert response.status_code == 200
    assert "Produk pangan belum bisa diterbitkan" in errors_of(response)
    assert not Product.objects.exists()
    # Saving it as a draft is fine; publishing with a P-IRT number is fine too.
    assert editor_client.post(reverse(ADD), product_data(category=food.pk)).status_code == 302
    product = Product.objects.get()
    assert not product.live
    edit = reverse("wagtailsnippets_catalog_product:edit", args=[product.pk])
    data = product_data(publish=True, category=food.pk, pirt_number="2063507010123-28")
    data.update({"variants-0-id": str(product.variants.get().pk)})
    response = editor_client.post(edit, data)
    assert response.status_code == 302, errors_of(response)[:3000]
    product.refresh_from_db()
    assert product.live


def test_expired_halal_certificate_is_refused(editor_client):
    response = editor_client.post(
        reverse(ADD), product_data(halal_cert_no="ID35110000123450823", halal_valid_until="2020-01-01")
    )
    assert response.status_code == 200
    assert "sudah kedaluwarsa" in errors_of(response)


def test_publishing_an_old_revision_does_not_touch_stock(store):
    product = make_product(store, "Madu", slug="madu", sku="MADU-1", stock=5)
    old = product.save_revision()
    Stock.objects.filter(store=store, sku="MADU-1").update(quantity=2, quantity_allocated=1)  # orders took some
    old.publish()
    stock = Stock.objects.get(store=store, sku="MADU-1")
    assert (stock.quantity, stock.quantity_allocated) == (2, 1)
    assert Variant.objects.filter(product=product, sku="MADU-1").exists()


def test_stock_below_what_paid_orders_hold_is_refused(editor_client, store):
    product = make_product(store, "Sabun", slug="sabun", sku="SABUN-1", stock=10)
    Stock.objects.filter(store=store, sku="SABUN-1").update(quantity_allocated=4)
    edit = reverse("wagtailsnippets_catalog_product:edit", args=[product.pk])
    data = product_data(title="Sabun", slug="sabun", variants=[variant(sku="SABUN-1", stock="3")])
    data["variants-0-id"] = str(product.variants.get().pk)
    data["variants-INITIAL_FORMS"] = "1"
    response = editor_client.post(edit, data)
    assert response.status_code == 200
    assert "sudah dibayar pembeli" in errors_of(response)
    assert Stock.objects.get(store=store, sku="SABUN-1").quantity == 10



@pytest.mark.parametrize("gtin, message", [
    ("8991234567892", "(angka pemeriksa) tidak cocok"),  # 8991234567891 with a wrong last digit
    ("036000291453", "(angka pemeriksa) tidak cocok"),
    ("89912345678A1", "8, 12, 13 atau 14 angka saja"),
    ("12345", "8, 12, 13 atau 14 angka saja"),
])
def test_a_bad_gtin_is_refused_with_a_clear_message_and_nothing_saved(editor_client, gtin, message):
    """The editor's admin reads Indonesian: the message is the catalogue's translation."""
    response = editor_client.post(reverse(ADD), product_data(variants=[variant(gtin=gtin, mpn="")]))
    assert response.status_code == 200 and message in errors_of(response)
    assert not Product.objects.filter(slug="kopi-robusta-kaleng").exists() and not Variant.objects.exists()


@pytest.mark.parametrize("gtin", ["8991234567891", "036000291452", "96385074", "  5901234123457 "])
def test_gtin_and_mpn_are_saved_with_the_variant(editor_client, gtin):
    response = editor_client.post(reverse(ADD), product_data(variants=[variant(gtin=gtin, mpn="AN-NUR/RB-250")]))
    assert response.status_code == 302, errors_of(response)[:3000]
    saved = Variant.objects.get()
    assert (saved.gtin, saved.mpn) == (gtin.strip(), "AN-NUR/RB-250")


def test_the_gtin_messages_read_in_indonesian():
    for bad in ("8991234567892", "12345"):
        with translation.override("en"), pytest.raises(ValidationError) as english:
            validate_gtin(bad)
        with translation.override("id"), pytest.raises(ValidationError) as indonesian:
            validate_gtin(bad)
        assert "GTIN" in english.value.messages[0] and "angka" in indonesian.value.messages[0]
