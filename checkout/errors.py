"""Domain errors of the checkout app. Each carries a code (for tests and logs) and a message for people."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ErrorCode(models.TextChoices):
    ILLEGAL_TRANSITION = "illegal_transition"
    INVALID_QUANTITY = "invalid_quantity"
    NOT_FOR_SALE = "not_for_sale"
    INSUFFICIENT_STOCK = "insufficient_stock"
    SOLD_OUT = "sold_out"
    EMPTY_CART = "empty_cart"
    VOUCHER_INVALID = "voucher_invalid"
    SHIPPING_INVALID = "shipping_invalid"
    CART_CHANGED = "cart_changed"
    PAYMENT_START = "payment_start"
    INVALID_AMOUNT = "invalid_amount"
    REVIEW_NOT_ALLOWED = "review_not_allowed"
    REVIEW_EXISTS = "review_exists"
    REVIEW_INVALID = "review_invalid"
    REPLY_EXISTS = "reply_exists"


class CheckoutError(Exception):
    """Base class: ``message`` is safe to show to the buyer or the editor."""

    code: str = "error"
    default_message = _("Something went wrong.")

    def __init__(self, message=None, *, code: str | None = None):
        self.message = message or self.default_message
        if code:
            self.code = code
        super().__init__(str(self.message))


class IllegalTransition(CheckoutError):
    code = ErrorCode.ILLEGAL_TRANSITION
    default_message = _("This order status change is not allowed.")


class CartError(CheckoutError):
    code = ErrorCode.INVALID_QUANTITY


class InsufficientStock(CartError):
    """Fewer units available than asked. ``items`` lists (variant, requested, available)."""

    code = ErrorCode.INSUFFICIENT_STOCK
    default_message = _("Not enough stock.")

    def __init__(self, message=None, *, items=None, code=None):
        self.items = items or []
        super().__init__(message, code=code)


class VoucherError(CheckoutError):
    code = ErrorCode.VOUCHER_INVALID


class ShippingError(CheckoutError):
    code = ErrorCode.SHIPPING_INVALID


class PaymentUnavailable(CheckoutError):
    """The payment could not be started (provider down, nothing left to pay). The orders stay as they were."""

    code = ErrorCode.PAYMENT_START


class CartChanged(CheckoutError):
    """Prices or availability changed since the buyer saw the summary. ``changes`` are sentences for the buyer."""

    code = ErrorCode.CART_CHANGED
    default_message = _("Your cart changed since this page was shown.")

    def __init__(self, message=None, *, changes=None):
        self.changes = changes or []
        super().__init__(message)


class InvalidAmount(CartChanged):
    """An amount of the quote is below zero or does not add up (a rate, price or voucher the database should
    never hold, or a custom pricing strategy's bug). Nothing is placed; the buyer is told which store."""

    code = ErrorCode.INVALID_AMOUNT
    default_message = _("An amount in this order is not valid, so it was not placed.")

    def __init__(self, message=None):
        message = message or self.default_message
        super().__init__(message, changes=[message])


class ReviewError(CheckoutError):
    """A review, reply or hiding that is refused; nothing was saved."""

    code = ErrorCode.REVIEW_INVALID
    default_message = _("This review cannot be saved.")
