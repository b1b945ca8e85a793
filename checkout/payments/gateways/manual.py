"""Manual bank transfer: the buyer transfers to the marketplace account and an administrator (or the store, for a
single-store checkout) confirms receipt in the admin. No provider, no notifications, refunds are done by hand."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..errors import MalformedNotification, ProviderError
from .base import Gateway, ProviderStatus, RefundResult, StartResult


class ManualTransferGateway(Gateway):
    name = "manual"
    label = _("Bank transfer (confirmed by hand)")
    has_notifications = False
    supports_refunds = False

    def start(self, attempt, checkout, amount) -> StartResult:
        self.chargeable(amount)  # any currency: the buyer transfers it to the marketplace's account
        return StartResult(
            redirect_url=reverse("payments:manual_instructions", args=[checkout.token, attempt.number]),
            provider_reference=attempt.provider_id,
        )

    def parse_notification(self, request):
        raise MalformedNotification()

    def fetch_status(self, attempt) -> ProviderStatus:
        # Nobody to ask: the state is what an administrator confirmed.
        return ProviderStatus(status=attempt.status, amount=attempt.amount, currency=attempt.currency)

    def refund(self, attempt, refund, amount) -> RefundResult:
        # Money goes back by bank transfer, done by a person; recording it is enough.
        if self.chargeable(amount).amount <= 0:
            raise ProviderError(retryable=False)
        return RefundResult(provider_reference=f"manual-{refund.refund_key}", succeeded=True)

    def payment_window(self, method=None, *, channel=None) -> timedelta:
        # Its own deadline: a transfer from a bank counter or another bank's app takes longer than a card.
        hours = getattr(channel, "transfer_window_hours", None) or getattr(settings, "OPOP_MANUAL_TRANSFER_HOURS", 24)
        return timedelta(hours=int(hours))


def bank_accounts() -> list[dict]:
    """The accounts shown on the instructions page (``settings.OPOP_BANK_ACCOUNTS``; a demo account otherwise)."""
    return getattr(
        settings,
        "OPOP_BANK_ACCOUNTS",
        [{"bank": "Bank Syariah Indonesia", "number": "7123456789", "holder": "Koperasi OPOP Jawa Timur"}],
    )
