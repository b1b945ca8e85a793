"""Orders carry the campaign link the buyer arrived through; the store's report counts visits, orders and revenue
per campaign and source (per currency), for a range of days, and only for the editor's own stores."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from catalog.models import Campaign, CampaignVisitDay
from checkout.campaign_report import campaign_report
from checkout.models import Checkout, Order, OrderStatus
from checkout.services.orders import mark_checkout_paid
from tests.factories import make_editor, make_product

from .test_checkout import add, place
from .utils import flat_rate

pytestmark = pytest.mark.django_db

PHONE = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"
REPORT = "/admin/pesanan/kampanye/"


@pytest.fixture
def coffee(store, chans):
    flat_rate(store, chans["indonesia"], Decimal("15000"), name="JNE REG")
    return make_product(store, "Kopi Arabika", stock=5, price_idr=50000)


@pytest.fixture
def batik(other_store, chans):
    flat_rate(other_store, chans["indonesia"], Decimal("20000"), name="J&T")
    return make_product(other_store, "Batik Tulis", stock=2, price_idr=300000)


@pytest.fixture
def buyer():
    return Client(HTTP_USER_AGENT=PHONE)


def test_an_order_placed_after_landing_carries_the_campaign_of_its_store_only(buyer, store, coffee, batik):
    campaign = Campaign.objects.create(store=store, name="Status WA", source="whatsapp", code="status-wa")
    buyer.get("/c/status-wa/", follow=True)
    add(buyer, coffee)
    add(buyer, batik)
    response, _data, _quote = place(buyer)
    assert response.status_code == 302
    orders = {o.store_id: o for o in Checkout.objects.get().orders.all()}
    assert (orders[store.pk].campaign, orders[store.pk].campaign_source) == (campaign, "whatsapp")
    assert (orders[batik.store_id].campaign, orders[batik.store_id].campaign_source) == (None, "")


def test_an_order_without_a_campaign_link_has_none(buyer, coffee):
    add(buyer, coffee)
    place(buyer)
    assert Order.objects.get().campaign is None


def test_a_deleted_campaign_leaves_the_order_its_source(buyer, store, coffee):
    campaign = Campaign.objects.create(store=store, name="Flyer", source="flyer", code="flyer")
    buyer.get("/c/flyer/")
    add(buyer, coffee)
    place(buyer)
    campaign.delete()
    order = Order.objects.get()
    assert (order.campaign, order.campaign_source) == (None, "flyer")


def _order(store, chans, n, *, currency="IDR", total="50000", campaign=None, status=OrderStatus.PAID,
           refunded="0", days_ago=0):
    channel = chans["indonesia" if currency == "IDR" else "international"]
    checkout = Checkout.objects.create(
        idempotency_key=f"report-{n}", channel=channel, currency=currency, email="b@example.id",
        phone="+6281234567890", recipient_name="Pembeli", street_address="Jl. 1", terms_version="t",
        consented_at=timezone.now(),
    )
    order = Order.objects.create(
        store=store, checkout=checkout, number=f"R-{n}", currency=currency, total=Decimal(total),
        refunded_amount=Decimal(refunded), status=status, campaign=campaign,
        campaign_source=campaign.source if campaign else "",
    )
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return order


@pytest.fixture
def figures(store, other_store, chans):
    """Store A: a WhatsApp campaign (3 visits today, 2 ten days ago; two IDR orders, one MYR, one refunded in
    part, one unpaid, one cancelled, one 40 days ago), a flyer (1 visit, no order), an order without campaign;
    store B: a TikTok campaign with a visit and an order."""
    today = timezone.localdate()
    wa = Campaign.objects.create(store=store, name="Status WA", source="whatsapp", code="status-wa")
    flyer = Campaign.objects.create(store=store, name="Flyer pasar", source="flyer", code="flyer-pasar")
    tiktok = Campaign.objects.create(store=other_store, name="Video ZQB", source="tiktok", code="video-zqb")
    CampaignVisitDay.objects.create(campaign=wa, day=today, visits=3)
    CampaignVisitDay.objects.create(campaign=wa, day=today - timedelta(days=10), visits=2)
    CampaignVisitDay.objects.create(campaign=flyer, day=today, visits=1)
    CampaignVisitDay.objects.create(campaign=tiktok, day=today, visits=7)
    _order(store, chans, 1, total="50000", campaign=wa)
    _order(store, chans, 2, total="75000", campaign=wa, refunded="25000", status=OrderStatus.REFUNDED, days_ago=10)
    _order(store, chans, 3, currency="MYR", total="18.50", campaign=wa, status=OrderStatus.SHIPPED)
    _order(store, chans, 4, total="99000", campaign=wa, status=OrderStatus.AWAITING_PAYMENT)
    _order(store, chans, 5, total="99000", campaign=wa, status=OrderStatus.CANCELLED)
    _order(store, chans, 6, total="99000", campaign=wa, days_ago=40)
    _order(store, chans, 7, total="30000")
    _order(other_store, chans, 8, total="120000", campaign=tiktok)
    return {"wa": wa, "flyer": flyer, "tiktok": tiktok, "today": today}


def test_report_figures_per_campaign_and_source_never_add_currencies(store, figures):
    today = figures["today"]
    report = campaign_report([store.pk], today - timedelta(days=29), today)
    rows = {row.campaign.code: row.figures for row in report.campaigns}
    assert set(rows) == {"status-wa", "flyer-pasar"}  # never the other store's
    wa = rows["status-wa"]
    assert (wa.visits, wa.orders) == (5, 3)
    assert wa.revenue == {"IDR": Decimal("100000"), "MYR": Decimal("18.50")}
    assert (rows["flyer-pasar"].visits, rows["flyer-pasar"].orders, rows["flyer-pasar"].revenue) == (1, 0, {})
    sources = {row.source: row.figures for row in report.sources}
    assert list(sources) == ["whatsapp", "flyer", ""]
    assert (sources["whatsapp"].visits, sources["whatsapp"].orders) == (5, 3)
    assert (sources[""].orders, sources[""].revenue) == (1, {"IDR": Decimal("30000")})
    week = campaign_report([store.pk], today - timedelta(days=6), today)
    wa_week = next(r.figures for r in week.campaigns if r.campaign.code == "status-wa")
    assert (wa_week.visits, wa_week.orders, wa_week.revenue) == (3, 2, {"IDR": Decimal("50000"), "MYR": Decimal("18.50")})


def test_report_page_shows_the_editors_own_figures_in_indonesian(client, store, figures):
    client.force_login(make_editor(store))
    html = client.get(REPORT).content.decode()
    assert "Laporan kampanye" in html and "Kunjungan" in html
    today = figures["today"]  # the date fields show the default range (ISO values, which <input type=date> reads)
    assert f'value="{today - timedelta(days=29):%Y-%m-%d}"' in html and f'value="{today:%Y-%m-%d}"' in html
    assert "Status WA" in html and "Rp100.000" in html and "RM18,50" in html
    assert "ZQB" not in html and "Rp120.000" not in html and "TikTok" not in html
    other = figures["tiktok"].store_id
    assert "ZQB" not in client.get(f"{REPORT}?start=2020-01-01&end=2030-01-01&store={other}").content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [("?start=2026-02-10&end=2026-02-01", "Tanggal akhir"), ("?start=kemarin&end=2026-02-01", "tanggal"),
     ("?start=2020-01-01&end=2026-01-01", "paling banyak 366 hari")],
)
def test_bad_dates_show_the_reason_and_no_figures(client, store, figures, query, message):
    client.force_login(make_editor(store))
    response = client.get(REPORT + query)
    html = response.content.decode()
    assert response.status_code == 200 and message in html and 'data-report="campaigns"' not in html


def test_people_without_campaign_permission_get_no_report(store, figures):
    assert Client().get(REPORT).status_code == 302  # to the login
    someone = get_user_model().objects.create_user("tamu", password="x")
    client = Client()
    client.force_login(someone)
    assert client.get(REPORT).status_code in (302, 403)


def test_attribution_then_payment_is_credited_in_the_report(buyer, client, store, coffee):
    Campaign.objects.create(store=store, name="Status WA", source="whatsapp", code="status-wa")
    buyer.get("/c/status-wa/", follow=True)
    add(buyer, coffee, 2)
    place(buyer)
    mark_checkout_paid(Checkout.objects.get(), message="uji")
    client.force_login(make_editor(store))
    html = client.get(REPORT).content.decode()
    row = html[html.index('data-campaign="status-wa"'):].split("</tr>")[0]
    cells = [re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert cells == ["Status WA", "WhatsApp", "1", "1", "Rp115.000"]  # 2 × Rp50.000 + Rp15.000 shipping
    order_page = client.get(f"/admin/pesanan/{Order.objects.get().pk}/").content.decode()
    assert "Datang lewat tautan kampanye: <strong>Status WA · WhatsApp</strong>" in order_page
