"""Voucher codes are unique per store: the admin's "already exists" can no longer confirm another store's codes.

Attack (issue 10, finding 3): the editor of store A types candidate codes into the voucher form; "already exists"
used to confirm that some store (any store) used the code in the channel.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from checkout.models import Voucher
from checkout.services.pricing import build_quote
from tests.factories import make_editor, make_product
from tests.i18n import shown

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_checkout_voucher:add"


def voucher_form(chans, code, **overrides):
    data = {"code": code, "channel": chans["indonesia"].pk, "kind": "fixed", "value": "5000", "min_spend": "0",
            "usage_limit": "", "starts_at": "", "ends_at": "", "is_active": "on"}
    data.update(overrides)
    return data


def voucher(store, chans, code, value=5000):
    return Voucher.objects.create(
        store=store, code=code, kind="fixed", value=Decimal(value), channel=chans["indonesia"],
        ends_at=timezone.now() + timedelta(days=30),
    )


def test_editor_may_use_a_code_another_store_already_uses_and_learns_nothing(client, store, other_store, chans):
    voucher(other_store, chans, "RAMADAN")
    client.force_login(make_editor(store))
    response = client.post(reverse(ADD), voucher_form(chans, "RAMADAN"))
    assert response.status_code == 302
    assert Voucher.objects.filter(store=store, code="RAMADAN").exists()


def test_duplicate_code_in_the_editors_own_store_is_a_form_error_in_any_case(client, store, chans):
    voucher(store, chans, "HEMAT10")
    client.force_login(make_editor(store))
    response = client.post(reverse(ADD), voucher_form(chans, "hemat10"))
    assert response.status_code == 200
    constraint = next(c for c in Voucher._meta.constraints if c.name == "voucher_unique_code_per_store")
    assert shown(constraint.violation_error_message) in response.content.decode()
    assert Voucher.objects.filter(store=store).count() == 1


def test_database_refuses_a_duplicate_code_within_one_store_only(store, other_store, chans):
    voucher(store, chans, "HEMAT10")
    voucher(other_store, chans, "HEMAT10")
    with pytest.raises(IntegrityError), transaction.atomic():
        voucher(store, chans, "Hemat10")


def test_checkout_applies_the_voucher_of_the_store_in_the_cart(store, other_store, chans):
    voucher(store, chans, "RAMADAN", value=1000)
    theirs = voucher(other_store, chans, "RAMADAN", value=3000)
    product = make_product(other_store, "Batik", price_idr=50000)
    variant = product.variants.select_related("product__store").first()
    quote = build_quote([(variant, 1)], chans["indonesia"], voucher_code="ramadan")
    assert quote.voucher == theirs
    assert quote.discount == Decimal(3000)
