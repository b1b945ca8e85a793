from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.money import money_of


class AttemptStatus(models.TextChoices):
    """Monotonic: a later status may only move forward (see ``services.apply_status``)."""

    CREATED = "created", _("Created")
    PENDING = "pending", _("Awaiting payment")
    AUTHORIZED = "authorized", _("Authorised")
    CHALLENGE = "challenge", _("Under review (fraud)")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partly refunded")
    REFUNDED = "refunded", _("Refunded")


class EventOutcome(models.TextChoices):
    """What handling a provider notification did; stored on ``PaymentEvent.outcome`` and answered in the body."""

    RECEIVED = "received", _("Received, not yet applied")
    APPLIED = "applied", _("Applied")
    IGNORED = "ignored", _("Nothing to change")
    DUPLICATE = "duplicate", _("Repeat of an event already handled")
    UNKNOWN_ATTEMPT = "unknown_attempt", _("No such payment")
    AMOUNT_MISMATCH = "amount_mismatch", _("Amount or currency does not match")
    NOT_CONFIRMED = "not_confirmed", _("Not confirmed by the provider")
    NEEDS_ATTENTION = "needs_attention", _("Left for a person")
    REJECTED = "rejected", _("Rejected (bad signature or unreadable)")
    RATE_LIMITED = "rate_limited", _("Too many rejected notifications from one address")
    ERROR = "error", _("Temporary error; the provider retries")


class PaymentAttempt(models.Model):
    """One try at paying a checkout, with its own provider id (Midtrans order_id ≤ 50 chars)."""

    checkout = models.ForeignKey(
        "checkout.Checkout", on_delete=models.PROTECT, related_name="payment_attempts"
    )
    gateway = models.CharField(max_length=20)
    number = models.PositiveSmallIntegerField(default=1)
    provider_id = models.CharField(max_length=50, unique=True)
    provider_reference = models.CharField(
        max_length=255, blank=True, help_text="Snap token, Checkout Session id, …"
    )
    redirect_url = models.URLField(max_length=1000, blank=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=20, choices=AttemptStatus.choices, default=AttemptStatus.CREATED)
    payment_type = models.CharField(max_length=40, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    #: When reconciliation asks the provider again about an attempt that closed unpaid (expired, cancelled,
    #: failed): a settlement whose notification was lost still reaches the orders. Backs off; None = not watched.
    next_check_at = models.DateTimeField(null=True, blank=True)
    error_message = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    #: What this attempt charges, as ``catalog.money.Money``: the amount its gateway's ``start`` is given.
    amount_money = money_of("amount")

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["checkout", "number"], name="attempt_unique_number")]
        indexes = [
            models.Index(fields=["status", "expires_at"], name="attempt_status_expiry"),
            models.Index(fields=["status", "next_check_at"], name="attempt_status_next_check"),
        ]

    def __str__(self):
        return self.provider_id


class PaymentEvent(models.Model):
    """Every notification as received, stored once per provider event, for audit (also the rejected ones).

    A well-signed event keeps its whole body. A rejected one keeps only its digest, size and a short prefix
    (``notifications_audit``), so nobody can fill the database by posting junk."""

    gateway = models.CharField(max_length=20)
    event_id = models.CharField(max_length=255, help_text="Provider event id, or a digest of the raw body")
    attempt = models.ForeignKey(
        PaymentAttempt, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    signature_valid = models.BooleanField(default=False)
    raw_body = models.TextField(help_text="The whole body when signed; a short prefix when rejected")
    body_size = models.PositiveIntegerField(default=0)
    body_digest = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the body, hex")
    source_address = models.GenericIPAddressField(null=True, blank=True)
    outcome = models.CharField(max_length=40, blank=True, choices=EventOutcome.choices)
    detail = models.CharField(max_length=255, blank=True)
    #: Later deliveries of the same event (provider retries, concurrent copies): answered "duplicate".
    repeats = models.PositiveIntegerField(default=0)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [models.UniqueConstraint(fields=["gateway", "event_id"], name="payment_event_unique")]
        indexes = [
            models.Index(fields=["signature_valid", "received_at"], name="payment_event_validity_age"),
        ]

    def __str__(self):
        return f"{self.gateway}:{self.event_id} ({self.outcome})"


class RefundKind(models.TextChoices):
    SHOP = "shop", _("Refund made in the shop")
    OUT_OF_STOCK = "out_of_stock", _("Automatic refund: paid after the stock was gone")
    #: Money of a second payment for an already paid checkout: never counted on the orders.
    DUPLICATE_PAYMENT = "duplicate_payment", _("Automatic refund of a duplicate payment")
    #: Money returned outside the shop (provider dashboard, chargeback), recorded so the order's sums stay right.
    EXTERNAL = "external", _("Returned outside the shop")


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Processing")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class RefundQuerySet(models.QuerySet):
    def committed(self):
        """Done or still in progress at the provider: money that is gone or going."""
        return self.filter(status__in=(RefundStatus.PENDING, RefundStatus.SUCCEEDED))

    def counted_on_orders(self):
        """Refunds that lower what an order can still give back (all but duplicate payments)."""
        return self.exclude(kind=RefundKind.DUPLICATE_PAYMENT)

    def started_by_shop(self):
        """Refunds the shop asked a provider for (not money returned outside it)."""
        return self.exclude(kind=RefundKind.EXTERNAL)

    def pending(self):
        return self.filter(status=RefundStatus.PENDING)


class Refund(models.Model):
    """A refund of (part of) one store order; idempotent through ``refund_key``."""

    Status = RefundStatus
    Kind = RefundKind

    order = models.ForeignKey("checkout.Order", on_delete=models.PROTECT, related_name="refunds")
    attempt = models.ForeignKey(PaymentAttempt, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    reason = models.CharField(max_length=255)
    refund_key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=20, choices=RefundKind.choices, default=RefundKind.SHOP)
    provider_reference = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=12, choices=RefundStatus.choices, default=RefundStatus.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    #: When the money went back (the refund succeeded): the day a sales report subtracts it (docs/reports.md).
    completed_at = models.DateTimeField(null=True, blank=True)
    #: Last time reconciliation asked the provider about this refund while it was pending.
    checked_at = models.DateTimeField(null=True, blank=True)

    objects = RefundQuerySet.as_manager()

    #: What this refund returns, in the currency of the payment it returns money of: the amount its gateway's
    #: ``refund`` is given.
    amount_money = money_of("amount", "attempt.currency")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.refund_key} {self.amount}"


class ExternalReversal(models.Model):
    """Money returned outside the shop (a refund in the provider's dashboard, or a chargeback), as reported by a
    notification. Either applied to one store order (``order`` set, with a Refund row ``ext-<pk>``) or left for a
    person (``needs_attention``): with several store orders and no exact match the shop never guesses."""

    class Kind(models.TextChoices):
        REFUND = "refund", _("Refund from the provider's dashboard")
        CHARGEBACK = "chargeback", _("Chargeback / dispute")
        #: A chargeback the store later won: the money came back. Never undone automatically (the order may have
        #: been refunded and its stock released meanwhile); always left for a person.
        DISPUTE_WON = "dispute_won", _("Dispute won, money returned")

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("Applied to the order")
        NEEDS_ATTENTION = "needs_attention", _("Needs a manual check")
        RESOLVED = "resolved", _("Settled by an admin")

    attempt = models.ForeignKey(PaymentAttempt, on_delete=models.PROTECT, related_name="external_reversals")
    event = models.ForeignKey(
        PaymentEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    reference = models.CharField(
        max_length=255, help_text="Provider dispute id, or the notification's event id"
    )
    order = models.ForeignKey(
        "checkout.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="external_reversals"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    detail = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.CharField(max_length=255, blank=True)

    amount_money = money_of("amount")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "reference"], name="external_reversal_unique_reference"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.amount} {self.currency} ({self.outcome})"
