import io

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage

from catalog.models import ProductImage
from cms.models import ShopImage, StorefrontPage
from tests.factories import CategoryFactory, make_product

pytestmark = pytest.mark.django_db


def make_image(title="Foto", colour=(120, 80, 40)):
    buf = io.BytesIO()
    PILImage.new("RGB", (800, 800), colour).save(buf, "JPEG")
    return ShopImage.objects.create(title=title, file=ImageFile(buf, name=f"{title}.jpg"))


def product_with_photo(store, i, category=None):
    product = make_product(store, f"Kopi {i}", slug=f"kopi-{i}", category=category)
    ProductImage.objects.create(product=product, image=make_image(f"kopi-{i}"), alt_text=f"Kaleng kopi {i}")
    return product


def test_product_page_gallery_uses_picture_with_avif_webp_jpeg_and_og_image(client, store):
    product_with_photo(store, 1)
    html = client.get("/kopi-an-nur/p/kopi-1/").content.decode()
    assert "<picture>" in html
    assert 'type="image/avif"' in html and 'type="image/webp"' in html
    assert "srcset=" in html and 'alt="Kaleng kopi 1"' in html
    assert 'property="og:image" content="http://testserver/share/p/' in html  # the share card (cms.share_cards)
    assert 'name="twitter:card" content="summary_large_image"' in html


@pytest.mark.parametrize("url", ["/kopi-an-nur/", "/kopi-an-nur/produk/", "/search/?q=kopi", "/kopi-an-nur/p/kopi-0/"])
def test_listing_with_photos_runs_fixed_queries(client, settings, store, url):
    settings.OPOP_PAGE_CACHE_SECONDS = 0
    counts = []
    made = 0
    for target in (3, 9):
        while made < target:
            product_with_photo(store, made)
            made += 1
        client.get(url)  # first render creates the renditions
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_storefront_blocks_render_products_certificates_and_whatsapp(client, store, other_store):
    kopi = CategoryFactory(name="Kopi", slug="kopi")
    mine = make_product(store, "Kopi Ijen", slug="ijen", category=kopi, pirt_number="206350701012328")
    theirs = make_product(other_store, "Batik Milik Toko Lain", slug="batik")
    page = StorefrontPage.objects.get(store=store)
    page.body = [
        ("hero", {"heading": "Selamat datang di kebun kami", "text": "", "button_label": "", "button_link": ""}),
        ("product_grid", {"heading": "Pilihan santri", "source": "picked", "products": [theirs, mine], "limit": 8}),
        ("product_grid", {"heading": "Kopi kami", "source": "category", "category": "kopi", "limit": 4}),
        ("certificates", {"heading": "Izin edar"}),
        ("whatsapp", {"heading": "Pesan grosir", "text": "", "button_label": "Chat", "message": "Halo"}),
        ("faq", {"heading": "FAQ", "items": [{"question": "Kirim ke luar Jawa?", "answer": "<p>Bisa.</p>"}]}),
    ]
    page.save_revision().publish()
    html = client.get("/kopi-an-nur/").content.decode()
    assert "Selamat datang di kebun kami" in html
    assert "Pilihan santri" in html and "Kopi Ijen" in html
    assert "Batik Milik Toko Lain" not in html  # hand-picked products of another store are never shown
    assert "P-IRT 206350701012328" in html
    assert "https://wa.me/6281234567890?text=Halo" in html
    assert "<summary>Kirim ke luar Jawa?</summary>" in html


def test_home_store_directory_with_logos_runs_fixed_queries(client, settings, chans):
    from tests.factories import make_store

    settings.OPOP_PAGE_CACHE_SECONDS = 0
    counts = []
    for batch in (range(2), range(2, 6)):
        for i in batch:
            store = make_store(f"Pondok {i}", slug=f"pondok-{i}")
            page = StorefrontPage.objects.get(store=store)
            page.logo = make_image(f"logo-{i}")
            page.save_revision().publish()
        client.get("/")
        with CaptureQueriesContext(connection) as ctx:
            html = client.get("/").content.decode()
        counts.append(len(ctx.captured_queries))
    assert "Pondok 5" in html
    assert counts[0] == counts[1], counts


def test_warm_renditions_creates_what_the_listing_needs(client, store):
    from django.core.management import call_command

    from catalog.selectors import CARD_FILTERS

    product_with_photo(store, 1)
    call_command("warm_renditions")
    image = ProductImage.objects.get().image
    assert set(CARD_FILTERS) <= set(image.renditions.values_list("filter_spec", flat=True))
