"""The payouts admin as an editor and as an administrator: each editor sees only their own store's balance,
statements and bank account; batches, approvals and the transfer file are the administrator's; bad input answers
in Indonesian with nothing changed."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_curator, make_editor

from ..models import ChangeStatus, PayoutAccountChange, PayoutBatch, StorePayoutAccount, StorePayoutTerms
from ..services import accounts, batches
from .helpers import approve_account, deliver, paid_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("admin-pay", "admin@example.id", "x")


@pytest.fixture
def paid_batch(chans, store, other_store, settings):
    settings.OPOP_PAYOUT_HOLD_DAYS = 0
    approve_account(store)
    approve_account(other_store, number="5550001111")
    mine = deliver(paid_order(store, chans["indonesia"], Decimal(120000)))
    theirs = deliver(paid_order(other_store, chans["indonesia"], Decimal(90000)))
    today = timezone.localdate()
    batch = batches.create_batch(today - timedelta(days=6), today)
    return batch, mine, theirs


def test_an_editor_sees_only_their_own_statement(client, store, other_store, paid_batch):
    batch, mine, theirs = paid_batch
    client.force_login(make_editor(store))
    url = reverse("payouts_admin:statement", args=[batch.pk])
    own = client.get(url, {"store": store.pk})
    body = own.content.decode()
    assert own.status_code == 200 and mine.number in body and "Komisi" in body and theirs.number not in body
    assert client.get(url, {"store": other_store.pk}).status_code == 404
    assert client.get(url, {"store": "x"}).status_code == 404
    batch_page = client.get(reverse("payouts_admin:batch", args=[batch.pk])).content.decode()
    assert store.name in batch_page and "5550001111" not in batch_page


def test_an_editor_cannot_create_batches_download_the_file_or_approve(client, store, paid_batch):
    batch, _mine, _theirs = paid_batch
    client.force_login(make_editor(store))
    change = accounts.submit_change(store, {"bank_code": "bni", "bank_name": "BNI", "account_number": "0987654321",
                                            "holder_name": "Koperasi"}, user=None)
    refused = [
        client.get(reverse("payouts_admin:new_batch")),
        client.post(reverse("payouts_admin:new_batch"), {"period_start": "2020-01-01", "period_end": "2020-01-02"}),
        client.get(reverse("payouts_admin:transfer_file", args=[batch.pk])),
        client.post(reverse("payouts_admin:send_batch", args=[batch.pk])),
        client.post(reverse("payouts_admin:approve_change", args=[change.pk])),
        client.get(reverse("payouts_admin:account_changes")),
    ]
    assert all(r.status_code in (302, 403) for r in refused), [r.status_code for r in refused]
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING and PayoutBatch.objects.count() == 1


def test_the_admin_creates_a_batch_and_a_second_one_for_the_period_is_refused(client, admin_user, chans, store):
    approve_account(store)
    client.force_login(admin_user)
    today = timezone.localdate()
    data = {"period_start": str(today - timedelta(days=6)), "period_end": str(today), "send": "on"}
    created = client.post(reverse("payouts_admin:new_batch"), data)
    assert created.status_code == 302
    again = client.post(reverse("payouts_admin:new_batch"), data)
    assert again.status_code == 200 and "Sudah ada batch pembayaran untuk periode ini" in again.content.decode()
    assert PayoutBatch.objects.count() == 1


def test_the_transfer_file_lists_each_payout_with_its_account(client, admin_user, store, paid_batch):
    batch, _mine, _theirs = paid_batch
    client.force_login(admin_user)
    response = client.get(reverse("payouts_admin:transfer_file", args=[batch.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert {(r["account_number"], r["currency"]) for r in rows} == {("1234567890", "IDR"), ("5550001111", "IDR")}
    assert all("." not in r["amount"] for r in rows)  # whole rupiah


def test_an_account_change_waits_for_approval_and_is_audited(client, admin_user, store, chans):
    old = approve_account(store)
    editor = make_editor(store)
    client.force_login(editor)
    bad = client.post(reverse("payouts_admin:account"), {"bank_code": "bni", "bank_name": "BNI",
                                                        "account_number": "12-AB", "holder_name": "Koperasi"})
    assert "Nomor rekening harus 6 sampai 20 angka" in bad.content.decode()
    assert not PayoutAccountChange.objects.exists()
    client.post(reverse("payouts_admin:account"), {"bank_code": "BNI", "bank_name": "BNI",
                                                  "account_number": "0987 6543 21", "holder_name": "Koperasi Baru"})
    change = PayoutAccountChange.objects.get()
    assert change.status == ChangeStatus.PENDING and change.submitted_by == editor
    assert change.previous["account_number"] == old.account_number
    assert StorePayoutAccount.objects.get(store=store).account_number == old.account_number  # not yet
    client.force_login(admin_user)
    client.post(reverse("payouts_admin:approve_change", args=[change.pk]))
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED and change.decided_by == admin_user and change.decided_at
    assert StorePayoutAccount.objects.get(store=store).account_number == "0987654321"


def test_the_seller_home_shows_the_balance_owed_and_the_admin_home_the_totals(client, admin_user, store, chans):
    paid_order(store, chans["indonesia"], Decimal(100000))
    client.force_login(make_editor(store))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Saldo yang menjadi hak toko Anda" in home and "Rp93.000" in home  # 100 000 − 5% − 2%
    assert home.count("Dana dapat dibayarkan beberapa hari setelah pesanan diterima.") == 1
    client.force_login(make_curator())
    assert "Pembayaran ke toko" in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_store_commission_is_set_by_administrators_only(client, admin_user, store):
    terms = StorePayoutTerms.objects.create(store=store, commission_percent=Decimal("4.5"))
    edit = reverse("wagtailsnippets_payouts_storepayoutterms:edit", args=[terms.pk])
    client.force_login(make_editor(store))
    client.post(edit, {"store": store.pk, "commission_percent": "0"})
    terms.refresh_from_db()
    assert terms.commission_percent == Decimal("4.5")
    client.force_login(admin_user)
    client.post(edit, {"store": store.pk, "commission_percent": "3"})
    terms.refresh_from_db()
    assert terms.commission_percent == Decimal("3")
