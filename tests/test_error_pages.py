"""Errors reach buyers as a branded, translated page with the right status: never a traceback, never Django's
bare English text. The 500 page renders without the database (it is self-contained)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_server_error_shows_the_shops_page_not_a_traceback(client, store, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr("catalog.selectors.product_listing", broken)
    client.raise_request_exception = False
    response = client.get("/search/?q=kopi")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Maaf, terjadi kesalahan di sisi kami" in html
    assert "database on fire" not in html and "Traceback" not in html
    # A buyer on the International channel reads it in English.
    client.post("/channel/", {"channel": "international", "next": "/"})
    english = client.get("/search/?q=kopi")
    assert english.status_code == 500 and "Sorry, something went wrong on our side" in english.content.decode()


def test_a_form_posted_without_its_csrf_token_gets_a_page_that_says_what_to_do(store):
    buyer = Client(enforce_csrf_checks=True)
    response = buyer.post("/channel/", {"channel": "international", "next": "/"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Halaman ini sudah kedaluwarsa" in html and "Muat ulang halaman" in html


def test_the_500_page_renders_without_database_or_request():
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "OPOP Shop" in html and 'href="/"' in html
