"""Issue 15.5: the terms and the privacy policy are admin-edited Wagtail pages (``cms.LegalPage``); the consent box
links to them, and every checkout records the live revision of each the buyer agreed to (``checkout.legal_port``)."""

import re
from decimal import Decimal

import pytest
from django.test import override_settings
from wagtail.models import Revision

from checkout.models import Checkout
from checkout.tests.utils import flat_rate
from cms.models import LegalPage
from shop.demo.legal import VISITS_HEADING, ensure_legal_pages
from tests.factories import CHECKOUT_ADDRESS, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def legal(home):
    terms, privacy = ensure_legal_pages(home)
    return {"terms": terms, "privacy": privacy}


@pytest.fixture
def coffee(store, chans):
    flat_rate(store, chans["indonesia"], Decimal("15000"), name="JNE REG")
    return make_product(store, "Kopi Arabika", stock=20, price_idr=50000)


def place(client, product):
    """Put ``product`` in the cart and place the order from the checkout page as the buyer would."""
    client.post("/cart/add/", {"variant": product.variants.first().pk, "quantity": 1})
    page = client.post("/checkout/", {**CHECKOUT_ADDRESS, "action": "refresh"})
    form = page.context["form"]
    data = {**CHECKOUT_ADDRESS, "action": "place", "idempotency_key": form["idempotency_key"].value(),
            "snapshot": form["snapshot"].value()}
    for group in page.context["quote"].stores:
        data[f"shipping_{group.store.pk}"] = group.shipping_options[0].key
    response = client.post("/checkout/", data)
    assert response.status_code == 302, response.content.decode()[:1500]
    return Checkout.objects.get(idempotency_key=data["idempotency_key"])


def test_the_consent_box_and_the_footer_link_to_the_live_legal_pages(client, legal, coffee):
    client.post("/cart/add/", {"variant": coffee.variants.first().pk, "quantity": 1})
    html = client.get("/checkout/").content.decode()
    consent = html[html.index('class="consent"'):]
    consent = consent[:consent.index("</div>")]
    links = dict((title, href) for href, title in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', consent))
    assert links == {"Syarat &amp; Ketentuan": "/syarat-ketentuan/", "Kebijakan Privasi": "/kebijakan-privasi/"}
    for page in legal.values():
        response = client.get(page.url)
        assert response.status_code == 200
        assert f"<h1>{page.title}</h1>" in response.content.decode().replace("&amp;", "&")
    footer = client.get("/").content.decode().split('class="site-footer"')[1]
    assert 'href="/syarat-ketentuan/"' in footer and 'href="/kebijakan-privasi/"' in footer


def test_the_privacy_page_says_what_is_kept_including_what_campaign_links_keep(client, legal):
    text = client.get("/kebijakan-privasi/").content.decode()
    for kept in ("Pesanan", "Alamat", "Sesi"):
        assert f"<b>{kept}" in text
    visits = text.split(f"<h2>{VISITS_HEADING}</h2>", 1)[1].split("<h2>", 1)[0]
    for said in ("di sesi Anda saja", "jumlah kunjungan per kampanye per hari", "tidak memasang skrip pihak ketiga"):
        assert said in visits, said


def test_the_english_interface_shows_the_english_text_with_indonesian_as_fallback(client, chans, legal):
    assert client.post("/channel/", {"channel": "international", "next": "/"}).status_code == 302
    html = client.get("/kebijakan-privasi/").content.decode()
    assert "<h1>Privacy Policy</h1>" in html and "What we keep" in html
    terms = legal["terms"]
    terms.body_en = ""
    terms.save_revision().publish()
    assert "Penjual dan pesanan" in client.get("/syarat-ketentuan/").content.decode()


def test_the_consent_records_the_live_revision_of_each_page_and_the_time(client, legal, coffee):
    checkout = place(client, coffee)
    terms, privacy = (LegalPage.objects.get(pk=p.pk) for p in (legal["terms"], legal["privacy"]))
    assert (checkout.terms_page_id, checkout.terms_revision_id) == (terms.pk, terms.live_revision_id)
    assert (checkout.privacy_page_id, checkout.privacy_revision_id) == (privacy.pk, privacy.live_revision_id)
    assert checkout.terms_version == f"terms:{terms.live_revision_id} privacy:{privacy.live_revision_id}"
    assert checkout.consented_at is not None


def test_a_revision_published_later_leaves_older_consents_as_they_were(client, legal, coffee):
    first = place(client, coffee)
    terms = LegalPage.objects.get(pk=legal["terms"].pk)
    old_revision = terms.live_revision_id
    terms.body = "<p>Syarat baru: pengiriman hanya hari Senin.</p>"
    terms.save_revision().publish()
    terms.refresh_from_db()
    assert terms.live_revision_id != old_revision
    first.refresh_from_db()
    assert first.terms_revision_id == old_revision
    agreed = Revision.objects.get(pk=first.terms_revision_id).as_object()
    assert "Penjual dan pesanan" in agreed.body and "hari Senin" not in agreed.body
    second = place(client, coffee)
    assert second.terms_revision_id == terms.live_revision_id
    assert second.privacy_revision_id == first.privacy_revision_id  # the privacy policy did not change


def test_without_legal_pages_the_box_is_plain_text_and_the_configured_version_is_recorded(client, home, coffee):
    client.post("/cart/add/", {"variant": coffee.variants.first().pk, "quantity": 1})
    html = client.get("/checkout/").content.decode()
    consent = html[html.index('class="consent"'):]
    assert "<a " not in consent[:consent.index("</div>")]
    checkout = place(client, coffee)
    assert checkout.terms_version == "2026-11" and checkout.terms_revision_id is None


@override_settings(OPOP_LEGAL_DOCUMENTS="")
def test_no_provider_means_no_links(client, legal, coffee):
    checkout = place(client, coffee)
    assert checkout.terms_page_id is None and checkout.terms_version == "2026-11"


def test_a_second_page_of_the_same_kind_is_refused(legal, home):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        home.add_child(instance=LegalPage(kind="terms", title="Syarat lagi", slug="syarat-lagi", body="<p>x</p>"))


def test_an_admin_cannot_copy_a_legal_page_or_add_a_third(legal, home, django_user_model, client):
    from django.urls import reverse

    admin = django_user_model.objects.create_superuser("admin-copy", "admin@example.id", "x")
    client.force_login(admin)
    terms = legal["terms"]
    assert not terms.permissions_for_user(admin).can_copy()
    response = client.post(reverse("wagtailadmin_pages:copy", args=[terms.pk]),
                           {"new_title": "Salinan", "new_slug": "salinan", "new_parent_page": home.pk})
    assert response.status_code in (302, 403) and LegalPage.objects.count() == 2
    assert not LegalPage.can_create_at(home)


def test_the_footer_follows_a_page_unpublished_or_renamed_without_a_query_per_page(client, legal, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.OPOP_PAGE_CACHE = False
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        footer = client.get("/").content.decode().split('class="site-footer"')[1]
    assert 'href="/kebijakan-privasi/"' in footer
    assert not [q for q in ctx.captured_queries if "cms_legalpage" in q["sql"]]  # kept per process
    legal["privacy"].unpublish()
    terms = legal["terms"]
    terms.title = "Syarat Belanja"
    terms.save_revision().publish()
    footer = client.get("/").content.decode().split('class="site-footer"')[1]
    assert 'href="/kebijakan-privasi/"' not in footer and "Syarat Belanja" in footer
