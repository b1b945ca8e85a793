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
    output = _load("--stores", "15", "--products-per-store", "20", "--no-photos")
    assert Store.objects.count() == 15
    assert Product.objects.count() == 15 * 20
    assert StorefrontPage.objects.count() == 15
    assert ShopImage.objects.count() == 0
    slugs = Product.objects.filter(store__slug="kopi-nurul-ijen").values_list("slug", flat=True)
    assert len(set(slugs)) == 20
    assert "15 stores" in output
    from wagtail.search.backends import get_search_backend

    assert list(get_search_backend().search("kurma", Product.objects.filter(live=True)))


