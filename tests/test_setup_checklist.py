"""The seller home's setup checklist (issue 13.6): it ticks itself as the store fills in, across the apps that own
each item (catalog: logo, products with photos; cms: brand colours; checkout: shipping rates; checkout.payouts: an approved
payout account), and
it is gone once everything is done."""

from decimal import Decimal

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from catalog.models import ProductImage
from catalog.setup_checklist import checklist
from checkout.models import ShippingRate
from checkout.payouts.services import accounts
from tests.factories import make_curator, make_editor, make_product

pytestmark = pytest.mark.django_db


def _done(store) -> dict[str, bool]:
    return {item.key: item.done for item in checklist(store)}


def _photo(store, title="Foto"):
    return get_image_model().objects.create(
        title=title, file=get_test_image_file(), collection=store.collection, alt_text=title
    )


def _panel(client):
    body = client.get("/admin/").content.decode()
    start = body.find('id="opop-setup-checklist-')
    return body[start:start + 4000] if start >= 0 else ""


def test_a_new_store_has_every_item_to_do(store):
    assert _done(store) == {"logo": False, "brand": False, "products": False, "shipping": False, "payout": False}
    assert [item.key for item in checklist(store)] == ["logo", "brand", "products", "shipping", "payout"]


def test_the_checklist_ticks_itself_as_the_store_fills_in(client, store, chans):
    editor = make_editor(store)
    client.force_login(editor)
    panel = _panel(client)
    assert "0 dari 5 selesai" in panel and "Unggah logo toko" in panel

    store.logo = _photo(store, "Logo")
    store.save()
    for n in range(4):
        product = make_product(store, f"Kopi {n}", slug=f"kopi-{n}")
        ProductImage.objects.create(product=product, image=_photo(store), alt_text="kopi")
    make_product(store, "Tanpa foto", slug="tanpa-foto")
    assert _done(store)["logo"] and not _done(store)["products"]
    assert "(4/5)" in _panel(client)

    product = make_product(store, "Kopi 5", slug="kopi-5")
    ProductImage.objects.create(product=product, image=_photo(store), alt_text="kopi")
    ShippingRate.objects.create(store=store, channel=chans["indonesia"], name="JNE REG", price=Decimal("15000"))
    page = store.storefront
    page.primary_colour = "#14532d"
    page.save_revision().publish()
    assert _done(store) == {"logo": True, "brand": True, "products": True, "shipping": True, "payout": False}
    assert "4 dari 5 selesai" in _panel(client)

    change = accounts.submit_change(
        store, {"bank_code": "bsm", "bank_name": "BSI", "account_number": "7123456789", "holder_name": "Koperasi"},
        user=None,
    )
    assert not _done(store)["payout"] and "menunggu persetujuan" in _panel(client)
    accounts.approve_change(change, user=make_curator("admin-bank"))
    assert _done(store)["payout"]
    assert _panel(client) == "", "a complete checklist is not shown"


def test_an_inactive_shipping_rate_does_not_count(store, chans):
    ShippingRate.objects.create(
        store=store, channel=chans["indonesia"], name="JNE REG", price=Decimal("15000"), is_active=False
    )
    assert not _done(store)["shipping"]


def test_the_checklist_counts_only_the_stores_own_rows(store, other_store, chans):
    ShippingRate.objects.create(store=other_store, channel=chans["indonesia"], name="JNE", price=Decimal("1"))
    for n in range(5):
        product = make_product(other_store, f"Batik {n}", slug=f"batik-{n}")
        ProductImage.objects.create(product=product, image=_photo(other_store), alt_text="batik")
    assert not _done(store)["shipping"] and not _done(store)["products"]


def test_curators_see_no_checklist(client, store):
    client.force_login(make_curator())
    assert _panel(client) == ""
