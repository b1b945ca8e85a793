"""Money in the admin: always with its currency, Indonesian separators for an Indonesian editor, rupiah without
",00" (issue 13.7). One formatter, ``catalog.admin_money.format_admin_money``, behind every column and export."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from catalog.admin_money import WholeAmountInput, format_admin_money
from checkout.models import Checkout, Order, ShippingRate, Voucher
from tests.factories import make_editor, make_product


@pytest.mark.parametrize(
    ("amount", "currency", "language", "shown"),
    [
        (Decimal("134325.00"), "IDR", "id", "Rp134.325"),
        (Decimal("146.10"), "MYR", "id", "RM146,10"),
        (Decimal("1234567.5"), "MYR", "id", "RM1.234.567,50"),
        (Decimal("0"), "IDR", "id", "Rp0"),
        (Decimal("-5000"), "IDR", "id", "-Rp5.000"),
        (Decimal("134325.00"), "IDR", "en", "Rp134,325"),  # the shop's one format: English separators
        (Decimal("146.10"), "MYR", "en", "RM146.10"),
        (None, "IDR", "id", ""),
    ],
)
def test_admin_money_has_its_currency_and_the_editors_separators(amount, currency, language, shown):
    with translation.override(language):
        assert format_admin_money(amount, currency) == shown


def test_amount_inputs_drop_the_cents_of_whole_amounts_only():
    widget = WholeAmountInput()
    assert widget.format_value(Decimal("25000.00")) == "25000"
    assert widget.format_value(Decimal("9.50")) == "9.50"


def _order(store, chans, number, currency, total):
    channel = chans["indonesia" if currency == "IDR" else "international"]
    checkout = Checkout.objects.create(
        idempotency_key=f"money-{number}",
        channel=channel,
        currency=currency,
        email="b@example.id",
        phone="+6281234567890",
        recipient_name="Pembeli",
        street_address="Jl. Pesantren 1",
        terms_version="t",
        consented_at=timezone.now(),
    )
    return Order.objects.create(
        store=store, checkout=checkout, number=number, currency=currency, subtotal=total, total=total
    )


@pytest.fixture
def priced(store, chans):
    _order(store, chans, "OP-IDR1-0001", "IDR", Decimal("134325"))
    _order(store, chans, "OP-MYR1-0001", "MYR", Decimal("146.10"))
    ShippingRate.objects.create(
        store=store, channel=chans["international"], name="Pos Laju", price=Decimal("30")
    )
    Voucher.objects.create(
        store=store,
        code="HEMAT",
        kind="fixed",
        value=Decimal("5000"),
        min_spend=Decimal(50000),
        channel=chans["indonesia"],
        ends_at=timezone.now(),
    )
    Voucher.objects.create(
        store=store,
        code="PERSEN",
        kind="percent",
        value=Decimal("10"),
        channel=chans["international"],
        ends_at=timezone.now(),
    )
    return make_editor(store)


@pytest.mark.django_db
def test_order_list_and_export_show_each_total_with_its_currency(client, priced):
    client.force_login(priced)
    listing = client.get(reverse("wagtailsnippets_checkout_order:list")).content.decode()
    assert "Rp134.325" in listing and "RM146,10" in listing
    assert "134325,00" not in listing and "146,10<" not in listing.replace("RM146,10", "")
    export = client.get(reverse("wagtailsnippets_checkout_order:list") + "?export=csv")
    csv = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    assert "Rp134.325" in csv and "RM146,10" in csv and "MYR" in csv


@pytest.mark.django_db
def test_an_english_editor_reads_english_separators(client, priced):
    profile = UserProfile.get_for_user(priced)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(priced)
    listing = client.get(reverse("wagtailsnippets_checkout_order:list")).content.decode()
    assert "Rp134,325" in listing and "RM146.10" in listing


@pytest.mark.django_db
def test_shipping_rate_and_voucher_lists_show_money_and_percentages(client, priced):
    client.force_login(priced)
    rates = client.get(reverse("wagtailsnippets_checkout_shippingrate:list")).content.decode()
    assert "RM30,00" in rates
    vouchers = client.get(reverse("wagtailsnippets_checkout_voucher:list")).content.decode()
    assert "Rp5.000" in vouchers and "Rp50.000" in vouchers and "10%" in vouchers


@pytest.mark.django_db
def test_product_form_shows_rupiah_prices_without_cents(client, store, chans):
    product = make_product(store, "Kopi", price_idr=45000, price_myr="18.50")
    client.force_login(make_editor(store))
    form = client.get(reverse("wagtailsnippets_catalog_product:edit", args=[product.pk])).content.decode()
    assert 'value="45000"' in form and 'value="18.50"' in form
    assert 'value="45000.00"' not in form
