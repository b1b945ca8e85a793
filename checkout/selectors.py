"""Read queries shared by buyer pages and the admin."""

from __future__ import annotations

from django.db.models import Prefetch, Q, Sum
from django.utils.translation import ngettext

from .models import CartLine, Checkout, Order, OrderEventType, OrderStatus
from .services.cart import CHECKOUTS_SESSION_KEY
from .services.cart import SESSION_KEY as CART_SESSION_KEY


def order_timeline(order: Order) -> list:
    """Status changes, oldest first, as (event, label) pairs for the buyer's page."""
    events = order.events.filter(type__in=[OrderEventType.PLACED, OrderEventType.STATUS]).order_by("created_at", "pk")
    return [(e, OrderStatus(e.to_status).label if e.to_status else "") for e in events]


def orders_for_editor(user):
    """Orders the user may manage in the admin: their stores' orders; all for superusers."""
    return Order.objects.for_user_stores(user).select_related("store", "checkout")


def cart_item_count(request) -> int:
    """The number of items in the visitor's cart, read-only, one query at most per request (none for a visitor
    without a cart); remembered on the request for the header's two slots."""
    cached = getattr(request, "_opop_cart_count", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        lines = CartLine.objects.filter(cart__user=user)
    else:
        session = getattr(request, "session", None)
        token = session.get(CART_SESSION_KEY) if session is not None else None
        if not token:
            return 0
        lines = CartLine.objects.filter(cart__token=token, cart__user__isnull=True)
    total = lines.aggregate(n=Sum("quantity"))["n"] or 0
    request._opop_cart_count = total
    return total


def cart_count_label(request) -> str:
    """The header's count badge ("" when the cart is empty). A page-cache slot filler (``OPOP_PAGE_CACHE_SLOTS``)."""
    total = cart_item_count(request)
    return str(total) if total else ""


def cart_count_words(request) -> str:
    """What screen readers hear after the badge ("items", "" when empty), so the cart link reads "Cart 3 items".
    A page-cache slot filler."""
    total = cart_item_count(request)
    return ngettext("item", "items", total) if total else ""


def pending_checkouts(request, cart, *, limit: int = 3) -> list[Checkout]:
    """The visitor's checkouts still waiting for payment, newest first, with their unpaid orders
    (``unpaid_orders``): placed from their cart, remembered in their session, or (logged in) their account's."""
    mine = Q(token__in=request.session.get(CHECKOUTS_SESSION_KEY) or [])
    if cart is not None:
        mine |= Q(cart=cart)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        mine |= Q(user=user)
    unpaid = Order.objects.filter(status=OrderStatus.AWAITING_PAYMENT).select_related("store").order_by("pk")
    pending = Checkout.objects.filter(mine, pk__in=unpaid.values("checkout_id"))
    return list(
        pending.order_by("-created_at").prefetch_related(Prefetch("orders", unpaid, to_attr="unpaid_orders"))[:limit]
    )
