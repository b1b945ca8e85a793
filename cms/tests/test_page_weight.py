import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_every_buyer_page_names_a_favicon_that_exists(client, store):
    for url in ("/", "/kopi-an-nur/", "/search/?q=kopi"):
        html = client.get(url).content.decode()
        assert '<link rel="icon" href="/static/themes/favicon.svg"' in html, url
    assert finders.find("themes/favicon.svg")
