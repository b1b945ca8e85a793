"""``/c/<code>/``: the visit is remembered for the session and counted once, even when the landing page comes from
the page cache; tracking parameters never make a cache miss."""

import pytest
from django.test import Client

from catalog.models import Campaign, CampaignVisitDay
from catalog.services.campaigns import ATTRIBUTION_KEY
from cms.cache import CACHE_HEADER
from tests.factories import make_product

pytestmark = pytest.mark.django_db

PHONE = "Mozilla/5.0 (Linux; Android 13; SM-A146P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Mobile Safari/537.36"


def phone():
    return Client(HTTP_USER_AGENT=PHONE)


def visits(campaign) -> int:
    return sum(CampaignVisitDay.objects.filter(campaign=campaign).values_list("visits", flat=True))


@pytest.fixture
def campaign(store):
    return Campaign.objects.create(store=store, name="Status WA", source="whatsapp", code="status-wa")


def test_the_link_redirects_to_the_storefront_or_the_product(store, campaign):
    product = make_product(store, "Kopi Robusta", slug="kopi-robusta")
    response = phone().get("/c/status-wa/")
    assert response.status_code == 302 and response["Location"] == "/kopi-an-nur/"
    assert "no-store" in response["Cache-Control"]
    campaign.product = product
    campaign.save()
    assert phone().get("/c/STATUS-WA/")["Location"] == "/kopi-an-nur/p/kopi-robusta/"


def test_a_visit_is_counted_once_per_session_even_when_the_landing_is_a_cache_hit(store, campaign):
    make_product(store, "Kopi Robusta", slug="kopi-robusta")
    Client().get("/kopi-an-nur/")  # someone else filled the page cache
    buyer = phone()
    response = buyer.get("/c/status-wa/", follow=True)
    assert response.status_code == 200 and response[CACHE_HEADER] == "hit"
    assert buyer.session[ATTRIBUTION_KEY] == {str(store.pk): campaign.pk}
    assert visits(campaign) == 1
    buyer.get("/c/status-wa/", follow=True)  # the same buyer scans the flyer again
    assert visits(campaign) == 1
    phone().get("/c/status-wa/")  # another phone
    assert visits(campaign) == 2


def test_link_previews_and_inactive_links_count_nothing(store, campaign):
    Client(HTTP_USER_AGENT="WhatsApp/2.23.20.0 A").get("/c/status-wa/")
    Client(HTTP_USER_AGENT="facebookexternalhit/1.1").get("/c/status-wa/")
    phone().head("/c/status-wa/")
    assert visits(campaign) == 0
    campaign.is_active = False
    campaign.save()
    buyer = phone()
    assert buyer.get("/c/status-wa/")["Location"] == "/kopi-an-nur/"  # the flyer still works
    assert visits(campaign) == 0 and ATTRIBUTION_KEY not in buyer.session


def test_an_unknown_code_is_the_themed_404(store):
    response = phone().get("/c/tidak-ada/")
    assert response.status_code == 404
    assert phone().get("/c/%F0%9F%8C%99/").status_code == 404


def test_a_later_link_of_the_same_store_wins_and_other_stores_keep_theirs(store, other_store, campaign):
    flyer = Campaign.objects.create(store=store, name="Flyer", source="flyer", code="flyer")
    batik = Campaign.objects.create(store=other_store, name="IG batik", source="instagram", code="ig-batik")
    buyer = phone()
    for code in ("status-wa", "ig-batik", "flyer"):
        buyer.get(f"/c/{code}/")
    assert buyer.session[ATTRIBUTION_KEY] == {str(store.pk): flyer.pk, str(other_store.pk): batik.pk}


@pytest.mark.parametrize(
    "query",
    ["?utm_source=whatsapp&utm_medium=status&utm_campaign=status-wa", "?fbclid=IwAR0abc", "?kampanye=status-wa",
     "?utm_content=x&gclid=1&utm_term=kopi"],
)
def test_tracking_parameters_do_not_make_cache_misses(store, query):
    make_product(store, "Kopi Robusta", slug="kopi-robusta")
    for path in ("/kopi-an-nur/", "/kopi-an-nur/p/kopi-robusta/"):
        assert Client().get(path)[CACHE_HEADER] == "miss"
        assert Client().get(path + query)[CACHE_HEADER] == "hit"
        assert phone().get(path + query)[CACHE_HEADER] == "hit"
