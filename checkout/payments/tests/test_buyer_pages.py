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


def test_payment_received_page_shows_amount_next_steps_and_the_email(
    client, idr_checkout, django_capture_on_commit_callbacks
):
    from checkout.payments.services import confirm_manual_payment

    attempt = open_attempt(idr_checkout, gateway="manual")
    with django_capture_on_commit_callbacks(execute=True):
        confirm_manual_payment(attempt)
    html = client.get(f"/payments/return/{attempt.provider_id}").content.decode()
    assert "Pembayaran diterima" in html
    assert "Jumlah yang dibayar" in html and "Rp160.000" in html  # 2 × 75.000 + 15.000 − 5.000
    assert "Langkah selanjutnya" in html and "nomor resi" in html
    assert f"Konfirmasi sudah dikirim lewat e-mail ke {idr_checkout.email}" in html


def test_refused_payment_offers_a_button_to_try_again(client, idr_checkout):
    from checkout.payments.models import AttemptStatus

    attempt = open_attempt(idr_checkout, gateway="manual")
    attempt.status = AttemptStatus.FAILED
    attempt.save(update_fields=["status"])
    html = client.get(f"/payments/return/{attempt.provider_id}").content.decode()
    assert "Pembayaran belum berhasil" in html
    assert f'action="/checkout/pay/{idr_checkout.token}/"' in html and "Coba bayar lagi" in html
    retry = client.post(f"/checkout/pay/{idr_checkout.token}/")
    assert retry.status_code == 302  # a new payment attempt starts
