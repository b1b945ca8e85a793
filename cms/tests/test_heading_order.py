"""Headings go down one level at a time on every buyer page that lists product cards (Lighthouse's "heading-order",
docs/performance.md, "Lighthouse"): the cards' ``h3`` never follows the page's ``h1`` directly."""

import re

import pytest
from django.test import Client

from tests.factories import CategoryFactory, make_product

pytestmark = pytest.mark.django_db

HEADING = re.compile(r"<h([1-6])\b")


def skipped_levels(html: str) -> list[tuple[int, int]]:
    """(previous level, level) for every heading more than one level below the one before it."""
    levels = [int(level) for level in HEADING.findall(html)]
    return [(before, after) for before, after in zip(levels, levels[1:], strict=False) if after > before + 1]


@pytest.fixture
def kopi(home, store):
    category = CategoryFactory(name="Kopi", slug="kopi")
    make_product(store, "Kopi Ijen", slug="kopi-ijen", category=category)
    return make_product(store, "Kopi Gayo", slug="kopi-gayo", category=category)


@pytest.mark.parametrize(
    "path", ["/", "/kopi-an-nur/", "/kopi-an-nur/produk/", "/kopi-an-nur/p/kopi-ijen/", "/kategori/kopi/",
             "/search/?q=kopi", "/search/", "/toko/"],
)
def test_buyer_pages_never_skip_a_heading_level(client, kopi, path):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="card-title"' in html or path in ("/", "/toko/")  # a bare home and the directory: no cards
    assert skipped_levels(html) == []


def test_the_wishlist_never_skips_a_heading_level(kopi):
    guest = Client()
    guest.post("/wishlist/add/", {"product": kopi.pk}, HTTP_ORIGIN="http://testserver")
    html = guest.get("/wishlist/").content.decode()
    assert 'class="card-title"' in html
    assert skipped_levels(html) == []
