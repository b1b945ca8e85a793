"""Admin lists write amounts with the shop's one money formatter, in the row's currency (catalog.admin_columns)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from checkout.models import Voucher
from tests.factories import make_editor

from .utils import flat_rate

pytestmark = pytest.mark.django_db


def test_shipping_rates_and_vouchers_lists_show_formatted_amounts(client, store, chans):
    flat_rate(store, chans["indonesia"], Decimal("15000"))
    flat_rate(store, chans["international"], Decimal("30.5"), name="Pos Laju")
    Voucher.objects.create(
        store=store, channel=chans["indonesia"], code="HEMAT", kind="fixed", value=Decimal(5000)
    )
    Voucher.objects.create(
        store=store, channel=chans["indonesia"], code="DISKON", kind="percent", value=Decimal(10)
    )
    client.force_login(make_editor(store))
    with translation.override("id"):
        rates = client.get(reverse("wagtailsnippets_checkout_shippingrate:list"), HTTP_ACCEPT_LANGUAGE="id")
        vouchers = client.get(reverse("wagtailsnippets_checkout_voucher:list"), HTTP_ACCEPT_LANGUAGE="id")
    rates, vouchers = rates.content.decode().replace("\xa0", " "), vouchers.content.decode()
    assert "Rp15.000" in rates and "RM30,50" in rates and "15000,00" not in rates
    assert "Rp5.000" in vouchers and "10%" in vouchers
