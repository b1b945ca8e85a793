"""Business actions of the payments app, one module per concept:

- ``starting``: start a payment, stop the attempts a new one supersedes, a buyer abandoning one;
- ``applying``: apply a provider's status to the attempt and its orders (monotonic, one transaction);
- ``refunds``: refunds the shop starts, completing and failing them;
- ``reversals``: money returned outside the shop (dashboard refunds, chargebacks, won disputes);
- ``reconciling``: asking the providers about what went quiet (open attempts, closed ones, pending refunds).

Rules every function keeps: no row lock is held while a provider is called; attempt statuses move only forward
(``states.STATUS_RANK``); orders move only through ``checkout.services.orders``; rows are locked in the order
``checkout.locks`` documents. This package is the public API: import from ``checkout.payments.services``.
"""

from ..states import MONEY_RECEIVED, OPEN_STATUSES, STATUS_RANK, amount_matches, can_move, make_provider_id
from .applying import ApplyResult, apply_status, confirm_manual_payment, settle_consequences
from .reconciling import (
    EXPIRY_GRACE,
    ReconcileReport,
    RefundReport,
    check_closed_attempt,
    quiet_attempts,
    reconcile_payments,
    reconcile_refunds,
    refresh_attempt,
)
from .refunds import (
    complete_refund,
    fail_refund,
    notify_out_of_stock_refund,
    paid_attempt_for,
    refund_order,
    refundable_amount,
)
from .reversals import (
    apply_external_reversal,
    apply_provider_reversals,
    record_dispute_won,
    resolve_external_reversal,
)
from .starting import abandon_checkout, abandon_payment, cancel_superseded_attempts, start_payment

__all__ = [
    "EXPIRY_GRACE",
    "MONEY_RECEIVED",
    "OPEN_STATUSES",
    "STATUS_RANK",
    "ApplyResult",
    "ReconcileReport",
    "RefundReport",
    "abandon_checkout",
    "abandon_payment",
    "amount_matches",
    "apply_external_reversal",
    "apply_provider_reversals",
    "apply_status",
    "can_move",
    "cancel_superseded_attempts",
    "check_closed_attempt",
    "complete_refund",
    "confirm_manual_payment",
    "fail_refund",
    "make_provider_id",
    "notify_out_of_stock_refund",
    "paid_attempt_for",
    "quiet_attempts",
    "reconcile_payments",
    "reconcile_refunds",
    "refresh_attempt",
    "refund_order",
    "refundable_amount",
    "record_dispute_won",
    "resolve_external_reversal",
    "settle_consequences",
    "start_payment",
]
