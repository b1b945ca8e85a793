"""load_demo --stores N --products-per-store M: the bulk benchmark catalog."""

import io

import pytest
from django.core.management import call_command

from catalog.models import Product, Store
from cms.models import ShopImage, StorefrontPage


def _load(*args):
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_large_mode_builds_a_bulk_catalog_without_photos():
    output = _load("--stores", "14", "--products-per-store", "20", "--no-photos")
    assert Store.objects.count() == 14
    assert Product.objects.count() == 14 * 20
    assert StorefrontPage.objects.count() == 14
    copy = Store.objects.get(slug="kopi-nurul-ijen-2")  # beyond the 13 curated stores: numbered copies
    assert StorefrontPage.objects.get(store=copy).live
    assert ShopImage.objects.count() == 0
    slugs = Product.objects.filter(store__slug="kopi-nurul-ijen").values_list("slug", flat=True)
    assert len(set(slugs)) == 20
    assert "14 stores" in output
    from wagtail.search.backends import get_search_backend

    assert list(get_search_backend().search("kurma", Product.objects.filter(live=True)))


@pytest.mark.django_db
def test_rerunning_a_large_load_indexes_stores_an_interrupted_run_left_unsearchable():
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    _load("--stores", "4", "--products-per-store", "13", "--no-photos")  # more than 12 products: bulk mode
    store = Store.objects.get(slug="madu-bukit-hikmah")
    ids = [str(pk) for pk in Product.objects.filter(store=store).values_list("pk", flat=True)]
    IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(Product), object_id__in=ids).delete()

    def honey_of_store():
        found = get_search_backend().search("madu", Product.objects.filter(live=True, store=store))
        return list(found)

    assert honey_of_store() == []
    _load("--stores", "4", "--products-per-store", "13", "--no-photos")
    assert len(honey_of_store()) >= 6
    assert Product.objects.filter(store=store).count() == 13
