"""Share cards: the picture shown when a product or storefront is shared, composed once per change from the photo,
name, price in the channel, store name and brand colour, and served at an address that changes with its content."""

import io
import re
from decimal import Decimal

import pytest
from PIL import Image

from catalog.models import ProductImage, VariantPrice
from cms import share_cards
from cms.models import StorefrontPage
from cms.tests.test_images_and_blocks import make_image
from tests.factories import make_product

pytestmark = pytest.mark.django_db

PHOTO_RED = (200, 30, 30)


def og_image(html: str) -> str:
    return re.search(r'<meta property="og:image" content="http://testserver([^"]+)"', html).group(1)


def picture(response) -> Image.Image:
    return Image.open(io.BytesIO(b"".join(response.streaming_content))).convert("RGB")


def close(pixel, colour, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


@pytest.fixture
def coffee(store):
    page = StorefrontPage.objects.get(store=store)
    page.primary_colour = "#1a4d8f"
    page.save_revision().publish()
    product = make_product(store, "Kopi Robusta Dampit", slug="kopi-robusta", price_idr=45000, price_myr="18.00")
    ProductImage.objects.create(product=product, image=make_image("kopi", colour=PHOTO_RED), alt_text="Kopi")
    return product


def test_a_product_page_links_a_card_with_its_photo_and_the_brand_colour(client, coffee):
    html = client.get("/kopi-an-nur/p/kopi-robusta/").content.decode()
    url = og_image(html)
    assert url.startswith(f"/share/p/{coffee.pk}/indonesia/og-")
    assert 'name="twitter:card" content="summary_large_image"' in html
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "immutable" in response["Cache-Control"] and "max-age=31536000" in response["Cache-Control"]
    card = picture(response)
    assert card.size == (1200, 630)
    assert close(card.getpixel((300, 300)), PHOTO_RED)  # the photo fills the left square
    assert close(card.getpixel((1190, 10)), (0x1A, 0x4D, 0x8F))  # the brand colour behind the text


def test_the_card_shows_the_price_so_a_price_change_links_a_new_card(client, coffee):
    old = og_image(client.get("/kopi-an-nur/p/kopi-robusta/").content.decode())
    price = VariantPrice.objects.get(variant__product=coffee, channel__slug="indonesia")
    price.amount = Decimal(47000)
    price.save()
    new = og_image(client.get("/kopi-an-nur/p/kopi-robusta/").content.decode())
    assert new != old
    stale = client.get(old)  # a chat app that kept the old address gets today's card, not cached for long
    assert stale.status_code == 200 and "immutable" not in stale["Cache-Control"]
    assert picture(stale).tobytes() == picture(client.get(new)).tobytes()


def test_each_channel_has_its_own_card(client, coffee):
    client.post("/channel/", {"channel": "international", "next": "/"}, HTTP_ORIGIN="http://testserver")
    url = og_image(client.get("/kopi-an-nur/p/kopi-robusta/").content.decode())
    assert url.startswith(f"/share/p/{coffee.pk}/international/og-")
    assert client.get(url).status_code == 200


def test_a_card_is_composed_once_per_change(client, coffee, monkeypatch):
    url = og_image(client.get("/kopi-an-nur/p/kopi-robusta/").content.decode())
    calls = []
    real = share_cards.compose
    monkeypatch.setattr(share_cards, "compose", lambda *a, **k: calls.append(1) or real(*a, **k))
    for _ in range(3):
        assert client.get(url).status_code == 200
    assert len(calls) == 1


def test_a_store_downloads_the_square_promo_image(client, coffee):
    url = og_image(client.get("/kopi-an-nur/p/kopi-robusta/").content.decode())
    square_url = url.replace("/og-", "/square-")
    response = client.get(square_url + "?download=1")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="kopi-robusta-square.jpg"')
    card = picture(response)
    assert card.size == (1080, 1080)
    assert close(card.getpixel((540, 300)), PHOTO_RED)


def test_a_product_without_a_photo_still_gets_a_card(client, store):
    make_product(store, "Teh Tanpa Foto", slug="teh")
    url = og_image(client.get("/kopi-an-nur/p/teh/").content.decode())
    assert picture(client.get(url)).size == (1200, 630)


@pytest.mark.parametrize("path", [
    "/share/p/{pk}/indonesia/huge-0123abcd.jpg",
    "/share/p/{pk}/mars/og-0123abcd.jpg",
    "/share/p/{draft}/indonesia/og-0123abcd.jpg",
    "/share/p/{no_myr}/international/og-0123abcd.jpg",
])
def test_unknown_sizes_channels_drafts_and_unpriced_products_answer_404(client, coffee, store, path):
    draft = make_product(store, "Draf", slug="draf", live=False)
    no_myr = make_product(store, "Hanya Rupiah", slug="hanya-rupiah", price_myr=None)
    assert client.get(path.format(pk=coffee.pk, draft=draft.pk, no_myr=no_myr.pk)).status_code == 404


def test_a_storefront_links_a_card_with_its_name(client, store):
    html = client.get("/kopi-an-nur/").content.decode()
    url = og_image(html)
    assert url.startswith("/share/s/")
    response = client.get(url)
    assert response.status_code == 200 and picture(response).size == (1200, 630)


def test_a_long_name_is_wrapped_within_the_card_and_cut_with_an_ellipsis():
    from PIL import ImageDraw

    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    font = share_cards._font(54, bold=True)
    title = "Kopi Robusta Dampit Kaleng Susu Gula Aren Khas Pesantren An Nur Jember Jawa Timur"
    lines = share_cards._wrapped(draw, title, font, 474, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(draw.textlength(line, font=font) <= 474 for line in lines)
    assert share_cards._wrapped(draw, "Madu", font, 474, 3) == ["Madu"]


def test_a_store_editor_finds_the_promo_image_in_the_product_list(client, coffee, store):
    from django.urls import reverse

    from tests.factories import make_editor

    client.force_login(make_editor(store))
    html = client.get(reverse("wagtailsnippets_catalog_product:list")).content.decode()
    url = f"/share/p/{coffee.pk}/indonesia/square-latest.jpg?download=1"
    assert url.replace("&", "&amp;") in html or url in html
    response = client.get(url)
    assert response.status_code == 200 and picture(response).size == (1080, 1080)
    assert "immutable" not in response["Cache-Control"]


LOGO_GREEN = (30, 160, 60)


def test_the_stores_logo_is_drawn_in_the_cards_corner(client, coffee, store):
    """The logo sits in a circle in the bottom-right corner (96 px at (1064, 494) on the 1200 x 630 card); without
    a logo that corner is the brand colour."""
    url = og_image(client.get("/kopi-an-nur/p/kopi-robusta/").content.decode())
    assert close(picture(client.get(url)).getpixel((1112, 542)), (0x1A, 0x4D, 0x8F))
    store.logo = make_image("logo", colour=LOGO_GREEN)
    store.save()
    url = og_image(client.get("/kopi-an-nur/p/kopi-robusta/").content.decode())
    card = picture(client.get(url))
    assert close(card.getpixel((1112, 542)), LOGO_GREEN)  # the circle's middle
    assert close(card.getpixel((1066, 496)), (0x1A, 0x4D, 0x8F))  # outside the circle, in the square's corner
