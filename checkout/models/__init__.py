from .cart import Cart, CartLine
from .checkout import Checkout
from .order import Order, OrderEvent, OrderLine, OrderStatus
from .reservation import Reservation, ReservationStatus
from .shipping import ShippingRate
from .voucher import Voucher, VoucherRedemption

__all__ = [
    "Cart",
    "CartLine",
    "Checkout",
    "Order",
    "OrderEvent",
    "OrderLine",
    "OrderStatus",
    "Reservation",
    "ReservationStatus",
    "ShippingRate",
    "Voucher",
    "VoucherRedemption",
]
