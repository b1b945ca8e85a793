"""The buyer's pages around a payment: manual transfer instructions and the return page."""

from checkout.payments.services import start_payment

from .conftest import make_checkout, open_attempt


def test_manual_transfer_shows_account_amount_and_reference(client, db, chans, store, keys):
    from tests.factories import make_product

    checkout = make_checkout(
        chans["indonesia"],
        [(make_product(store, "Sabun Sirih", price_idr=30000), 1)],
        gateway="manual",
        method="bank_transfer",
    )
    attempt = start_payment(checkout)
    resp = client.get(attempt.redirect_url)
    html = resp.content.decode()
    assert resp.status_code == 200
    assert attempt.provider_id in html and "7123456789" in html and "30.000" in html


def test_return_page_never_claims_payment_on_the_providers_redirect_alone(client, idr_checkout, settings):
    attempt = open_attempt(idr_checkout, gateway="manual")  # nothing to ask: stays pending
    resp = client.get(f"/payments/return/{attempt.provider_id}?transaction_status=settlement&status_code=200")
    html = resp.content.decode()
    assert resp.status_code == 200 and "menunggu konfirmasi" in html and "Pembayaran diterima" not in html
    assert client.get("/payments/return/OPOP-0-0").status_code == 404
