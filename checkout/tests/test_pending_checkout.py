"""A buyer whose placing request died after the order was committed (issue 11 item 7): the cart page tells them
about their unpaid checkout and links its payment page; the order e-mail carries the payment link too."""

import dataclasses
from unittest import mock

import pytest
from django.core import mail
from django.test import Client

from checkout.models import Checkout, OrderStatus
from checkout.payment_port import payment_port
from checkout.services.cart import CHECKOUTS_SESSION_KEY
from checkout.services.orders import mark_checkout_paid

from .test_checkout import add, coffee, idr, place  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(coffee):  # noqa: F811
    client = Client(raise_request_exception=False)
    add(client, coffee, 2)
    return client


def place_and_die(client):
    crash = RuntimeError("worker killed while the provider was on the line")
    crashing = dataclasses.replace(payment_port(), start_payment=mock.Mock(side_effect=crash))
    with mock.patch("checkout.views.payment_port", return_value=crashing):
        response, _data, _quote = place(client)
    assert response.status_code == 500  # the buyer got no page
    return Checkout.objects.get()


def pending_notice(client) -> str:
    html = client.get("/cart/").content.decode()
    return (
        html.split('class="notice pending-checkout"')[1].split("</section>")[0]
        if "pending-checkout" in html
        else ""
    )


def test_the_cart_page_links_the_unpaid_checkout_of_a_request_that_died(buyer):
    checkout = place_and_die(buyer)
    order = checkout.orders.get()
    notice = pending_notice(buyer)
    assert order.number in notice and "Rp" in notice
    assert f'href="/checkout/done/{checkout.token}/"' in notice
    payment_page = buyer.get(f"/checkout/done/{checkout.token}/").content.decode()
    assert f'action="/checkout/pay/{checkout.token}/"' in payment_page  # "Bayar sekarang"
    assert not checkout.cart.lines.exists()  # the cart became the checkout


def test_the_cart_link_alone_finds_it_when_the_session_never_heard_of_the_checkout(buyer):
    checkout = place_and_die(buyer)
    session = buyer.session
    session.pop(CHECKOUTS_SESSION_KEY, None)
    session.save()
    assert checkout.cart is not None
    assert checkout.orders.get().number in pending_notice(buyer)


def test_the_remembered_token_alone_finds_it_when_the_cart_is_gone(buyer):
    checkout = place_and_die(buyer)
    assert buyer.session[CHECKOUTS_SESSION_KEY] == [checkout.token]
    Checkout.objects.filter(pk=checkout.pk).update(cart=None)
    assert checkout.orders.get().number in pending_notice(buyer)


def test_another_visitor_sees_nothing(buyer, coffee):  # noqa: F811
    place_and_die(buyer)
    stranger = Client()
    add(stranger, coffee, 1)
    assert pending_notice(stranger) == ""


def test_a_paid_or_expired_checkout_is_no_longer_shown(buyer):
    checkout = place_and_die(buyer)
    mark_checkout_paid(checkout, message="settlement")
    assert checkout.orders.get().status == OrderStatus.PAID
    assert pending_notice(buyer) == ""


def test_the_order_e_mail_carries_the_payment_link(coffee, django_capture_on_commit_callbacks):  # noqa: F811
    client = Client()
    add(client, coffee, 1)
    with django_capture_on_commit_callbacks(execute=True):
        response, _data, _quote = place(client)
    assert response.status_code == 302
    checkout = Checkout.objects.get()
    placed = next(m for m in mail.outbox if checkout.orders.get().number in m.subject)
    assert f"/checkout/done/{checkout.token}/" in placed.body
