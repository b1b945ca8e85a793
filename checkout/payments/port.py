"""The payment app's side of ``checkout.payment_port``: what the checkout app may ask of it, and the periodic
jobs it owns. Registered in ``PaymentsConfig.ready``; checkout never imports this app."""

from __future__ import annotations

from checkout.errors import PaymentUnavailable
from checkout.payment_port import PaymentPort, register_payment_port
from checkout.periodic import register_job

from .errors import PaymentStartError
from .registry import gateways_for_channel, get_gateway
from .rejections import prune_rejected_events
from .services import abandon_checkout, reconcile_payments, reconcile_refunds, start_payment


def payment_window(channel, gateway_name: str, method: str):
    return get_gateway(gateway_name or "manual").payment_window(method or None, channel=channel)


def start_payment_for_checkout(checkout) -> str:
    try:
        attempt = start_payment(checkout)
    except PaymentStartError as exc:
        raise PaymentUnavailable(exc.message) from exc
    return attempt.redirect_url


def register() -> None:
    register_payment_port(
        PaymentPort(
            gateways_for_channel=gateways_for_channel,
            payment_window=payment_window,
            start_payment=start_payment_for_checkout,
            abandon_checkout=abandon_checkout,
        )
    )
    # Reconciliation runs before reservations are released (checkout's job, order 50), so a settlement the
    # provider already knows about is applied before the same checkout's lapsed reservation is given up.
    register_job("reconcile_payments", lambda: reconcile_payments().summary(), order=10)
    register_job("reconcile_refunds", lambda: reconcile_refunds().summary(), order=20)
    register_job(
        "prune_rejected_notifications",
        lambda: f"{prune_rejected_events()} rejected notification(s) deleted",
        order=90,
    )
