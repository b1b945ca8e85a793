"""Reconciliation: asking the providers about what went quiet, because notifications get lost.

- Open attempts past their window or quiet for 10 minutes: apply the provider's answer, expire what is past its
  window (``reconcile_payments``).
- Attempts that closed unpaid (expired, cancelled, failed): keep asking, less and less often, for
  ``OPOP_LATE_PAYMENT_WATCH_DAYS`` (7); a settlement whose notification was lost re-allocates or refunds exactly as
  a late notification would.
- Refunds still pending at the provider (Midtrans answers 201 while the bank works): completed or failed as the
  provider lists them (``reconcile_refunds``).

Each provider call happens with no lock held; answers go through the same monotonic services as notifications,
so overlapping runs are harmless.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import ProviderError
from ..gateways.base import RefundState
from ..models import AttemptStatus, EventOutcome, PaymentAttempt, Refund
from ..registry import get_gateway
from ..states import CLOSED_UNPAID, OPEN_STATUSES, amount_matches
from .applying import FIRST_LATE_CHECK, ApplyResult, apply_status, settle_consequences
from .refunds import complete_refund, fail_refund

logger = logging.getLogger(__name__)

#: After its window, an attempt the provider still calls pending gets this long before we expire it ourselves.
EXPIRY_GRACE = timedelta(minutes=5)
#: The longest pause between two late checks of a closed attempt.
LATE_CHECK_MAX_INTERVAL = timedelta(hours=12)
#: How often a pending refund is asked about.
REFUND_CHECK_INTERVAL = timedelta(minutes=10)


def late_watch_period() -> timedelta:
    return timedelta(days=getattr(settings, "OPOP_LATE_PAYMENT_WATCH_DAYS", 7))


def refresh_attempt(attempt: PaymentAttempt, *, now=None) -> PaymentAttempt:
    """Ask the provider about one open attempt and apply the answer; expire it when it is past its window.

    The provider is called with no lock held; the answer goes through ``apply_status`` (monotonic, atomic). A
    provider error leaves everything as it was (the next run tries again). Returns the fresh attempt.
    """
    if attempt.status not in OPEN_STATUSES:
        return attempt
    now = now or timezone.now()
    try:
        checked = get_gateway(attempt.gateway).fetch_status(attempt)
    except ProviderError as exc:
        logger.warning("status check of %s failed: %s", attempt.provider_id, exc.code)
        PaymentAttempt.objects.filter(pk=attempt.pk).update(last_checked_at=now)
        attempt.refresh_from_db()
        return attempt
    status = checked.status
    if status == AttemptStatus.PAID and not amount_matches(attempt, checked.amount, checked.currency):
        logger.error("provider reports %s paid with a different amount; not applied", attempt.provider_id)
        status = None
    past_window = attempt.expires_at is not None and now > attempt.expires_at + EXPIRY_GRACE
    if past_window and status in (None, AttemptStatus.CREATED, AttemptStatus.PENDING):
        status = AttemptStatus.EXPIRED
    result = (
        apply_status(attempt, status, payment_type=checked.payment_type)
        if status
        else ApplyResult(EventOutcome.IGNORED)
    )
    PaymentAttempt.objects.filter(pk=attempt.pk).update(last_checked_at=now)
    settle_consequences(result)
    attempt.refresh_from_db()
    return attempt


def check_closed_attempt(attempt: PaymentAttempt, *, now=None) -> PaymentAttempt:
    """Ask the provider again about an attempt that closed unpaid. Paid after all (the notification was lost):
    applied like a late settlement (the orders re-allocate, or are refunded when the stock is gone). Otherwise
    the next check is scheduled later (about half the attempt's age, 10 minutes to 12 hours), until the watch
    period ends."""
    now = now or timezone.now()
    try:
        checked = get_gateway(attempt.gateway).fetch_status(attempt)
    except ProviderError as exc:
        logger.warning("late check of %s failed: %s", attempt.provider_id, exc.code)
        checked = None
    if (
        checked is not None
        and checked.status == AttemptStatus.PAID
        and amount_matches(attempt, checked.amount, checked.currency)
    ):
        message = _("Payment %(id)s was received after its window closed (found by reconciliation).") % {
            "id": attempt.provider_id
        }
        settle_consequences(apply_status(attempt, AttemptStatus.PAID, payment_type=checked.payment_type, message=message))
    else:
        PaymentAttempt.objects.filter(pk=attempt.pk, status__in=CLOSED_UNPAID).update(
            next_check_at=_next_late_check(attempt, now), last_checked_at=now
        )
    attempt.refresh_from_db()
    return attempt


def _next_late_check(attempt: PaymentAttempt, now):
    closed_since = attempt.expires_at or attempt.created_at
    age = now - closed_since
    if age > late_watch_period():
        return None  # watched long enough: the report of money without a paid order covers the rest
    return now + min(max(age / 2, FIRST_LATE_CHECK), LATE_CHECK_MAX_INTERVAL)


@dataclass
class ReconcileReport:
    checked: int = 0
    changed: dict[str, int] = field(default_factory=dict)
    #: Closed attempts asked about again, and those found paid after all.
    late_checked: int = 0
    late_paid: int = 0

    def summary(self) -> str:
        changed = ", ".join(f"{k}: {v}" for k, v in sorted(self.changed.items())) or "-"
        return (
            f"checked {self.checked} attempts; changed {changed}; "
            f"late checks {self.late_checked}, paid after closing {self.late_paid}"
        )


def quiet_attempts(*, now=None, quiet_for=timedelta(minutes=10)):
    """Open attempts nobody heard about recently: past their window, or not checked for ``quiet_for``."""
    now = now or timezone.now()
    return (
        PaymentAttempt.objects.filter(status__in=OPEN_STATUSES)
        .filter(Q(expires_at__lt=now) | Q(updated_at__lt=now - quiet_for))
        .filter(Q(last_checked_at__isnull=True) | Q(last_checked_at__lt=now - timedelta(minutes=1)))
    )


def closed_attempts_due(*, now=None):
    """Attempts that closed unpaid whose next late check is due (``next_check_at``)."""
    now = now or timezone.now()
    return PaymentAttempt.objects.filter(status__in=CLOSED_UNPAID, next_check_at__lte=now)


def reconcile_payments(*, now=None, limit: int = 200) -> ReconcileReport:
    """Ask the providers about attempts that went quiet, apply what they say, expire what is past its window; then
    ask again about attempts that closed unpaid and are due a late check.

    Safe to run concurrently and repeatedly: each attempt is handled by monotonic services."""
    now = now or timezone.now()
    report = ReconcileReport()
    for attempt in quiet_attempts(now=now).order_by("expires_at")[:limit]:
        before = attempt.status
        after = refresh_attempt(attempt, now=now).status
        report.checked += 1
        if after != before:
            report.changed[after] = report.changed.get(after, 0) + 1
    for attempt in closed_attempts_due(now=now).order_by("next_check_at")[:limit]:
        report.late_checked += 1
        if check_closed_attempt(attempt, now=now).status == AttemptStatus.PAID:
            report.late_paid += 1
            report.changed[AttemptStatus.PAID] = report.changed.get(AttemptStatus.PAID, 0) + 1
    return report


@dataclass
class RefundReport:
    checked: int = 0
    completed: int = 0
    failed: int = 0

    def summary(self) -> str:
        return f"checked {self.checked} pending refunds; completed {self.completed}, failed {self.failed}"


def pending_refunds_due(*, now=None):
    """Refunds the shop asked for that the provider has not confirmed, not asked about in the last 10 minutes."""
    now = now or timezone.now()
    return (
        Refund.objects.pending()
        .started_by_shop()
        .filter(Q(checked_at__isnull=True) | Q(checked_at__lt=now - REFUND_CHECK_INTERVAL))
        .select_related("attempt")
    )


def reconcile_refunds(*, now=None, limit: int = 200) -> RefundReport:
    """Ask the provider about refunds still pending: complete those it lists as done (Midtrans: confirmed by the
    bank), fail those it gave up on, leave the rest for the next run. One provider call per payment."""
    now = now or timezone.now()
    report = RefundReport()
    pending = list(pending_refunds_due(now=now).order_by("created_at")[:limit])
    for attempt_id in dict.fromkeys(r.attempt_id for r in pending):
        refunds = [r for r in pending if r.attempt_id == attempt_id]
        attempt = refunds[0].attempt
        try:
            listed = {entry.key: entry for entry in get_gateway(attempt.gateway).fetch_refunds(attempt)}
        except ProviderError as exc:
            logger.warning("refund check of %s failed: %s", attempt.provider_id, exc.code)
            continue
        for refund in refunds:
            report.checked += 1
            entry = listed.get(refund.refund_key)
            if entry is not None and entry.state == RefundState.SUCCEEDED:
                report.completed += complete_refund(refund)
            elif entry is not None and entry.state == RefundState.FAILED:
                report.failed += fail_refund(refund)
        Refund.objects.filter(pk__in=[r.pk for r in refunds]).update(checked_at=now)
    return report
