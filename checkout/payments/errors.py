"""Domain errors of the payments app. Messages meant for people are translatable (Bahasa Indonesia source)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class PaymentErrorCode(StrEnum):
    START_FAILED = "start_failed"
    NOT_PAYABLE = "not_payable"
    GATEWAY_UNAVAILABLE = "gateway_unavailable"
    SIGNATURE_INVALID = "signature_invalid"
    MALFORMED = "malformed"
    PROVIDER_ERROR = "provider_error"
    REFUND_INVALID = "refund_invalid"
    REFUND_FAILED = "refund_failed"


class PaymentError(Exception):
    """Base class. ``message`` is safe to show to the person who caused it (never contains keys)."""

    code = PaymentErrorCode.PROVIDER_ERROR
    default_message = _("Something went wrong with the payment.")

    def __init__(self, message=None, *, code=None):
        self.message = message or self.default_message
        if code:
            self.code = code
        super().__init__(str(self.message))


class PaymentStartError(PaymentError):
    """Starting a payment failed. The orders stay awaiting payment; the buyer can try again."""

    code = PaymentErrorCode.START_FAILED
    default_message = _(
        "The payment service cannot be reached right now. Your order is saved; please try again in a "
        "moment."
    )


class ProviderError(PaymentError):
    """The provider timed out, answered 5xx, an HTML error page, or refused the request."""

    code = PaymentErrorCode.PROVIDER_ERROR

    def __init__(self, message=None, *, code=None, retryable: bool = True, http_status: int | None = None):
        super().__init__(message, code=code)
        self.retryable = retryable
        self.http_status = http_status


class NotificationError(PaymentError):
    """A notification that cannot be trusted or read. Answered with 4xx and stored for audit."""

    code = PaymentErrorCode.MALFORMED
    http_status = 400


class SignatureError(NotificationError):
    code = PaymentErrorCode.SIGNATURE_INVALID
    default_message = _("The notification signature is not valid.")


class MalformedNotification(NotificationError):
    default_message = _("The notification could not be read.")


class RefundError(PaymentError):
    code = PaymentErrorCode.REFUND_FAILED
    default_message = _("The refund could not be processed.")
