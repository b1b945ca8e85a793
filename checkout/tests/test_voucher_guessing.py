"""Voucher-code guessing at checkout is limited per session and per address (issue 10, finding 4).

Attack: a buyer's browser (or a script that drops its cookies) tries code after code in the checkout's voucher
field. After the limit, even a real code is refused with a message until the window ends; the buyer can still
check out without a voucher; the same wrong code sent again while updating the address is not a new guess.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from checkout.models import Voucher
from checkout.services.voucher_guard import TOO_MANY_MESSAGE
from checkout.tests.test_checkout import ADDRESS, add, coffee, idr  # noqa: F401 (fixtures)
from tests.i18n import shown

pytestmark = pytest.mark.django_db

TOO_MANY = shown(TOO_MANY_MESSAGE, minutes=15)


@pytest.fixture
def real_code(idr):  # noqa: F811
    return Voucher.objects.create(code="RAMADAN", channel=idr, kind=Voucher.Kind.PERCENT, value=Decimal(10))


def try_code(client, code, address="203.0.113.7"):
    response = client.post("/checkout/", {**ADDRESS, "action": "refresh", "voucher_code": code}, REMOTE_ADDR=address)
    return response.context["quote"], response.content.decode()


def test_ten_wrong_codes_then_the_real_one_is_refused_until_the_window_ends(client, coffee, real_code):  # noqa: F811
    add(client, coffee)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for attempt in range(10):
            quote, body = try_code(client, f"TEBAK{attempt}")
            assert quote.voucher is None
        quote, body = try_code(client, "RAMADAN")
        assert quote.voucher is None and TOO_MANY in body
        assert quote.total > 0  # the page still prices the cart: checking out without a voucher works
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        quote, _body = try_code(client, "RAMADAN")
        assert quote.voucher == real_code


def test_the_same_wrong_code_sent_again_counts_once(client, coffee, real_code):  # noqa: F811
    add(client, coffee)
    for _ in range(15):
        try_code(client, "SALAH")
    quote, _body = try_code(client, "RAMADAN")
    assert quote.voucher == real_code


def test_a_guesser_who_drops_the_session_is_counted_by_address(coffee, real_code):  # noqa: F811
    for attempt in range(30):
        fresh = Client()
        add(fresh, coffee)
        try_code(fresh, f"TEBAK{attempt}")
    fresh = Client()
    add(fresh, coffee)
    quote, body = try_code(fresh, "RAMADAN")
    assert quote.voucher is None and TOO_MANY in body
    elsewhere = Client()
    add(elsewhere, coffee)
    quote, _body = try_code(elsewhere, "RAMADAN", address="198.51.100.20")
    assert quote.voucher == real_code
