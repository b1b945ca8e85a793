"""A store that chooses the daily summary gets no e-mail per paid order, and one e-mail the next morning (WIB)
listing yesterday's paid orders; the summary is sent once however often the job runs."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail

from checkout.models import StoreDigest
from checkout.services.digests import send_due_digests
from checkout.services.orders import mark_checkout_paid
from tests.factories import make_product

from .utils import cart_with, place

pytestmark = pytest.mark.django_db

# 2026-11-20 14:00 WIB is 07:00 UTC; the summary of the 20th is due from 07:00 WIB on the 21st (00:00 UTC).
PAID_AT = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)
NEXT_MORNING = datetime(2026, 11, 21, 1, 0, tzinfo=UTC)  # 08:00 WIB
TOO_EARLY = datetime(2026, 11, 20, 22, 0, tzinfo=UTC)  # 05:00 WIB on the 21st


@pytest.fixture
def two_paid_orders(chans, store, other_store, django_capture_on_commit_callbacks):
    store.order_notifications = "daily"
    store.save()
    honey = make_product(store, "Madu Hutan", stock=5, price_idr=80000)
    batik = make_product(other_store, "Batik Tulis", stock=3, price_idr=350000)
    idr = chans["indonesia"]
    with time_machine.travel(PAID_AT, tick=False):
        for _ in range(2):
            checkout = place(cart_with(idr, (honey, 1), (batik, 1)), idr)
            mail.outbox.clear()
            with django_capture_on_commit_callbacks(execute=True):
                mark_checkout_paid(checkout)
            store_mails = [m for m in mail.outbox if "Pesanan baru dibayar" in m.subject]
            assert [m.to for m in store_mails] == [[other_store.contact_email]]  # the per-order store only
    return checkout


def test_the_daily_store_gets_one_summary_next_morning_and_only_once(two_paid_orders, store,
                                                                     django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with time_machine.travel(TOO_EARLY, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert "not yet due" in send_due_digests()
    assert mail.outbox == []
    with time_machine.travel(NEXT_MORNING, tick=False):
        for _ in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                send_due_digests()
    assert len(mail.outbox) == 1
    summary = mail.outbox[0]
    assert summary.to == [store.contact_email]
    assert summary.subject == "Kopi An Nur: 2 pesanan dibayar pada 20 November 2026"
    assert summary.body.count("OP-") == 2 and "Rp95.000" in summary.body  # goods and shipping
    assert StoreDigest.objects.get(store=store).orders == 2


def test_a_day_without_paid_orders_sends_nothing(chans, store, django_capture_on_commit_callbacks):
    store.order_notifications = "daily"
    store.save()
    with time_machine.travel(NEXT_MORNING, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert "1 recorded, 0 e-mailed" in send_due_digests()
    assert mail.outbox == []


def test_the_summary_is_a_periodic_job():
    from checkout.periodic import registered_jobs

    assert "send_store_digests" in [job.name for job in registered_jobs()]


def test_an_editor_chooses_the_daily_summary_in_the_store_form(client, store):
    from django.urls import reverse

    from tests.factories import make_editor

    client.force_login(make_editor(store))
    html = client.get(reverse("wagtailsnippets_catalog_store:edit", args=[store.pk])).content.decode()
    assert 'name="order_notifications"' in html and 'value="daily"' in html
