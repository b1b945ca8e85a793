"""Gateways by name. A channel lists the names it offers (``Channel.payment_gateways``).

Extension point: ``settings.OPOP_PAYMENT_GATEWAYS`` maps a name to a dotted path of a ``Gateway`` subclass; the
built-in ones are used when the setting is absent.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from .errors import PaymentError, PaymentErrorCode
from .gateways.base import Gateway

DEFAULT_GATEWAYS = {
    "midtrans": "checkout.payments.gateways.midtrans.MidtransGateway",
    "stripe": "checkout.payments.gateways.stripe.StripeGateway",
    "manual": "checkout.payments.gateways.manual.ManualTransferGateway",
}


def gateway_paths() -> dict[str, str]:
    return {**DEFAULT_GATEWAYS, **getattr(settings, "OPOP_PAYMENT_GATEWAYS", {})}


def get_gateway(name: str) -> Gateway:
    """A fresh gateway instance (cheap; clients are built per call, so nothing is shared across threads)."""
    path = gateway_paths().get(name)
    if not path:
        raise PaymentError(code=PaymentErrorCode.GATEWAY_UNAVAILABLE)
    return import_string(path)()


def gateways_for_channel(channel) -> list[Gateway]:
    """The channel's gateways in its order, skipping unknown or unconfigured ones and those that cannot charge the
    channel's currency (``Gateway.currencies``: Midtrans in a ringgit channel)."""
    result = []
    for name in channel.gateway_list:
        if name not in gateway_paths():
            continue
        gateway = get_gateway(name)
        takes_currency = gateway.currencies is None or channel.currency.upper() in gateway.currencies
        if gateway.is_configured() and takes_currency:
            result.append(gateway)
    return result
