"""Bank-transfer references: short, unambiguous, matched however they are typed, and the older long ones still
found; an editor finds a transfer by the reference on the bank statement and confirms it."""

import re

import pytest

from checkout.models import OrderStatus
from checkout.payments.models import AttemptStatus, PaymentAttempt
from checkout.payments.references import ALPHABET, canonical, find_by_reference, new_reference
from checkout.payments.services import start_payment
from tests.factories import make_editor, make_product

from .conftest import make_checkout, open_attempt

SHORT = re.compile(rf"^[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")


def test_a_reference_is_eight_unambiguous_characters_in_two_groups():
    for _ in range(200):
        reference = new_reference()
        assert SHORT.match(reference), reference
        assert not set(reference) & set("ILOU")


@pytest.mark.parametrize("typed", ["7KQ4-M2XH", "7kq4-m2xh", "7kq4 m2xh", " 7KQ4M2XH ", "7-k-q-4-m-2-x-h"])
def test_a_reference_is_read_in_any_case_with_or_without_spaces_and_dashes(typed):
    assert canonical(typed) == "7KQ4-M2XH"


def test_letters_that_look_like_digits_are_read_as_the_digits():
    assert canonical("IL0O-M2XH") == canonical("1100-m2xh") == "1100-M2XH"
    assert (
        canonical("7KQ4-M2X") is None and canonical("7KQ4-M2XH9") is None and canonical("OPOP-4-1-x") is None
    )


@pytest.fixture
def transfer(db, chans, store):
    checkout = make_checkout(
        chans["indonesia"],
        [(make_product(store, "Sabun Sirih", price_idr=30000), 1)],
        gateway="manual",
        method="bank_transfer",
    )
    return start_payment(checkout)


def test_a_new_bank_transfer_gets_a_short_reference_shown_to_the_buyer(client, transfer):
    assert SHORT.match(transfer.provider_id)
    html = client.get(transfer.redirect_url).content.decode()
    assert transfer.provider_id in html
    typed = transfer.provider_id.lower().replace("-", " ")
    assert find_by_reference(PaymentAttempt.objects.all(), typed) == transfer


def test_an_older_long_reference_is_still_found_however_it_is_typed(db, idr_checkout):
    old = open_attempt(idr_checkout, gateway="manual")
    PaymentAttempt.objects.filter(pk=old.pk).update(provider_id="OPOP-4-1-rUwyYPOM")
    attempts = PaymentAttempt.objects.all()
    for typed in ("OPOP-4-1-rUwyYPOM", "opop-4-1-ruwyypom", "OPOP 4 1 RUWYYPOM", "opop41ruwyypom"):
        assert find_by_reference(attempts, typed).pk == old.pk, typed
    assert find_by_reference(attempts, "OPOP-4-1-rUwyYPOX") is None
    assert find_by_reference(attempts, "") is None


def test_an_editor_finds_a_transfer_by_its_typed_reference_and_confirms_it(client, transfer, store):
    client.force_login(make_editor(store))
    typed = " " + transfer.provider_id.lower().replace("-", " ") + " "
    page = client.get("/admin/payments/transfers/find/", {"reference": typed})
    assert page.status_code == 200 and page.context["attempt"] == transfer and page.context["can_confirm"]
    assert "Rp30.000" in page.content.decode()
    done = client.post(
        f"/admin/payments/attempts/{transfer.pk}/confirm/", {"next": page.wsgi_request.get_full_path()}
    )
    assert done.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == AttemptStatus.PAID
    assert transfer.checkout.orders.get().status == OrderStatus.PAID


def test_another_stores_editor_does_not_find_the_transfer(client, transfer, other_store):
    client.force_login(make_editor(other_store))
    page = client.get("/admin/payments/transfers/find/", {"reference": transfer.provider_id})
    assert page.status_code == 200 and page.context["attempt"] is None
    html = page.content.decode()
    assert "Rp30.000" not in html and transfer.checkout.orders.get().number not in html
    assert not page.context["can_confirm"]
    assert client.get("/admin/payments/transfers/find/", {"reference": "x" * 500}).status_code == 200


def test_a_buyer_typing_the_reference_in_any_case_reaches_the_payment_page(client, transfer):
    typed = transfer.provider_id.lower().replace("-", "")
    page = client.get(f"/payments/return/{typed}")
    assert page.status_code == 200 and page.context["attempt"] == transfer
    assert client.get("/payments/return/zzzz-zzzz").status_code == 404
