"""Back-in-stock alerts: subscribe on a sold-out variant, one e-mail when stock comes back, unsubscribe."""

import pytest
from django.core import mail
from django.test import Client

from catalog.models import Stock, StockAlert
from catalog.services import stock_alerts
from catalog.signals import stock_changed
from tests.factories import make_product

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


@pytest.fixture
def habis(store):
    return make_product(store, "Kopi Habis", slug="kopi-habis", stock=0)


def subscribe(client, product, email="siti@example.com", **headers):
    variant = product.variants.get()
    return client.post("/stock-alerts/", {"variant": variant.pk, "email": email}, **(headers or SAME_ORIGIN))


def restock(product, quantity=5):
    stock = Stock.objects.get(sku=product.variants.get().sku)
    stock.quantity = quantity
    stock.save()


def test_a_sold_out_product_page_offers_the_alert_form(habis, store):
    html = Client().get("/kopi-an-nur/p/kopi-habis/").content.decode()
    assert 'action="/stock-alerts/"' in html and 'type="email"' in html
    make_product(store, "Kopi Ada", slug="kopi-ada")
    assert 'action="/stock-alerts/"' not in Client().get("/kopi-an-nur/p/kopi-ada/").content.decode()


def test_a_first_time_visitor_subscribes_from_the_shared_page_once(habis):
    buyer = Client(enforce_csrf_checks=True)
    first = subscribe(buyer, habis)
    assert first.status_code == 200 and first["Cache-Control"] == "private, no-store"
    again = subscribe(Client(enforce_csrf_checks=True), habis, email=" SITI@example.com ")
    assert again.status_code == 200
    assert StockAlert.objects.count() == 1
    alert = StockAlert.objects.get()
    assert alert.email == "siti@example.com" and alert.language == "id"
    assert alert.product_url == "http://testserver/kopi-an-nur/p/kopi-habis/"


def test_a_cross_site_subscription_is_refused(habis):
    response = subscribe(Client(enforce_csrf_checks=True), habis, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403 and not StockAlert.objects.exists()


def test_a_bad_address_is_a_form_error(habis):
    response = subscribe(Client(), habis, email="bukan-email")
    assert response.status_code == 400 and not StockAlert.objects.exists()


def test_a_flood_of_subscriptions_is_refused(habis, settings):
    settings.OPOP_STOCK_ALERTS_PER_IP = 3
    client = Client()
    for n in range(3):
        assert subscribe(client, habis, email=f"a{n}@example.com").status_code == 200
    refused = subscribe(client, habis, email="a9@example.com")
    assert refused.status_code == 429 and StockAlert.objects.count() == 3


def test_the_same_address_cannot_flood_from_many_addresses(habis, settings):
    settings.OPOP_STOCK_ALERTS_PER_EMAIL = 2
    for n in range(2):
        subscribe(Client(REMOTE_ADDR=f"10.0.0.{n}"), habis)
    assert subscribe(Client(REMOTE_ADDR="10.0.0.9"), habis).status_code == 429


def test_restocking_sends_exactly_one_email_per_subscription(habis, django_capture_on_commit_callbacks):
    subscribe(Client(), habis, email="siti@example.com")
    subscribe(Client(), habis, email="ahmad@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        restock(habis, 0)  # a save that leaves it sold out sends nothing
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        restock(habis, 5)
    with django_capture_on_commit_callbacks(execute=True):
        restock(habis, 7)
    assert sorted(m.to[0] for m in mail.outbox) == ["ahmad@example.com", "siti@example.com"]
    message = mail.outbox[0]
    assert "http://testserver/kopi-an-nur/p/kopi-habis/" in message.body
    alert = StockAlert.objects.get(email=message.to[0])
    assert f"/stock-alerts/{alert.token}/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "tersedia" in message.subject  # Indonesian: the subscriber's language
    assert StockAlert.objects.filter(notified_at__isnull=True).count() == 0
    assert stock_alerts.notify_restocked([(habis.store_id, habis.variants.get().sku)]) == 0


def test_an_alert_already_taken_by_a_concurrent_restock_is_not_sent_again(habis):
    subscribe(Client(), habis)
    alert = StockAlert.objects.get()
    pair = [(habis.store_id, habis.variants.get().sku)]
    Stock.objects.filter(sku=pair[0][1]).update(quantity=3)  # restocked without signals
    # The other restock marked it between our read of waiting alerts and our lock: nothing is sent.
    original = stock_alerts._waiting
    try:

        def waiting_then_taken(pairs):
            rows = original(pairs)
            StockAlert.objects.filter(pk=alert.pk).update(notified_at="2026-11-30T00:00:00Z")
            return rows

        stock_alerts._waiting = waiting_then_taken
        assert stock_alerts.notify_restocked(pair) == 0
    finally:
        stock_alerts._waiting = original
    assert mail.outbox == []


def test_unsubscribe_link_shows_a_confirmation_then_cancels(habis, django_capture_on_commit_callbacks):
    subscribe(Client(), habis)
    alert = StockAlert.objects.get()
    page = Client().get(f"/stock-alerts/{alert.token}/unsubscribe/")
    assert page.status_code == 200 and "siti@example.com" in page.content.decode()
    assert StockAlert.objects.exists()
    done = Client(enforce_csrf_checks=True).post(
        f"/stock-alerts/{alert.token}/unsubscribe/", {"List-Unsubscribe": "One-Click"}
    )
    assert done.status_code == 200 and not StockAlert.objects.exists()
    assert Client().get(f"/stock-alerts/{alert.token}/unsubscribe/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        restock(habis)
    assert mail.outbox == []


def test_a_bulk_stock_move_that_frees_units_sends_the_alert(habis, django_capture_on_commit_callbacks):
    subscribe(Client(), habis)
    stock = Stock.objects.get(sku=habis.variants.get().sku)
    Stock.objects.filter(pk=stock.pk).update(quantity=2)  # e.g. a cancelled order's units returned
    with django_capture_on_commit_callbacks(execute=True):
        stock_changed.send(sender=Stock, stock_ids=[stock.pk])
    assert [m.to[0] for m in mail.outbox] == ["siti@example.com"]


def test_the_email_is_written_in_the_subscribers_language(habis, django_capture_on_commit_callbacks):
    buyer = Client()
    buyer.post("/channel/", {"channel": "international"}, **SAME_ORIGIN)
    subscribe(buyer, habis)
    assert StockAlert.objects.get().language == "en"
    with django_capture_on_commit_callbacks(execute=True):
        restock(habis)
    assert mail.outbox[0].subject == "Kopi Habis is back in stock"


def test_on_a_product_with_variants_the_alert_is_for_the_sold_out_one(store):
    from decimal import Decimal

    from catalog.models import Variant, VariantPrice
    from tests.factories import channels

    product = make_product(store, "Kopi Dua", slug="kopi-dua")
    big = Variant.objects.create(product=product, sku="KOPI-1KG", name="1 kg", weight_grams=1000)
    VariantPrice.objects.create(variant=big, channel=channels()["indonesia"], amount=Decimal(90000))
    Stock.objects.create(store=store, sku="KOPI-1KG", quantity=0)
    product.save_revision().publish()
    html = Client().get("/kopi-an-nur/p/kopi-dua/").content.decode()
    alert_form = html.split('class="stock-alert"')[1].split("</form>")[0]
    assert f'name="variant" value="{big.pk}"' in alert_form
    in_stock = product.variants.exclude(pk=big.pk).get()
    answer = Client().post(
        "/stock-alerts/", {"variant": in_stock.pk, "email": "a@example.com"}, **SAME_ORIGIN
    )
    assert answer.status_code == 200 and not StockAlert.objects.exists()


def test_a_stock_change_with_no_alert_waiting_costs_one_query(habis, django_assert_num_queries):
    stock = Stock.objects.get(sku=habis.variants.get().sku)
    with django_assert_num_queries(1):
        stock_alerts.notify_restocked([(stock.store_id, stock.sku)])
    with django_assert_num_queries(1):
        stock_alerts.notify_restocked_stock([stock.pk])
