"""The page cache invalidates what a change shows on, and nothing more (see cms.cache)."""

import io

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import PageViewRestriction

from catalog.models import Stock, VariantPrice
from checkout.services.orders import cancel_order, mark_checkout_paid
from checkout.tests.utils import cart_with, place, stock_of
from cms.cache import CACHE_HEADER, GENERATION_PREFIX
from cms.models import ContentPage, StorefrontPage
from tests.factories import CategoryFactory, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def kopi():
    return CategoryFactory(name="Kopi", slug="kopi")


@pytest.fixture
def batik():
    return CategoryFactory(name="Batik", slug="batik")


def cache_state(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response[CACHE_HEADER]


def warm(client, *urls):
    for url in urls:
        client.get(url)
        assert cache_state(client, url) == "hit", url


def test_a_stock_change_at_one_store_leaves_other_stores_pages_cached(client, store, other_store, kopi, batik):
    coffee = make_product(store, "Kopi Ijen", slug="kopi-ijen", category=kopi, stock=4)
    make_product(other_store, "Batik Tulis", slug="batik-tulis", category=batik)
    other_pages = ["/batik-al-hikam/", "/batik-al-hikam/p/batik-tulis/", "/batik-al-hikam/produk/"]
    warm(client, "/kopi-an-nur/", "/kopi-an-nur/p/kopi-ijen/", "/", *other_pages)

    stock = stock_of(coffee)
    stock.quantity = 0
    stock.save()

    for url in other_pages:
        assert cache_state(client, url) == "hit", url
    assert cache_state(client, "/") == "miss"  # the home lists products of every store
    page = client.get("/kopi-an-nur/p/kopi-ijen/")
    assert page[CACHE_HEADER] == "miss" and "Stok habis" in page.content.decode()
    assert cache_state(client, "/kopi-an-nur/") == "miss"


def test_a_price_change_reaches_other_stores_product_pages_of_the_same_category(client, store, other_store, kopi):
    mine = make_product(store, "Kopi Ijen", slug="kopi-ijen", category=kopi, price_idr=25000)
    make_product(other_store, "Kopi Jahe", slug="kopi-jahe", category=kopi, price_idr=40000)
    html = client.get("/batik-al-hikam/p/kopi-jahe/").content.decode()
    assert "Kopi Ijen" in html and "Rp25.000" in html  # a related-product card from the other store
    assert cache_state(client, "/batik-al-hikam/p/kopi-jahe/") == "hit"

    price = VariantPrice.objects.get(variant__product=mine, channel__slug="indonesia")
    price.amount = 31000
    price.save()

    response = client.get("/batik-al-hikam/p/kopi-jahe/")
    assert response[CACHE_HEADER] == "miss"
    assert "Rp31.000" in response.content.decode() and "Rp25.000" not in response.content.decode()


def test_moving_a_product_to_another_category_refreshes_both_categories_pages(client, store, other_store, kopi, batik):
    mine = make_product(store, "Kopi Ijen", slug="kopi-ijen", category=kopi)
    make_product(other_store, "Kopi Jahe", slug="kopi-jahe", category=kopi)
    assert "Kopi Ijen" in client.get("/batik-al-hikam/p/kopi-jahe/").content.decode()
    mine.category = batik
    mine.save()
    assert "Kopi Ijen" not in client.get("/batik-al-hikam/p/kopi-jahe/").content.decode()


def test_cancelling_a_paid_order_shows_the_units_again_at_once(client, store, chans, kopi):
    """Allocation and release are bulk updates (no post_save): the order services signal them instead."""
    coffee = make_product(store, "Kopi Ijen", slug="kopi-ijen", category=kopi, stock=1)
    idr = chans["indonesia"]
    checkout = place(cart_with(idr, (coffee, 1)), idr)
    mark_checkout_paid(checkout)
    assert "Stok habis" in client.get("/kopi-an-nur/p/kopi-ijen/").content.decode()
    assert cache_state(client, "/kopi-an-nur/p/kopi-ijen/") == "hit"

    cancel_order(checkout.orders.get(), reason="Pembeli membatalkan")

    assert stock_of(coffee).quantity_allocated == 0
    html = client.get("/kopi-an-nur/p/kopi-ijen/").content.decode()
    assert "Stok habis" not in html and "Sisa 1 lagi" in html


def test_a_lost_counter_never_revives_an_old_entry(client, store, kopi):
    """Counters start at a clock value: one that was evicted and re-created cannot match what entries remember."""
    coffee = make_product(store, "Kopi Ijen", slug="kopi-ijen", category=kopi, price_idr=25000)
    warm(client, "/kopi-an-nur/p/kopi-ijen/")
    for name in ("all", "catalog", f"store:{store.pk}", f"category:{kopi.pk}"):
        cache.delete(GENERATION_PREFIX + name)
    # A change that sends no signal at all (a bulk update by hand): only the lost counters can tell.
    VariantPrice.objects.filter(variant__product=coffee, channel__slug="indonesia").update(amount=27500)
    response = client.get("/kopi-an-nur/p/kopi-ijen/")
    assert response[CACHE_HEADER] == "miss" and "Rp27.500" in response.content.decode()


def _store_page(store, title, slug):
    storefront = StorefrontPage.objects.get(store=store)
    page = storefront.add_child(instance=ContentPage(title=title, slug=slug, body="<p>Untuk anggota koperasi.</p>"))
    page.save_revision().publish()
    return page


def test_a_password_page_is_never_cached_nor_served_before_its_check(client, store):
    page = _store_page(store, "Harga grosir", "grosir")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="santri")
    buyer = Client()
    form = buyer.get("/kopi-an-nur/grosir/")
    assert "Untuk anggota koperasi" not in form.content.decode()
    # A member types the password and sees the page...
    member = Client()
    url = f"/_util/authenticate_with_password/{page.get_view_restrictions().get().pk}/{page.pk}/"
    member.post(url, {"password": "santri", "return_url": "/kopi-an-nur/grosir/"})
    shown = member.get("/kopi-an-nur/grosir/")
    assert "Untuk anggota koperasi" in shown.content.decode() and CACHE_HEADER not in shown
    # ...which does not put it in the cache for everyone else.
    again = Client().get("/kopi-an-nur/grosir/")
    assert "Untuk anggota koperasi" not in again.content.decode() and CACHE_HEADER not in again


def test_restricting_a_cached_page_takes_effect_at_once(client, store):
    page = _store_page(store, "Harga grosir", "grosir")
    warm(client, "/kopi-an-nur/grosir/")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="santri")
    response = Client().get("/kopi-an-nur/grosir/")
    assert "Untuk anggota koperasi" not in response.content.decode() and CACHE_HEADER not in response


def test_publishing_a_store_content_page_leaves_other_stores_cached(client, store, other_store):
    page = _store_page(store, "Tentang kami", "tentang")
    warm(client, "/kopi-an-nur/", "/batik-al-hikam/", "/kopi-an-nur/tentang/")
    page.title = "Tentang pondok kami"
    page.save_revision().publish()
    assert cache_state(client, "/batik-al-hikam/") == "hit"
    response = client.get("/kopi-an-nur/tentang/")
    assert response[CACHE_HEADER] == "miss" and "Tentang pondok kami" in response.content.decode()


def test_a_stock_row_for_a_new_sku_still_refreshes_its_store(client, store, kopi):
    make_product(store, "Kopi Ijen", slug="kopi-ijen", category=kopi)
    warm(client, "/kopi-an-nur/")
    Stock.objects.create(store=store, sku="BELUM-ADA", quantity=3)
    assert cache_state(client, "/kopi-an-nur/") == "miss"


def test_a_scheduled_collection_appears_and_disappears_on_time_despite_the_cache(client, store, kopi):
    """Nothing is saved when a collection's go-live or expiry moment passes, so pages that show collections are
    cached only until the next such moment."""
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from catalog.models import FeaturedCollection, FeaturedCollectionItem

    coffee = make_product(store, "Kopi Ijen", slug="kopi-ijen", category=kopi)
    start = timezone.now()
    collection = FeaturedCollection.objects.create(
        title="Oleh-oleh Ramadan", slug="ramadan", go_live_at=start + timedelta(minutes=5),
        expire_at=start + timedelta(minutes=20),
    )
    FeaturedCollectionItem.objects.create(collection=collection, product=coffee, sort_order=0)
    assert "Oleh-oleh Ramadan" not in client.get("/").content.decode()
    assert cache_state(client, "/") == "hit"

    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        response = client.get("/")
        assert response[CACHE_HEADER] == "miss" and "Oleh-oleh Ramadan" in response.content.decode()
        assert cache_state(client, "/") == "hit"
    with time_machine.travel(start + timedelta(minutes=21), tick=False):
        assert "Oleh-oleh Ramadan" not in client.get("/").content.decode()


def test_a_change_while_a_product_page_renders_never_leaves_it_stale(client, store, other_store, kopi, monkeypatch):
    """The category counter is read before the related cards are: a price saved in between makes the new entry
    stale at once instead of being cached as current."""
    from catalog import selectors

    mine = make_product(store, "Kopi Ijen", slug="kopi-ijen", category=kopi, price_idr=25000)
    make_product(other_store, "Kopi Jahe", slug="kopi-jahe", category=kopi, price_idr=40000)
    real = selectors.product_detail

    def detail_then_an_editor_saves(request, **kwargs):
        detail = real(request, **kwargs)  # the related cards now hold Rp25.000
        price = VariantPrice.objects.get(variant__product=mine, channel__slug="indonesia")
        price.amount = 31000
        price.save()
        return detail

    monkeypatch.setattr(selectors, "product_detail", detail_then_an_editor_saves)
    assert "Rp25.000" in client.get("/batik-al-hikam/p/kopi-jahe/").content.decode()
    monkeypatch.setattr(selectors, "product_detail", real)

    response = client.get("/batik-al-hikam/p/kopi-jahe/")
    assert response[CACHE_HEADER] == "miss" and "Rp31.000" in response.content.decode()


def _photo(name, colour):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 64), colour).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _replace_file(image, name, colour):
    """What Wagtail's image edit form does when the editor picks another file: new file, old renditions deleted."""
    image.file = _photo(name, colour)
    image.renditions.all().delete()
    image.save()


def test_replacing_a_product_photo_refreshes_the_pages_that_show_it_and_no_others(client, store, other_store, kopi):
    """Wagtail deletes the photo's renditions when its file changes: a cached page would show missing images."""
    from catalog.models import ProductImage
    from cms.models import ShopImage

    coffee = make_product(store, "Kopi Ijen", slug="kopi-ijen", category=kopi)
    make_product(other_store, "Batik Tulis", slug="batik-tulis")
    photo = ShopImage.objects.create(title="kopi", file=_photo("kopi-gelap.jpg", "black"),
                                     collection_id=store.collection_id)
    ProductImage.objects.create(product=coffee, image=photo, alt_text="Kopi")
    other_pages = ["/batik-al-hikam/", "/batik-al-hikam/p/batik-tulis/"]
    warm(client, "/kopi-an-nur/p/kopi-ijen/", "/kopi-an-nur/", *other_pages)
    old = client.get("/kopi-an-nur/p/kopi-ijen/").content.decode()
    assert "kopi-gelap" in old

    ShopImage.objects.create(title="baru", file=_photo("baru.jpg", "white"), collection_id=store.collection_id)
    assert cache_state(client, "/kopi-an-nur/p/kopi-ijen/") == "hit"  # a new upload shows nowhere yet
    _replace_file(photo, "kopi-terang.jpg", "white")

    page = client.get("/kopi-an-nur/p/kopi-ijen/")
    html = page.content.decode()
    assert page[CACHE_HEADER] == "miss" and "kopi-terang" in html and "kopi-gelap" not in html
    assert cache_state(client, "/kopi-an-nur/") == "miss"
    for url in other_pages:
        assert cache_state(client, url) == "hit", url


def test_replacing_or_deleting_a_store_logo_refreshes_every_page(client, store, other_store):
    from cms.models import ShopImage

    make_product(other_store, "Batik Tulis", slug="batik-tulis")
    logo = ShopImage.objects.create(title="logo", file=_photo("logo.jpg", "green"), collection_id=store.collection_id)
    store.logo = logo
    store.save()
    warm(client, "/kopi-an-nur/", "/batik-al-hikam/p/batik-tulis/")
    _replace_file(logo, "logo-baru.jpg", "red")
    assert cache_state(client, "/kopi-an-nur/") == "miss"
    assert cache_state(client, "/batik-al-hikam/p/batik-tulis/") == "miss"

    warm(client, "/kopi-an-nur/")
    logo.delete()
    assert cache_state(client, "/kopi-an-nur/") == "miss"
