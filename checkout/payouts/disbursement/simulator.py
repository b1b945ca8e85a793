"""The offline disbursement simulator of the demo and the tests: pays at once, remembers each idempotency key (a
repeat returns the first payout) and fails accounts whose number ends in ``0000`` (to show a failed transfer)."""

from __future__ import annotations

import hashlib

from .base import DisbursementGateway, DisbursementResult, DisbursementState, PayoutOrder

FAILING_SUFFIX = "0000"


class SimulatedDisbursement(DisbursementGateway):
    name = "simulator"
    currencies = frozenset({"IDR", "MYR"})
    created: dict[str, DisbursementResult] = {}

    def create(self, order: PayoutOrder) -> DisbursementResult:
        if order.idempotency_key in self.created:
            return self.created[order.idempotency_key]
        reference = "SIM" + hashlib.sha256(order.idempotency_key.encode()).hexdigest()[:12]
        if order.account_number.endswith(FAILING_SUFFIX):
            result = DisbursementResult(DisbursementState.FAILED, reference, "simulated: account closed")
        else:
            result = DisbursementResult(DisbursementState.PAID, reference)
        self.created[order.idempotency_key] = result
        return result

    def status(self, reference: str) -> DisbursementResult:
        for result in self.created.values():
            if result.reference == reference:
                return result
        return DisbursementResult(DisbursementState.FAILED, reference, "unknown payout")
