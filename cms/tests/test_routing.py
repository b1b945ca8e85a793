"""Routing through the route map (cms.routing): one page query, and Wagtail's behaviour kept."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from cms.models import ContentPage, StorefrontPage
from cms.routing import storefront_url
from tests.factories import UserFactory, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.OPOP_PAGE_CACHE = False


def page_queries(client, url, **extra):
    client.get(url, **extra)  # the route map is built on the first request after a change
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    tables = ('FROM "wagtailcore_page"', 'FROM "wagtailcore_site"', 'FROM "cms_', 'FROM "wagtailcore_pageview')
    return response, [q["sql"] for q in ctx.captured_queries if any(t in q["sql"] for t in tables)]


def test_product_and_storefront_urls_resolve_with_one_page_query_and_no_site_query(client, store):
    make_product(store, "Kopi Ijen", slug="kopi-ijen")
    for url in ("/kopi-an-nur/", "/kopi-an-nur/p/kopi-ijen/", "/kopi-an-nur/produk/"):
        response, queries = page_queries(client, url)
        assert response.status_code == 200, url
        assert len(queries) == 1, (url, queries)
        assert "wagtailcore_site" not in queries[0]


def test_a_published_slug_change_moves_the_store_at_once(client, store):
    make_product(store, "Kopi Ijen", slug="kopi-ijen")
    assert client.get("/kopi-an-nur/p/kopi-ijen/").status_code == 200
    page = StorefrontPage.objects.get(store=store)
    page.slug = "kopi-nurul-ijen"
    page.save_revision().publish()
    assert client.get("/kopi-an-nur/p/kopi-ijen/").status_code == 404
    assert client.get("/kopi-nurul-ijen/p/kopi-ijen/").status_code == 200


def test_an_unpublished_storefront_is_not_found(client, store):
    make_product(store, "Kopi Ijen", slug="kopi-ijen")
    assert client.get("/kopi-an-nur/").status_code == 200
    StorefrontPage.objects.get(store=store).unpublish()
    assert client.get("/kopi-an-nur/").status_code == 404
    assert client.get("/kopi-an-nur/p/kopi-ijen/").status_code == 404


def test_a_password_on_the_storefront_guards_its_product_pages(client, store):
    make_product(store, "Kopi Ijen", slug="kopi-ijen")
    assert "Kopi Ijen" in client.get("/kopi-an-nur/p/kopi-ijen/").content.decode()
    page = StorefrontPage.objects.get(store=store)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="santri")
    html = Client().get("/kopi-an-nur/p/kopi-ijen/").content.decode()
    assert "Kopi Ijen" not in html and 'name="password"' in html


def test_a_group_only_page_below_a_storefront_sends_others_to_log_in(client, store):
    storefront = StorefrontPage.objects.get(store=store)
    page = storefront.add_child(instance=ContentPage(title="Grosir", slug="grosir", body="<p>Harga anggota.</p>"))
    page.save_revision().publish()
    members = Group.objects.create(name="Anggota koperasi")
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(members)
    response = Client().get("/kopi-an-nur/grosir/")
    assert response.status_code == 302 and "/_util/login/" in response["Location"]
    member = UserFactory()
    member.groups.add(members)
    visitor = Client()
    visitor.force_login(member)
    assert "Harga anggota" in visitor.get("/kopi-an-nur/grosir/").content.decode()


def test_a_store_on_its_own_domain_routes_through_the_map(client, store):
    make_product(store, "Kopi Ijen", slug="kopi-ijen")
    page = StorefrontPage.objects.get(store=store)
    Site.objects.create(hostname="kopiannur.example", port=80, root_page=page, site_name="Kopi An Nur")
    response, queries = page_queries(client, "/p/kopi-ijen/", HTTP_HOST="kopiannur.example")
    assert response.status_code == 200 and "Kopi Ijen" in response.content.decode()
    assert len(queries) == 1
    assert client.get("/kopi-an-nur/p/kopi-ijen/").status_code == 200  # the marketplace URL still works
    assert client.get("/p/kopi-ijen/").status_code == 404  # but not at the marketplace's root


def test_preview_of_a_draft_storefront_still_shows_the_draft(client, store):
    page = StorefrontPage.objects.get(store=store)
    page.tagline = "Kopi dari lereng Ijen"
    page.save_revision()  # a draft, not published
    draft = page.get_latest_revision_as_object()
    assert "Kopi dari lereng Ijen" in draft.make_preview_request().content.decode()
    assert "Kopi dari lereng Ijen" not in client.get("/kopi-an-nur/").content.decode()


def _wagtail_and_map_urls(store, other_store, host):
    """(Wagtail's ``get_url``, the map's ``storefront_url``) for both storefronts from ``host``, and without a
    request; each side gets its own request, so neither sees what the other cached on it."""
    urls = [
        (StorefrontPage.objects.get(store=s).get_url(RequestFactory().get("/", HTTP_HOST=host)),
         storefront_url(RequestFactory().get("/", HTTP_HOST=host), s.pk))
        for s in (store, other_store)
    ]
    urls.append((StorefrontPage.objects.get(store=store).get_url(None), storefront_url(None, store.pk)))
    return urls


@pytest.mark.parametrize("host", ["localhost", "kopiannur.example", "unknown.example"])
def test_a_storefront_address_from_the_map_is_what_wagtail_gives(store, other_store, host, settings):
    """Product cards link through the map (``storefront_url``) instead of loading each storefront page: the
    address must be Wagtail's own, with one site and with a store on its own domain, from either site."""
    settings.ALLOWED_HOSTS = ["*"]
    for wagtail_url, map_url in _wagtail_and_map_urls(store, other_store, host):
        assert map_url == wagtail_url
    Site.objects.create(
        hostname="kopiannur.example", port=80, root_page=StorefrontPage.objects.get(store=store), site_name="Kopi"
    )
    for wagtail_url, map_url in _wagtail_and_map_urls(store, other_store, host):
        assert map_url == wagtail_url
    # From the store's own domain, another store's storefront is on another site: an absolute address.
    assert _wagtail_and_map_urls(store, other_store, "kopiannur.example")[1][1].startswith("http://")


def test_a_store_without_a_storefront_has_no_address(store):
    StorefrontPage.objects.filter(store=store).delete()
    assert storefront_url(None, store.pk) is None
