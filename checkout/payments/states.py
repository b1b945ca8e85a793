"""Attempt states and the rules about them that every payments module shares (no database access here)."""

from __future__ import annotations

from decimal import Decimal

from .models import AttemptStatus

#: Monotonic order of attempt states. A status is applied only when its rank is higher than the current one.
#: Failed/cancelled/expired rank below paid: within one Snap session a buyer may pay after a denied card, and a
#: settlement may arrive after our own window closed (the orders then re-allocate or get refunded).
STATUS_RANK = {
    AttemptStatus.CREATED: 0,
    AttemptStatus.PENDING: 1,
    AttemptStatus.AUTHORIZED: 2,
    AttemptStatus.CHALLENGE: 2,
    AttemptStatus.FAILED: 3,
    AttemptStatus.CANCELLED: 3,
    AttemptStatus.EXPIRED: 3,
    AttemptStatus.PAID: 4,
    AttemptStatus.PARTIALLY_REFUNDED: 5,
    AttemptStatus.REFUNDED: 6,
}
OPEN_STATUSES = (AttemptStatus.CREATED, AttemptStatus.PENDING, AttemptStatus.AUTHORIZED, AttemptStatus.CHALLENGE)
#: Ended without money, as far as the shop knows; reconciliation keeps asking for a while (a lost settlement).
CLOSED_UNPAID = (AttemptStatus.FAILED, AttemptStatus.CANCELLED, AttemptStatus.EXPIRED)
MONEY_RECEIVED = (AttemptStatus.PAID, AttemptStatus.PARTIALLY_REFUNDED, AttemptStatus.REFUNDED)
REVERSED = (AttemptStatus.PARTIALLY_REFUNDED, AttemptStatus.REFUNDED)


def can_move(current: str, new: str) -> bool:
    return STATUS_RANK[new] > STATUS_RANK[current]


def amount_matches(attempt, amount, currency) -> bool:
    """Whether a provider's amount and currency are the attempt's (a missing one is not a mismatch)."""
    if amount is not None and Decimal(amount) != attempt.amount:
        return False
    if currency and currency.upper() != attempt.currency.upper():
        return False
    return True


def make_provider_id(checkout, number: int) -> str:
    """Midtrans ``order_id``: ≤ 50 chars of ``[A-Za-z0-9-_~.]``, and unique per merchant account *for ever*:
    Midtrans refuses an ``order_id`` it has seen ("has already been taken"). The checkout's primary key alone is
    not enough (a restored or recreated database, or staging and production on one sandbox account, count again
    from the same numbers), so a piece of the checkout's random token goes with it."""
    return f"OPOP-{checkout.pk}-{number}-{checkout.token[:8]}"
