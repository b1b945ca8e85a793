"""The disbursement interface: how a payout reaches a store's bank account. One module per provider maps the
provider's world to these dataclasses (like ``checkout.payments.gateways``). No provider is called with a row lock
held; every call carries the payout's idempotency key, so a retry after a timeout never pays twice."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class DisbursementState(StrEnum):
    QUEUED = "queued"  # accepted, waiting for approval or the bank
    PAID = "paid"  # received by the beneficiary's bank
    FAILED = "failed"  # rejected or failed: the money stays with the marketplace


@dataclass(frozen=True)
class PayoutOrder:
    """What a provider needs to pay one store."""

    idempotency_key: str
    amount: Decimal
    currency: str
    bank_code: str
    account_number: str
    holder_name: str
    notes: str


@dataclass(frozen=True)
class DisbursementResult:
    state: DisbursementState
    reference: str = ""
    error: str = ""


class DisbursementGateway:
    """Implement ``create`` (and ``status``) in a subclass; ``currencies`` lists what the provider can pay out."""

    name = "base"
    currencies: frozenset[str] = frozenset()

    def supports(self, currency: str) -> bool:
        return currency in self.currencies

    def create(self, order: PayoutOrder) -> DisbursementResult:
        """Create (and, where the provider needs it, approve) one payout. Raises ``DisbursementError`` when the
        provider refused or did not answer; a repeated call with the same key returns the first payout."""
        raise NotImplementedError

    def status(self, reference: str) -> DisbursementResult:
        raise NotImplementedError
