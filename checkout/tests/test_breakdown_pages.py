"""Every amount that makes up a total is shown, and the parts shown add up to the total shown: cart, checkout,
payment (bank-transfer instructions, "payment received"), "order placed", order pages and the order e-mails.
The amounts are read back from the rendered page, not from the context."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest
from babel.numbers import get_currency_precision
from django.core import mail

from checkout.models import Checkout, Order, Voucher
from checkout.payments.models import PaymentAttempt
from checkout.payments.services import confirm_manual_payment
from tests.factories import make_product

from .test_checkout import ADDRESS, add, form_state
from .utils import flat_rate

pytestmark = pytest.mark.django_db

FREE = {"Gratis", "Free"}


def amount(text: str, currency: str = "IDR") -> Decimal | None:
    """Parse an amount: "Rp107.500" → 107500, "−Rp25.000" → -25000, "Gratis" → 0; None for text that is not an amount."""
    text = unescape(re.sub(r"<[^>]+>", "", text)).strip()
    if text in FREE:
        return Decimal(0)
    digits = re.sub(r"\D", "", text)
    if not digits or not re.search(r"Rp|RM|IDR|MYR", text):
        return None
    value = Decimal(digits).scaleb(-get_currency_precision(currency))
    return -value if text.startswith(("−", "-")) else value


def breakdowns(html: str) -> list[tuple[dict[str, Decimal], Decimal]]:
    """Each <dl class="breakdown">: ({label: part}, total). The total is the row with class "total"."""
    found = []
    for block in re.findall(r'<dl class="breakdown">(.*?)</dl>', html, re.S):
        parts, total = {}, None
        for dt, dd in re.findall(r"<dt[^>]*>(.*?)</dt>\s*<dd([^>]*>.*?)</dd>", block, re.S):
            attrs, _sep, value = dd.partition(">")
            label = unescape(re.sub(r"<[^>]+>", "", dt)).strip()
            if 'class="total"' in attrs:
                total = amount(value)
            elif amount(value) is not None:
                parts[label] = amount(value)
        assert total is not None, block
        found.append((parts, total))
    return found


def grand_total(html: str) -> Decimal:
    match = re.search(r'class="grand-total"[^>]*>.*?<strong>(.*?)</strong>', html, re.S)
    assert match, "no grand total on the page"
    return amount(match.group(1))


def assert_adds_up(html: str, stores: int) -> list[tuple[dict[str, Decimal], Decimal]]:
    found = breakdowns(html)
    assert len(found) == stores, found
    for parts, total in found:
        assert sum(parts.values()) == total, (parts, total)
    return found


@pytest.fixture
def two_stores(store, other_store, chans):
    idr = chans["indonesia"]
    other_store.is_pkp = True  # charges PPN
    other_store.save()
    flat_rate(store, idr, Decimal("0"), name="Ambil di pondok", is_pickup=True)
    flat_rate(other_store, idr, Decimal("9000"), name="J&T")
    Voucher.objects.create(code="OPOP25", channel=idr, kind=Voucher.Kind.FIXED, value=Decimal("25000"))
    return make_product(store, "Kopi Arabika", stock=5, price_idr=57500), make_product(
        other_store, "Batik Tulis", stock=2, price_idr=50000
    )


def test_every_page_shows_parts_that_add_up_to_its_total(
    client, two_stores, django_capture_on_commit_callbacks
):
    coffee, batik = two_stores
    add(client, coffee)
    add(client, batik)

    cart = client.get("/cart/").content.decode()
    found = assert_adds_up(cart, 2)
    assert any("PPN" in label for parts, _t in found for label in parts)  # the line that was missing
    assert sum(total for _p, total in found) == grand_total(cart)

    data = {**ADDRESS, "voucher_code": "OPOP25"}
    response, key, snapshot, quote = form_state(client, data)
    page = response.content.decode()
    found = assert_adds_up(page, 2)
    labels = " ".join(label for parts, _t in found for label in parts)
    assert "Diskon" in labels and "PPN" in labels and "Ongkos kirim" in labels
    assert "Gratis" in page  # the pickup costs nothing: "Gratis", not "Rp0"
    assert sum(total for _p, total in found) == grand_total(page) == quote.total

    data.update(action="place", idempotency_key=key, snapshot=snapshot)
    with django_capture_on_commit_callbacks(execute=True):
        placed = client.post("/checkout/", data)
    assert placed.status_code == 302, placed.content.decode()[:2000]
    checkout = Checkout.objects.get()
    instructions = client.get(placed["Location"]).content.decode()
    assert (
        sum(total for _p, total in assert_adds_up(instructions, 2))
        == checkout.total
        == grand_total(instructions)
    )

    done = client.get(f"/checkout/done/{checkout.token}/").content.decode()
    assert sum(total for _p, total in assert_adds_up(done, 2)) == grand_total(done) == checkout.total

    for order in Order.objects.all():
        page = client.get(order.get_absolute_url()).content.decode()
        [(parts, total)] = assert_adds_up(page, 1)
        assert total == order.total
        assert "Rp0" not in page

    attempt = PaymentAttempt.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        confirm_manual_payment(attempt)
    paid = client.get(f"/payments/return/{attempt.provider_id}").content.decode()
    assert sum(total for _p, total in assert_adds_up(paid, 2)) == checkout.total

    buyer_mails = [m for m in mail.outbox if m.to == [checkout.email]]
    assert len(buyer_mails) == 4  # placed and paid, for each store
    for message in buyer_mails:
        assert_mail_adds_up(message.body)


def assert_mail_adds_up(body: str) -> None:
    assert "&amp;" not in body  # plain text: "J&T", not HTML-escaped
    lines = dict(
        line.split(": ", 1)
        for line in body.splitlines()
        if ": " in line and not line.startswith(("-", "http"))
    )
    total = amount(lines.pop("Total"))
    names = ("Subtotal", "Diskon", "Ongkos kirim", "PPN")
    parts = {k: amount(v) for k, v in lines.items() if k.startswith(names)}
    assert any(k.startswith("Ongkos kirim") for k in parts) and "Subtotal" in parts, body
    assert sum(parts.values()) == total, (parts, total, body)
