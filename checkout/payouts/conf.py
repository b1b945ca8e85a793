"""Payout settings, read from Django settings (which read the environment; see docs/payouts.md)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings


def default_commission_percent() -> Decimal:
    """The marketplace's commission on a sale's goods (shipping excluded), unless the store has its own terms."""
    return Decimal(str(getattr(settings, "OPOP_PAYOUT_COMMISSION_PERCENT", "5")))


def payment_fee_percent() -> Decimal:
    """What the payment provider takes of an order's total (the estimate the ledger charges)."""
    return Decimal(str(getattr(settings, "OPOP_PAYOUT_PAYMENT_FEE_PERCENT", "2")))


def store_fee_share_percent() -> Decimal:
    """How much of the payment fee the store bears (100: all of it; 0: the marketplace pays it)."""
    return Decimal(str(getattr(settings, "OPOP_PAYOUT_STORE_FEE_SHARE_PERCENT", "100")))


def holding_period() -> timedelta:
    """How long after delivery an order's money becomes payable (returns and complaints window)."""
    return timedelta(days=int(getattr(settings, "OPOP_PAYOUT_HOLD_DAYS", 7)))


def disbursement_gateway_name() -> str:
    return getattr(settings, "OPOP_DISBURSEMENT_GATEWAY", "simulator")
