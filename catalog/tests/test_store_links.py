"""A store's links elsewhere (Instagram, TikTok, Facebook, Shopee, Tokopedia, website): only absolute https/http
addresses are taken from the store form, and whatever the database holds renders harmless on the storefront."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from catalog.links import WEB_ONLY_MESSAGE
from catalog.models import Store
from catalog.tests.test_store_admin import store_form
from cms.tests.test_unsafe_links import HOSTILE
from tests.factories import make_editor
from tests.i18n import shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, store):
    client.force_login(make_editor(store))
    return client


def post_links(client, store, **links):
    edit = reverse("wagtailsnippets_catalog_store:edit", args=[store.pk])
    return client.post(edit, store_form(name=store.name, slug=store.slug, **links))


@pytest.mark.parametrize("link", [*HOSTILE, "/kopi-an-nur/", "mailto:toko@example.id", "instagram.com/kopi"])
@pytest.mark.parametrize("field", ["instagram_url", "website_url"])
def test_a_store_editor_cannot_save_a_hostile_or_relative_social_link(editor, store, field, link):
    response = post_links(editor, store, **{field: link})
    assert response.status_code == 200
    body = response.content.decode()
    assert shown(WEB_ONLY_MESSAGE) in body
    assert "Alamat harus diawali https:// atau http://" in body
    store.refresh_from_db()
    assert getattr(store, field) == ""


def test_a_store_editor_saves_web_addresses_as_the_browser_reads_them(editor, store, client):
    links = {
        "instagram_url": "https://www.instagram.com/kopi.annur/",
        "tiktok_url": " HTTPS://www.tiktok.com/@kopi.annur ",
        "shopee_url": "https://shopee.co.id/kopi.annur",
        "website_url": "http://annur.sch.id/",
    }
    response = post_links(editor, store, **links)
    assert response.status_code == 302, response.content.decode()[:2000]
    store.refresh_from_db()
    assert store.tiktok_url == "https://www.tiktok.com/@kopi.annur"
    html = client.get(store.storefront.url).content.decode()
    assert '<a href="https://www.instagram.com/kopi.annur/" rel="noopener me">Instagram</a>' in html
    assert '<a href="http://annur.sch.id/" rel="noopener me">Situs web</a>' in html


def test_hostile_social_links_in_the_database_render_as_dead_links_and_the_command_finds_them(store, client):
    Store.objects.filter(pk=store.pk).update(
        instagram_url="javascript:alert(1)", facebook_url=" data:text/html,x"
    )
    html = client.get(store.storefront.url).content.decode()
    assert '<a href="#" rel="noopener me">Instagram</a> · <a href="#" rel="noopener me">Facebook</a>' in html
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("find_unsafe_links", stdout=out)
    assert f"catalog.store #{store.pk} Kopi An Nur\tinstagram_url\t'javascript:alert(1)'" in out.getvalue()
    call_command("find_unsafe_links", "--fix", stdout=io.StringIO())
    store.refresh_from_db()
    assert (store.instagram_url, store.facebook_url) == ("", "")
