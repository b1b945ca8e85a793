"""How the checkout app reaches a payment app without importing it.

Dependency direction: ``checkout.payments`` imports ``checkout`` (orders, locks, state machine); ``checkout``
never imports ``checkout.payments``. The few things checkout needs from payments (which gateways a channel
offers, how long a payment window lasts, starting a payment) go through this port, which the payment app
registers when Django starts (``PaymentsConfig.ready``). Another payment app can register its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class PaymentPort:
    #: ``(channel) -> [gateway]``: the gateways a channel offers, in its order (each has ``name`` and ``label``).
    gateways_for_channel: Callable
    #: ``(channel, gateway_name, method) -> timedelta``: how long the buyer may take to pay; placement reserves
    #: the items for as long.
    payment_window: Callable[..., timedelta]
    #: ``(checkout) -> str``: start (or resume) the payment; returns the URL the buyer pays at. Raises
    #: ``checkout.errors.PaymentUnavailable`` with a message for the buyer (the orders stay awaiting payment).
    start_payment: Callable[..., str]
    #: ``(checkout, *, reason, user=None) -> bool``: the buyer cancels from the shop (a cancel button on the
    #: checkout or order page): open payments are stopped at the provider and the unpaid orders cancelled, their
    #: stock released at once. False when a payment got through meanwhile (then nothing is cancelled).
    abandon_checkout: Callable[..., bool]


_registered: PaymentPort | None = None


def register_payment_port(port: PaymentPort) -> None:
    global _registered
    _registered = port


def payment_port() -> PaymentPort:
    if _registered is None:
        raise ImproperlyConfigured(
            "No payment app registered a PaymentPort: add 'checkout.payments' (or another payment app) to "
            "INSTALLED_APPS."
        )
    return _registered
