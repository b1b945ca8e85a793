import pytest
from django.core.exceptions import ValidationError

from catalog.models import Product
from tests.factories import make_product, make_store


@pytest.mark.django_db
def test_creating_a_store_creates_group_collection_and_storefront_page(chans):
    store = make_store("Madu Sidogiri", slug="madu-sidogiri", whatsapp="0812 3456 7890")
    assert store.whatsapp == "+6281234567890"
    assert store.editors_group.name == "Editor toko: madu-sidogiri"
    assert store.collection.name == "Madu Sidogiri"
    assert store.storefront.live and store.storefront.url_path.endswith("/madu-sidogiri/")
    assert store.editors_group.permissions.filter(codename="publish_product").exists()


@pytest.mark.django_db
def test_a_bad_whatsapp_number_creates_nothing(chans):
    with pytest.raises(ValidationError):
        make_store("Salah Nomor", whatsapp="12")
    from catalog.models import Store

    assert not Store.objects.filter(name="Salah Nomor").exists()


@pytest.mark.django_db
def test_deactivated_store_products_are_not_live(store):
    product = make_product(store, "Kopi Robusta", slug="kopi-robusta")
    assert product in Product.objects.live()
    store.is_active = False
    store.save()
    assert product not in Product.objects.live()


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["toko", "search", "admin", "cart", "checkout", "orders"])
def test_a_store_cannot_take_a_slug_the_shop_itself_answers(chans, slug):
    from catalog.models import Store

    with pytest.raises(ValidationError) as excinfo:
        make_store("Toko Bentrok", slug=slug)
    assert "slug" in excinfo.value.message_dict
    assert not Store.objects.filter(slug=slug).exists()


@pytest.mark.django_db
def test_an_ordinary_slug_is_free(chans):
    assert make_store("Kopi Sidogiri", slug="kopi-sidogiri").slug == "kopi-sidogiri"
