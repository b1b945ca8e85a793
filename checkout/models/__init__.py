from .cart import Cart, CartLine
from .checkout import Checkout
from .digest import StoreDigest
from .order import Order, OrderEvent, OrderEventType, OrderLine, OrderStatus
from .reservation import Reservation, ReservationStatus
from .review import MAX_PHOTOS, MAX_RATING, MIN_RATING, Review, ReviewPhoto
from .shipping import ShippingRate
from .voucher import Voucher, VoucherRedemption

__all__ = [
    "Cart",
    "CartLine",
    "Checkout",
    "Order",
    "OrderEvent",
    "OrderEventType",
    "OrderLine",
    "OrderStatus",
    "Reservation",
    "ReservationStatus",
    "MAX_PHOTOS",
    "MAX_RATING",
    "MIN_RATING",
    "Review",
    "ReviewPhoto",
    "ShippingRate",
    "StoreDigest",
    "Voucher",
    "VoucherRedemption",
]
