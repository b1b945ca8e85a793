"""Wagtail's redirects hold a typed link too (``redirect_link``): the admin form refuses hostile links with the link
rule's message, and one written straight to the database is answered with a 400, never followed."""

import pytest
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect

from catalog.links import RELATIVE_OR_WEB_MESSAGE
from cms.tests.test_unsafe_links import HOSTILE
from tests.factories import UserFactory
from tests.i18n import shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def redirect_form(link):
    return {
        "old_path": "/promo-lama",
        "site": "",
        "is_permanent": "on",
        "redirect_page": "",
        "redirect_link": link,
    }


SCHEMED = [link for link in HOSTILE if ":" in link and "&colon;" not in link]


@pytest.mark.parametrize("link", [*SCHEMED, "ftp://files.example/katalog.pdf"])
def test_a_hostile_redirect_link_is_refused_with_the_link_rules_message(admin, link):
    response = admin.post(reverse("wagtailredirects:add"), redirect_form(link))
    assert response.status_code == 200
    assert shown(RELATIVE_OR_WEB_MESSAGE) in response.content.decode()
    assert not Redirect.objects.exists()


def test_a_redirect_link_without_a_scheme_is_read_as_https(admin):
    """Django's form ``URLField`` prefixes a link without a scheme (the admin form asks for https): the entity
    spelling becomes a host Django refuses, a protocol-relative link an ordinary https address."""
    response = admin.post(reverse("wagtailredirects:add"), redirect_form("javascript&colon;alert(1)"))
    assert response.status_code == 200
    assert not Redirect.objects.exists()
    response = admin.post(reverse("wagtailredirects:add"), redirect_form("//shopee.co.id/kopi.annur"))
    assert response.status_code == 302
    assert Redirect.objects.get().redirect_link == "https://shopee.co.id/kopi.annur"


def test_a_web_redirect_link_is_saved(admin):
    response = admin.post(reverse("wagtailredirects:add"), redirect_form("https://shopee.co.id/kopi.annur"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Redirect.objects.get().redirect_link == "https://shopee.co.id/kopi.annur"


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>"])
def test_a_hostile_redirect_in_the_database_is_a_400_not_a_redirect(client, home, link):
    """Stack behaviour pinned: Django's ``HttpResponseRedirect`` refuses a non-web scheme (DisallowedRedirect)."""
    Redirect.objects.create(old_path="/promo-lama", redirect_link=link)
    response = client.get("/promo-lama/")
    assert response.status_code == 400
    assert "Location" not in response
