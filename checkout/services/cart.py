"""The buyer's server-side cart: one per buyer across stores, the session only holds its token."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import Variant, VariantPrice
from catalog.params import parse_id, parse_int

from ..errors import CartError, ErrorCode, InsufficientStock
from ..models import Cart, CartLine
from .stock import available_for, stock_for_variants

SESSION_KEY = "opop_cart"
#: Tokens of the checkouts this browser placed or went to pay, newest first (the cart page lists unpaid ones).
CHECKOUTS_SESSION_KEY = "opop_checkouts"
REMEMBERED_CHECKOUTS = 5
MAX_QUANTITY = 999


def parse_quantity(raw) -> int:
    """A whole number from 1 to MAX_QUANTITY, or CartError with a message for the buyer."""
    value = parse_int(raw)
    if value is None:
        raise CartError(_("The quantity must be a whole number."))
    if value < 1:
        raise CartError(_("The quantity must be at least 1."))
    if value > MAX_QUANTITY:
        raise CartError(_("At most %(max)s per product.") % {"max": MAX_QUANTITY})
    return value


def sellable_variants():
    """Variants a buyer may put in a cart: active variant, published product, active store."""
    return Variant.objects.select_related("product", "product__store").filter(
        is_active=True, product__live=True, product__store__is_active=True
    )


def get_sellable_variant(variant_id, channel) -> Variant:
    try:
        variant = sellable_variants().get(pk=parse_id(variant_id))
    except Variant.DoesNotExist:
        raise CartError(_("This product is not available to buy."), code=ErrorCode.NOT_FOR_SALE)
    if not VariantPrice.objects.filter(variant=variant, channel=channel).exists():
        raise CartError(_("This product is not sold in your region."), code=ErrorCode.NOT_FOR_SALE)
    return variant


def available_quantity(variant: Variant) -> int:
    stock = stock_for_variants([variant]).get(variant.pk)
    return available_for([stock])[stock.pk] if stock else 0


def _check_available(variant: Variant, wanted: int) -> None:
    available = available_quantity(variant)
    if wanted > available:
        if available == 0:
            raise InsufficientStock(
                _("Sorry, %(product)s is sold out.") % {"product": variant}, items=[(variant, wanted, 0)],
                code=ErrorCode.SOLD_OUT,
            )
        raise InsufficientStock(
            _("Only %(n)s of %(product)s left.") % {"product": variant, "n": available},
            items=[(variant, wanted, available)],
        )


def get_cart(request, *, create: bool = False) -> Cart | None:
    """The visitor's cart: the account's cart when logged in, else the one whose token is in the session."""
    channel = request.channel
    cart = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        cart = Cart.objects.filter(user=user).order_by("-updated_at").first()
    if cart is None:
        token = request.session.get(SESSION_KEY)
        if token:
            cart = Cart.objects.filter(token=token, user__isnull=True).first()
    if cart is None and create:
        cart = Cart.objects.create(channel=channel, user=user if user and user.is_authenticated else None)
    if cart is not None:
        if cart.channel_id != channel.pk:
            # Prices are always computed in the visitor's channel; keep the cart in step.
            Cart.objects.filter(pk=cart.pk).update(channel=channel)
            cart.channel = channel
        if not cart.user_id:
            request.session[SESSION_KEY] = str(cart.token)
    return cart


def add_to_cart(cart: Cart, variant_id, quantity) -> CartLine:
    """Add ``quantity`` of a sellable variant; the line's new total must fit available stock. Nothing
    changes on error."""
    qty = parse_quantity(quantity)
    variant = get_sellable_variant(variant_id, cart.channel)
    with transaction.atomic():
        line = CartLine.objects.select_for_update().filter(cart=cart, variant=variant).first()
        new_qty = qty + (line.quantity if line else 0)
        if new_qty > MAX_QUANTITY:
            raise CartError(_("At most %(max)s per product.") % {"max": MAX_QUANTITY})
        _check_available(variant, new_qty)
        if line:
            line.quantity = new_qty
            line.save(update_fields=["quantity"])
        else:
            line = CartLine.objects.create(cart=cart, variant=variant, quantity=new_qty)
        cart.save(update_fields=["updated_at"])
    return line


def set_quantity(cart: Cart, line_id, quantity) -> CartLine:
    qty = parse_quantity(quantity)
    line = _get_line(cart, line_id)
    variant = get_sellable_variant(line.variant_id, cart.channel)
    _check_available(variant, qty)
    line.quantity = qty
    line.save(update_fields=["quantity"])
    return line


def remove_line(cart: Cart, line_id) -> None:
    _get_line(cart, line_id).delete()


def _get_line(cart: Cart, line_id) -> CartLine:
    try:
        return cart.lines.get(pk=parse_id(line_id))
    except CartLine.DoesNotExist:
        raise CartError(_("Cart line not found."))


def cart_items(cart: Cart | None) -> tuple[list[tuple[CartLine, Variant]], list[str]]:
    """Lines still buyable, and notes for the buyer about the ones that are not (removed from the view)."""
    if cart is None:
        return [], []
    lines = list(cart.lines.select_related("variant__product__store").order_by("created_at", "pk"))
    sellable = set(sellable_variants().filter(pk__in=[ln.variant_id for ln in lines]).values_list("pk", flat=True))
    priced = set(
        VariantPrice.objects.filter(variant__in=sellable, channel=cart.channel).values_list("variant_id", flat=True)
    )
    ok, notes = [], []
    for ln in lines:
        if ln.variant_id in sellable and ln.variant_id in priced:
            ok.append((ln, ln.variant))
        else:
            notes.append(_("%(product)s is no longer available.") % {"product": ln.variant})
    return ok, notes


def availability(variants) -> dict[int, int]:
    """Variant pk → units available now."""
    stocks = stock_for_variants(variants)
    avail = available_for(stocks.values())
    return {vid: avail[s.pk] for vid, s in stocks.items()}


def merge_carts(source: Cart, target: Cart) -> None:
    """Move a guest cart's lines into the account's cart (quantities add up, capped at what is available)."""
    if source.pk == target.pk:
        return
    with transaction.atomic():
        for line in source.lines.select_related("variant__product"):
            existing = target.lines.filter(variant_id=line.variant_id).first()
            qty = line.quantity + (existing.quantity if existing else 0)
            qty = min(qty, MAX_QUANTITY, max(availability([line.variant]).get(line.variant_id, 0), 1))
            if existing:
                existing.quantity = qty
                existing.save(update_fields=["quantity"])
            else:
                CartLine.objects.create(cart=target, variant_id=line.variant_id, quantity=qty)
        source.delete()


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: the guest cart in the session joins the account's cart."""
    if request is None or not hasattr(request, "session"):
        return
    token = request.session.get(SESSION_KEY)
    if not token:
        return
    guest = Cart.objects.filter(token=token, user__isnull=True).first()
    if guest is None:
        return
    own = Cart.objects.filter(user=user).order_by("-updated_at").first()
    if own is None:
        guest.user = user
        guest.save(update_fields=["user"])
    else:
        merge_carts(guest, own)
    request.session.pop(SESSION_KEY, None)


def remember_checkout(request, checkout) -> None:
    """Keep ``checkout``'s token in the visitor's session, saved now, before the payment provider is called: if
    the request dies after this, the cart page still tells the buyer about the checkout and links its payment."""
    tokens = [checkout.token] + [t for t in request.session.get(CHECKOUTS_SESSION_KEY, []) if t != checkout.token]
    request.session[CHECKOUTS_SESSION_KEY] = tokens[:REMEMBERED_CHECKOUTS]
    request.session.save()
    request.session.modified = False  # saved: the session middleware need not write it again (unless changed again)
