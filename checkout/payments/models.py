from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AttemptStatus(models.TextChoices):
    """Monotonic: a later status may only move forward (see ``services.apply_status``)."""

    CREATED = "created", _("Dibuat")
    PENDING = "pending", _("Menunggu pembayaran")
    AUTHORIZED = "authorized", _("Diotorisasi")
    CHALLENGE = "challenge", _("Ditinjau (fraud)")
    PAID = "paid", _("Dibayar")
    FAILED = "failed", _("Gagal")
    CANCELLED = "cancelled", _("Dibatalkan")
    EXPIRED = "expired", _("Kedaluwarsa")
    PARTIALLY_REFUNDED = "partially_refunded", _("Dikembalikan sebagian")
    REFUNDED = "refunded", _("Dikembalikan")


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
    error_message = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["checkout", "number"], name="attempt_unique_number")]
        indexes = [models.Index(fields=["status", "expires_at"], name="attempt_status_expiry")]

    def __str__(self):
        return self.provider_id


class PaymentEvent(models.Model):
    """Every notification as received, stored once per provider event, for audit (also the rejected ones)."""

    gateway = models.CharField(max_length=20)
    event_id = models.CharField(max_length=255, help_text="Provider event id, or a digest of the raw body")
    attempt = models.ForeignKey(
        PaymentAttempt, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    signature_valid = models.BooleanField(default=False)
    raw_body = models.TextField()
    outcome = models.CharField(max_length=40, blank=True)
    detail = models.CharField(max_length=255, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [models.UniqueConstraint(fields=["gateway", "event_id"], name="payment_event_unique")]

    def __str__(self):
        return f"{self.gateway}:{self.event_id} ({self.outcome})"


class Refund(models.Model):
    """A refund of (part of) one store order; idempotent through ``refund_key``."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Diproses")
        SUCCEEDED = "succeeded", _("Berhasil")
        FAILED = "failed", _("Gagal")

    order = models.ForeignKey("checkout.Order", on_delete=models.PROTECT, related_name="refunds")
    attempt = models.ForeignKey(PaymentAttempt, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    reason = models.CharField(max_length=255)
    refund_key = models.CharField(max_length=64, unique=True)
    provider_reference = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.refund_key} {self.amount}"


class ExternalReversal(models.Model):
    """Money returned outside the shop (a refund in the provider's dashboard, or a chargeback), as reported by a
    notification. Either applied to one store order (``order`` set, with a Refund row ``ext-<pk>``) or left for a
    person (``needs_attention``): with several store orders and no exact match the shop never guesses."""

    class Kind(models.TextChoices):
        REFUND = "refund", _("Pengembalian dari dashboard penyedia")
        CHARGEBACK = "chargeback", _("Chargeback / sengketa")
        #: A chargeback the store later won: the money came back. Never undone automatically (the order may have
        #: been refunded and its stock released meanwhile); always left for a person.
        DISPUTE_WON = "dispute_won", _("Sengketa dimenangkan, dana kembali")

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("Diterapkan ke pesanan")
        NEEDS_ATTENTION = "needs_attention", _("Perlu diperiksa manual")
        RESOLVED = "resolved", _("Diselesaikan oleh admin")

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

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "reference"], name="external_reversal_unique_reference"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.amount} {self.currency} ({self.outcome})"
