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


class CheckoutError(Exception):
    """Base class: ``message`` is safe to show to the buyer or the editor."""

    code: str = "error"
    default_message = _("Terjadi kesalahan.")

    def __init__(self, message=None, *, code: str | None = None):
        self.message = message or self.default_message
        if code:
            self.code = code
        super().__init__(str(self.message))


class IllegalTransition(CheckoutError):
    code = ErrorCode.ILLEGAL_TRANSITION
    default_message = _("Perubahan status pesanan ini tidak diizinkan.")


class CartError(CheckoutError):
    code = ErrorCode.INVALID_QUANTITY


class InsufficientStock(CartError):
    """Fewer units available than asked. ``items`` lists (variant, requested, available)."""

    code = ErrorCode.INSUFFICIENT_STOCK
    default_message = _("Stok tidak mencukupi.")

    def __init__(self, message=None, *, items=None, code=None):
        self.items = items or []
        super().__init__(message, code=code)


class VoucherError(CheckoutError):
    code = ErrorCode.VOUCHER_INVALID


class ShippingError(CheckoutError):
    code = ErrorCode.SHIPPING_INVALID


class CartChanged(CheckoutError):
    """Prices or availability changed since the buyer saw the summary. ``changes`` are sentences for the buyer."""

    code = ErrorCode.CART_CHANGED
    default_message = _("Isi keranjang berubah sejak halaman ini ditampilkan.")

    def __init__(self, message=None, *, changes=None):
        self.changes = changes or []
        super().__init__(message)
