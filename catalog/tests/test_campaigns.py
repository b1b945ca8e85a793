"""Campaign links in the admin: codes made from odd names (or refused with a reason), the QR code (the right
address encoded, as SVG and PNG), and each store seeing only its own campaigns."""

import io

import pytest
import segno
from django.test import Client
from PIL import Image

from catalog.campaign_admin import CampaignAdminForm
from catalog.campaign_qr import BORDER, PNG_SCALE, make_qr, qr_png, qr_svg
from catalog.models import Campaign
from catalog.services.campaigns import CampaignError, check_code, code_from_name, free_code, is_robot
from tests.factories import make_editor, make_product

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/catalog/campaign/add/"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Promo Ramadan", "promo-ramadan"),
        ("Promo Ramadan 🌙 #1!!", "promo-ramadan-1"),
        ("  Kopi   Ijen — Édition spéciale  ", "kopi-ijen-edition-speciale"),
        ("<script>alert(1)</script>", "scriptalert1script"),
        ("flyer_pasar_minggu", "flyer-pasar-minggu"),
        ("x" * 100, "x" * 40),
    ],
)
def test_odd_names_are_slugged_into_a_link_code(name, code):
    assert code_from_name(name) == code


@pytest.mark.parametrize("name", ["🌙✨🎉", "!!!", "رمضان كريم", "ab"])
def test_a_name_that_leaves_nothing_for_a_link_is_refused_with_its_reason(name):
    with pytest.raises(CampaignError, match="huruf Latin atau angka"):
        code_from_name(name)


@pytest.mark.parametrize("code", ["Promo Ramadan", "promo--ramadan", "-promo", "ab", "promo_ramadan", "a" * 41])
def test_a_malformed_typed_code_is_refused(code):
    with pytest.raises(CampaignError, match="huruf Latin, angka dan satu tanda hubung"):
        check_code(code)


def test_a_taken_code_is_refused_when_typed_and_numbered_when_made_from_the_name(store, other_store):
    Campaign.objects.create(store=other_store, name="Promo", source="whatsapp", code="promo")
    with pytest.raises(CampaignError, match="sudah dipakai"):
        check_code("PROMO")
    assert free_code("promo") == "promo-2"
    Campaign.objects.create(store=store, name="Promo", source="whatsapp", code="promo-2")
    assert free_code("promo") == "promo-3"


def test_link_preview_fetchers_are_robots_and_phones_are_not():
    assert is_robot("WhatsApp/2.23.20.0 A")
    assert is_robot("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)")
    assert is_robot("")
    assert not is_robot("Mozilla/5.0 (Linux; Android 13; SM-A146P) AppleWebKit/537.36 Chrome/120 Mobile Safari")


# --- QR code ----------------------------------------------------------------------------------------------------

URL = "https://opop.example/c/promo-ramadan/"


def _modules_from_png(png: bytes) -> list[list[bool]]:
    """Read the PNG back module by module (the centre pixel of each PNG_SCALE square): True = dark."""
    image = Image.open(io.BytesIO(png)).convert("L")
    size = image.width // PNG_SCALE
    assert image.width == image.height == size * PNG_SCALE
    return [
        [image.getpixel((x * PNG_SCALE + PNG_SCALE // 2, y * PNG_SCALE + PNG_SCALE // 2)) < 128 for x in range(size)]
        for y in range(size)
    ]


def test_the_png_holds_exactly_segnos_encoding_of_the_link():
    expected = segno.make(URL, error="m", boost_error=False)
    modules = _modules_from_png(qr_png(URL))
    width = expected.symbol_size(scale=1, border=BORDER)[0]
    assert len(modules) == width
    inner = [row[BORDER:-BORDER] for row in modules[BORDER:-BORDER]]
    assert inner == [[bool(v) for v in row] for row in expected.matrix]
    assert not any(modules[0]) and not any(row[0] for row in modules)  # quiet zone is white
    other = segno.make(URL.replace("ramadan", "lebaran"), error="m", boost_error=False)
    assert inner != [[bool(v) for v in row] for row in other.matrix]


def test_the_svg_draws_the_same_code_on_white():
    svg = qr_svg(URL, title="QR")
    assert svg.startswith("<svg") and "<title>QR</title>" in svg and 'fill="#fff"' in svg
    assert make_qr(URL).designator == segno.make(URL, error="m", boost_error=False).designator
    assert "<script" not in svg and "style=" not in svg


# --- the admin --------------------------------------------------------------------------------------------------


def _post(client, **data):
    payload = {"name": "", "source": "whatsapp", "code": "", "product": "", "is_active": "on"}
    payload.update(data)
    return client.post(ADD_URL, payload)


def test_editor_makes_a_campaign_from_an_odd_name_and_sees_its_link_and_qr_code(client, store):
    client.force_login(make_editor(store))
    response = _post(client, name="Promo Ramadan 🌙 #1!!", source="instagram")
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/campaign/edit/{campaign.pk}/")
    assert (campaign.store, campaign.code, campaign.name) == (store, "promo-ramadan-1", "Promo Ramadan 🌙 #1!!")
    page = client.get(response["Location"]).content.decode()
    assert "http://testserver/c/promo-ramadan-1/" in page and "<svg" in page
    png = client.get(f"/admin/snippets/catalog/campaign/{campaign.pk}/qr.png")
    assert png["Content-Type"] == "image/png" and "qr-promo-ramadan-1.png" in png["Content-Disposition"]
    expected = segno.make("http://testserver/c/promo-ramadan-1/", error="m", boost_error=False)
    assert [row[BORDER:-BORDER] for row in _modules_from_png(png.content)[BORDER:-BORDER]] == [
        [bool(v) for v in row] for row in expected.matrix
    ]


def test_an_emoji_only_name_is_refused_in_indonesian_and_nothing_is_created(client, store):
    client.force_login(make_editor(store))
    response = _post(client, name="🌙✨🎉")
    assert response.status_code == 200
    assert "huruf Latin atau angka" in response.content.decode()
    assert not Campaign.objects.exists()


def test_the_code_cannot_change_once_made(client, store):
    client.force_login(make_editor(store))
    campaign = Campaign.objects.create(store=store, name="Flyer pasar", source="flyer", code="flyer-pasar")
    client.post(f"/admin/snippets/catalog/campaign/edit/{campaign.pk}/",
                {"name": "Flyer pasar minggu", "source": "flyer", "code": "lain", "product": "", "is_active": "on"})
    campaign.refresh_from_db()
    assert (campaign.name, campaign.code) == ("Flyer pasar minggu", "flyer-pasar")


def test_a_product_of_another_store_cannot_be_the_landing(client, store, other_store):
    client.force_login(make_editor(store))
    theirs = make_product(other_store, "Batik", slug="batik")
    response = _post(client, name="Promo batik", product=theirs.pk)
    assert response.status_code == 200 and not Campaign.objects.exists()


def test_an_editor_sees_only_their_stores_campaigns(client, store, other_store):
    Campaign.objects.create(store=store, name="Kampanye ZQA", source="whatsapp", code="zqa")
    theirs = Campaign.objects.create(store=other_store, name="Kampanye ZQB", source="tiktok", code="zqb")
    client.force_login(make_editor(store))
    listing = client.get("/admin/snippets/catalog/campaign/").content.decode()
    assert "Kampanye ZQA" in listing and "Kampanye ZQB" not in listing
    assert client.get(f"/admin/snippets/catalog/campaign/{theirs.pk}/qr.png").status_code == 404
    assert client.get(f"/admin/snippets/catalog/campaign/edit/{theirs.pk}/").status_code in (302, 403, 404)
    assert Client().get(f"/admin/snippets/catalog/campaign/{theirs.pk}/qr.png").status_code == 302  # login


def test_a_code_taken_between_check_and_save_gets_the_next_number(store, other_store):
    meta = type("Meta", (), {"model": Campaign, "fields": ["store", "name", "source", "code", "product", "is_active"]})
    form_class = type("CampaignForm", (CampaignAdminForm,), {"Meta": meta})
    form = form_class(
        {"name": "Promo Ramadan", "source": "whatsapp", "code": "", "product": "", "is_active": "on"},
        instance=Campaign(store=store), for_user=make_editor(store),
    )
    assert form.is_valid(), form.errors
    Campaign.objects.create(store=other_store, name="Promo Ramadan", source="tiktok", code="promo-ramadan")
    saved = form.save()
    assert (saved.store, saved.code) == (store, "promo-ramadan-2")
