"""PostgreSQL-only search behaviour: Indonesian stemming and typo tolerance (pg_trgm fuzzy fallback)."""

import pytest
from django.db import connection

from tests.factories import make_product

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text and trigram search"),
]


def titles(response):
    return [p.title for p in response.context["listing"].products]


@pytest.fixture
def goods(store):
    make_product(store, "Batik Tulis Tanjungbumi", slug="batik-tulis")
    make_product(store, "Madu Hutan Randu", slug="madu-hutan")
    make_product(store, "Sabun Sereh Wangi", slug="sabun-sereh")


def test_indonesian_word_forms_find_the_product(client, goods):
    # "batiknya" (its batik) and "madunya" stem to "batik" / "madu" with PostgreSQL's indonesian config.
    assert titles(client.get("/search/", {"q": "batiknya"})) == ["Batik Tulis Tanjungbumi"]
    assert titles(client.get("/search/", {"q": "madunya"})) == ["Madu Hutan Randu"]


def test_typos_still_find_the_product(client, goods):
    assert titles(client.get("/search/", {"q": "sabon sereh"})) == ["Sabun Sereh Wangi"]
    assert titles(client.get("/search/", {"q": "tanjungbumy"})) == ["Batik Tulis Tanjungbumi"]
