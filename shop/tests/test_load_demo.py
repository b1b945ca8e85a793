"""load_demo: the demo marketplace is complete, varied, idempotent and refuses production."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from PIL import Image

from catalog.models import FeaturedCollection, Product, ProductImage, Stock, Store, Variant, VariantPrice
from catalog.validators import validate_bpom_number, validate_halal_number, validate_pirt_number
from checkout.models import Review, ShippingRate
from cms.models import ShopImage, StorefrontPage
from shop.demo import photos

ROOT = Path(__file__).resolve().parents[2]


def _load(*args):
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def _counts():
    User = get_user_model()
    return {
        "stores": Store.objects.count(),
        "pages": StorefrontPage.objects.count(),
        "products": Product.objects.count(),
        "variants": Variant.objects.count(),
        "prices": VariantPrice.objects.count(),
        "stock": Stock.objects.count(),
        "images": ShopImage.objects.count(),
        "product_images": ProductImage.objects.count(),
        "users": User.objects.count(),
        "shipping": ShippingRate.objects.count(),
        "collections": FeaturedCollection.objects.count(),
        "reviews": Review.objects.count(),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The full curated demo, loaded once for this module (drawing ~150 photos takes a few seconds)."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()  # each test below runs in a savepoint inside this; the demo is rolled back at the end
        try:
            yield _load()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.django_db
def test_demo_has_at_least_twelve_stores_each_with_a_published_storefront(demo):
    stores = list(Store.objects.all())
    assert len(stores) >= 12
    for store in stores:
        page = StorefrontPage.objects.get(store=store)
        assert page.live and page.url_path.endswith(f"/{store.slug}/")


@pytest.mark.django_db
def test_every_store_has_six_to_twelve_live_products_with_variants_stock_and_two_currencies(demo):
    for store in Store.objects.all():
        products = Product.objects.filter(store=store)
        assert 6 <= products.count() <= 12, store.slug
        for product in products:
            assert product.live and product.live_revision_id, product
            variants = list(product.variants.all())
            assert variants
            for variant in variants:
                currencies = {p.channel.currency for p in variant.prices.all()}
                assert currencies == {"IDR", "MYR"}
                assert variant.option_values.exists()
                assert Stock.objects.filter(store=store, sku=variant.sku).exists()


@pytest.mark.django_db
def test_rupiah_prices_are_whole_numbers(demo):
    for price in VariantPrice.objects.filter(channel__currency="IDR"):
        assert price.amount == price.amount.to_integral_value() and price.amount > 0


@pytest.mark.django_db
def test_products_that_need_a_licence_have_valid_compliance_numbers(demo):
    needing = [p for p in Product.objects.select_related("product_type", "category") if p.needs_compliance]
    assert needing
    for product in needing:
        assert product.has_compliance_number, product
        validate_halal_number(product.halal_cert_no)
        validate_pirt_number(product.pirt_number)
        validate_bpom_number(product.bpom_number)
    assert Product.objects.exclude(bpom_number="").exists()
    assert Product.objects.exclude(pirt_number="").exists()


@pytest.mark.django_db
def test_product_photos_are_store_images_with_alt_text_in_the_store_collection(demo):
    for pi in ProductImage.objects.select_related("image", "product__store"):
        assert pi.alt_text and pi.image.alt_text
        assert pi.image.collection_id == pi.product.store.collection_id
    assert Product.objects.filter(images__isnull=True).count() == 0


@pytest.mark.django_db
def test_demo_catalog_spans_the_promised_kinds_of_goods(demo):
    kinds = set(Product.objects.values_list("product_type__slug", flat=True))
    assert {"kopi-kaleng", "batik", "sarung", "madu", "sabun", "camilan", "kurma", "sajadah"} <= kinds


@pytest.mark.django_db
def test_demo_users_can_log_in_with_the_demo_password(demo, client):
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="kurator").groups.filter(name="Kurator marketplace").exists()
    for store in Store.objects.all():
        editor = User.objects.get(username=f"editor-{store.slug}")
        assert editor.groups.filter(pk=store.editors_group_id).exists()
        assert not editor.is_superuser
    # Through the sign-in page: django-axes refuses client.login(), which authenticates without a request.
    client.post("/admin/login/", {"username": "editor-kopi-nurul-ijen", "password": "opop-demo-2026"})
    assert "_auth_user_id" in client.session
    assert "editor-kopi-nurul-ijen" in demo  # logins are printed


@pytest.mark.django_db
def test_every_store_ships_in_both_channels(demo):
    for store in Store.objects.all():
        currencies = set(ShippingRate.objects.filter(store=store).values_list("channel__currency", flat=True))
        assert currencies == {"IDR", "MYR"}


@pytest.mark.django_db
def test_featured_collections_pick_products_from_several_stores(demo):
    for collection in FeaturedCollection.objects.all():
        stores = {item.product.store_id for item in collection.items.all()}
        assert len(stores) >= 3


@pytest.mark.django_db
def test_storefronts_do_not_all_look_the_same(demo):
    page_model_fields = {f.name for f in StorefrontPage._meta.get_fields()}
    if "theme" not in page_model_fields:
        pytest.skip("storefront pages have no theme field yet")
    looks = {(p.theme, p.primary_colour) for p in StorefrontPage.objects.all()}
    assert len({t for t, _ in looks}) >= 3
    assert len(looks) >= 10


@pytest.mark.django_db
def test_running_load_demo_twice_duplicates_nothing(demo):
    before = _counts()
    _load()
    assert _counts() == before


@pytest.mark.django_db
def test_some_demo_products_have_reviews_from_delivered_orders(demo, client):
    reviews = list(Review.objects.select_related("order_line__order", "product__store"))
    assert len(reviews) >= 4 and len({r.store_id for r in reviews}) == 3
    assert all(r.order_line.order.status == "delivered" for r in reviews)
    assert any(r.reply for r in reviews)
    product = reviews[0].product
    html = client.get(f"/{product.store.slug}/p/{product.slug}/").content.decode()
    assert "Ulasan pembeli" in html and '"aggregateRating"' in html


@pytest.mark.django_db
def test_search_finds_demo_products(demo):
    from wagtail.search.backends import get_search_backend

    results = list(get_search_backend().search("madu", Product.objects.filter(live=True)))
    assert results and all("Madu" in p.title or "madu" in (p.summary + p.description).lower() for p in results[:5])


def test_photos_are_distinct_recognisable_drawings_not_blank_squares():
    seen = set()
    for kind in photos.DRAWINGS:
        data = photos.draw(kind, "Uji Foto", 1)
        image = Image.open(io.BytesIO(data))
        assert image.size == (800, 800) and image.format == "JPEG"
        colours = image.convert("RGB").resize((64, 64)).getcolors(64 * 64)
        assert colours is not None and len(colours) > 40, kind  # plenty of distinct colours: a drawing
        seen.add(data)
    assert len(seen) == len(photos.DRAWINGS)
    assert photos.draw("honey", "Madu", 1) == photos.draw("honey", "Madu", 1)  # deterministic


def test_load_demo_refuses_production_settings_with_one_line_and_non_zero_exit():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "shop.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "opop.example",
        "OPOP_VAR_DIR": "/tmp/opop-refuse-test",
    }
    proc = subprocess.run(
        [sys.executable, "manage.py", "load_demo"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode != 0
    # Other apps may print import-time deprecation warnings; the command's own output is one line, no traceback.
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("CommandError")]
    assert len(errors) == 1 and "production" in errors[0], proc.stderr
