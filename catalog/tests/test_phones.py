"""One phone parser (``catalog.phones``): WhatsApp refuses landlines, a buyer's phone takes mobile and landline."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from catalog.models import Store
from catalog.phones import WHATSAPP_LANDLINE, WHATSAPP_NOT_RECOGNISED, normalise_phone, normalise_whatsapp
from tests.factories import UserFactory
from tests.i18n import shown

from .test_store_admin import store_form

SURABAYA_LANDLINE = "031-5678901"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("62812-3456-7890", "+6281234567890"),
        ("+60 12-345 6789", "+60123456789"),
    ],
)
def test_whatsapp_takes_mobile_numbers(raw, expected):
    assert normalise_whatsapp(raw) == expected


@pytest.mark.parametrize("raw", [SURABAYA_LANDLINE, "(021) 555-1234", "+62 361 123456"])
def test_whatsapp_refuses_a_landline_with_its_own_message(raw):
    with pytest.raises(ValidationError) as refused:
        normalise_whatsapp(raw)
    assert refused.value.code == "landline"
    assert refused.value.messages == [str(WHATSAPP_LANDLINE)]


@pytest.mark.parametrize("raw", ["12", "", "bukan nomor", "0812"])
def test_whatsapp_refuses_what_is_not_a_number(raw):
    with pytest.raises(ValidationError) as refused:
        normalise_whatsapp(raw)
    assert refused.value.code == "invalid"


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("0812-3456-7890", "ID", "+6281234567890"),
        (SURABAYA_LANDLINE, "ID", "+62315678901"),  # a buyer may give a landline
        ("+60 12-345 6789", "ID", "+60123456789"),
        ("+60 12-345 6789", "MY", "+60123456789"),  # the International channel (Malaysia)
        ("012-345 6789", "MY", "+60123456789"),  # read in the channel's country
        ("03-2161 2345", "MY", "+60321612345"),
    ],
)
def test_buyer_phone_takes_mobile_landline_and_international_numbers(raw, region, expected):
    assert normalise_phone(raw, region) == expected


def test_buyer_phone_refuses_nonsense():
    with pytest.raises(ValidationError) as refused:
        normalise_phone("12", "ID")
    assert refused.value.code == "invalid"


@pytest.mark.django_db
def test_store_form_refuses_a_surabaya_landline_as_whatsapp(client, home, chans):
    client.force_login(UserFactory(is_superuser=True))
    response = client.post(
        reverse("wagtailsnippets_catalog_store:add"), store_form(whatsapp=SURABAYA_LANDLINE)
    )
    assert response.status_code == 200
    assert shown(WHATSAPP_LANDLINE) in response.content.decode()
    assert shown(WHATSAPP_NOT_RECOGNISED) not in response.content.decode()
    assert not Store.objects.filter(slug="madu-sidogiri").exists()


@pytest.mark.django_db
def test_store_model_refuses_a_landline_when_cleaned(store):
    store.whatsapp = SURABAYA_LANDLINE
    with pytest.raises(ValidationError):
        store.full_clean()
