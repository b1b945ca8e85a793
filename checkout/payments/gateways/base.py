"""The one gateway interface every payment provider implements (Saleor's ``payment/interface.py`` idea).

A gateway maps the provider's world to ours and back. It never touches the database itself: services in
``checkout.payments.services`` decide what a result means for attempts and orders, inside transactions, and call
the gateway only outside them (no row lock is ever held across a network call).

The amount a gateway charges (``start``) or returns (``refund``) is handed to it as a ``catalog.money.Money``; the
gateway refuses (``ValueError``) a currency it cannot charge (``Gateway.chargeable``) and converts the amount into
the provider's own units in one place (Stripe's ``to_minor``, Midtrans's ``rupiah``).
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.conf import settings

from catalog.money import Money

if TYPE_CHECKING:
    from django.http import HttpRequest

    from checkout.models import Checkout
    from checkout.payments.models import PaymentAttempt, Refund


@dataclass(frozen=True)
class StartResult:
    """Where to send the buyer, and the provider's handle on the payment (Snap token, Checkout Session id)."""

    redirect_url: str
    provider_reference: str = ""


class ReversalKind(StrEnum):
    """Money moving back after a payment, as a notification reports it."""

    REFUND = "refund"
    CHARGEBACK = "chargeback"
    #: A closed dispute the store won: the chargeback's money came back (left for a person).
    DISPUTE_WON = "dispute_won"
    #: A closed dispute the store lost: nothing new (the chargeback stands).
    DISPUTE_LOST = "dispute_lost"


class RefundState(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@dataclass(frozen=True)
class ProviderRefund:
    """One refund as the provider lists it (Midtrans ``refunds[]`` entry, Stripe Refund object)."""

    key: str
    amount: Decimal
    #: The provider's own id of this refund (Midtrans ``refund_chargeback_id``, Stripe ``re_…``).
    reference: str = ""
    #: Midtrans: ``succeeded`` once ``bank_confirmed_at`` is set; listed without it, the bank is still at work.
    state: RefundState = RefundState.SUCCEEDED


@dataclass(frozen=True)
class RefundInfo:
    """A refund reported by the provider in a notification."""

    refund_key: str = ""
    amount: Decimal | None = None
    provider_reference: str = ""
    succeeded: bool = True
    #: The provider gave up on this refund (Stripe ``failed`` / ``canceled``).
    failed: bool = False
    #: A ``ReversalKind`` for money returned outside the shop (or a closed dispute); "" when the event only
    #: concerns refunds the shop started itself (Stripe ``refund.*``), matched by ``refund_key`` or ignored.
    external_kind: str = ""
    #: True when ``amount`` is everything returned on the payment so far (Midtrans ``refund_amount``, Stripe
    #: ``charge.amount_refunded``), False when it is this one reversal (Stripe dispute).
    cumulative: bool = False
    #: Identifies one reversal at the provider (Stripe dispute id); "" means "use the event id".
    reference: str = ""


@dataclass(frozen=True)
class Notification:
    """A verified notification, mapped to our terms.

    ``status`` is an ``AttemptStatus`` value, or ``None`` for events that change no payment state (informational).
    ``event_id`` is unique per provider event: the provider's id (Stripe ``evt_…``) or a digest of what makes the
    event distinct (Midtrans has no event id).
    """

    event_id: str
    provider_id: str
    status: str | None
    amount: Decimal | None = None
    currency: str | None = None
    payment_type: str = ""
    provider_reference: str = ""
    refund: RefundInfo | None = None
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ProviderStatus:
    """What the provider says when asked directly. ``status`` None means "nothing attempted yet" (Midtrans 404)."""

    status: str | None
    amount: Decimal | None = None
    currency: str | None = None
    payment_type: str = ""
    raw: dict[str, Any] = field(default_factory=dict)
    #: Every refund of the payment the provider knows about (Midtrans ``refunds[]``).
    refunds: tuple[ProviderRefund, ...] = ()
    #: Everything returned so far when the provider gives a running total (Midtrans ``refund_amount``).
    refunded_total: Decimal | None = None
    #: ``ReversalKind`` when the payment was refunded or charged back, else "".
    reversal_kind: str = ""


@dataclass(frozen=True)
class RefundResult:
    provider_reference: str = ""
    succeeded: bool = True  # False: accepted but pending at the bank (Midtrans status_code 201)


class Gateway(abc.ABC):
    """One payment provider. Implementations: ``midtrans.MidtransGateway``, ``stripe.StripeGateway``,
    ``manual.ManualTransferGateway``. Registered by name in ``checkout.payments.registry``."""

    name: str = ""
    label: str = ""
    #: True when the provider sends signed notifications to ``/payments/<name>/…``
    has_notifications: bool = True
    #: True when money can be returned through the provider's API
    supports_refunds: bool = True
    #: True when the notification's signature does not cover the whole body (Midtrans signs order id, status
    #: code and gross amount only): a captured settlement can then be rewritten into a refund or chargeback with
    #: the same signature, so every reversal is confirmed with the provider's status API before it counts.
    reversals_need_status_check: bool = False
    #: The currencies (ISO 4217, upper case) this gateway can charge and refund; None: any the provider takes.
    currencies: frozenset[str] | None = None

    def is_configured(self) -> bool:
        return True

    def chargeable(self, amount: Money) -> Money:
        """``amount`` when this gateway can charge or refund it. ``TypeError`` for a bare number, ``ValueError`` for
        a currency outside ``currencies`` (a channel offering a gateway that cannot take its currency)."""
        if not isinstance(amount, Money):
            raise TypeError(f"{self.name} charges a Money, not {amount!r}")
        if self.currencies is not None and amount.currency not in self.currencies:
            raise ValueError(f"{self.name} cannot charge {amount.currency}")
        return amount

    @abc.abstractmethod
    def start(self, attempt: PaymentAttempt, checkout: Checkout, amount: Money) -> StartResult:
        """Create the payment of ``amount`` (``attempt.amount_money``: every store order of ``checkout`` together)
        at the provider. Raises ``ProviderError`` (timeouts, 5xx, HTML error pages, refusals), ``ValueError`` for
        an amount it cannot charge (``chargeable``) or store orders that do not add up to it."""

    @abc.abstractmethod
    def parse_notification(self, request: HttpRequest) -> Notification:
        """Verify the signature on the raw body and map it. Raises ``SignatureError`` / ``MalformedNotification``."""

    @abc.abstractmethod
    def fetch_status(self, attempt: PaymentAttempt) -> ProviderStatus:
        """Ask the provider directly. Raises ``ProviderError``."""

    @abc.abstractmethod
    def refund(self, attempt: PaymentAttempt, refund: Refund, amount: Money) -> RefundResult:
        """Return ``amount`` (``refund.amount_money``) of ``attempt``; idempotent on ``refund.refund_key``. Raises
        ``ProviderError``, or ``ValueError`` for an amount it cannot refund (``chargeable``)."""

    def lookup_provider_id(self, notification: Notification) -> str:
        """Find our attempt id for a notification that does not carry it (Stripe charge and dispute events).
        Raises ``ProviderError``. Default: nothing to look up."""
        return ""

    def fetch_refunds(self, attempt: PaymentAttempt) -> tuple[ProviderRefund, ...]:
        """Every refund of ``attempt`` the provider knows, with its state (for reconciling pending refunds).
        Raises ``ProviderError``. Default: the ``refunds`` of ``fetch_status``."""
        return self.fetch_status(attempt).refunds

    def cancel(self, attempt: PaymentAttempt) -> str | None:
        """Stop a still-pending attempt at the provider so it can no longer be paid.

        Returns the ``AttemptStatus`` the attempt now has at the provider (cancelled/expired), or ``None`` when the
        provider has nothing to stop or cannot stop it. Raises ``ProviderError``. Default: not supported.
        """
        return None

    def payment_window(self, method: str | None = None, *, channel=None) -> timedelta:
        """How long the buyer may take to pay; the stock reservation lasts as long and the provider is told to
        close the payment at the same moment. Default: the channel's ``payment_window_minutes``."""
        return channel_window(channel)


def channel_window(channel) -> timedelta:
    """The channel's payment window (``Channel.payment_window_minutes``), or ``OPOP_PAYMENT_WINDOW_MINUTES``."""
    minutes = getattr(channel, "payment_window_minutes", None) or getattr(
        settings, "OPOP_PAYMENT_WINDOW_MINUTES", 60
    )
    return timedelta(minutes=int(minutes))
