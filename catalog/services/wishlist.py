"""Saved products ("wishlist"): in the session for guests, in ``WishlistItem`` rows for logged-in buyers.

A guest's saved product ids live under ``SESSION_KEY`` (at most ``MAX_ITEMS``, newest first). When the buyer logs
in, ``merge_session_wishlist`` (connected to ``user_logged_in`` in ``catalog.signal_handlers``) moves them into
the account's rows and empties the session list. Only products buyers can see (a visible listing row in some
channel) can be saved, and the wishlist page shows only those still visible in the request's channel.
"""

from __future__ import annotations

from django.db import transaction

from ..models import ProductListing, WishlistItem
from ..selectors import listing_rows

SESSION_KEY = "opop_wishlist"
MAX_ITEMS = 100


class WishlistError(ValueError):
    """The product id is not a product buyers can see."""


def _product_id(raw) -> int:
    try:
        product_id = int(str(raw).strip())
    except (TypeError, ValueError):
        raise WishlistError(raw) from None
    if product_id <= 0 or not ProductListing.objects.filter(product_id=product_id, visible=True).exists():
        raise WishlistError(raw)
    return product_id


def _is_member(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


def saved_ids(request) -> list[int]:
    """Saved product ids, newest first."""
    if _is_member(request):
        return list(WishlistItem.objects.filter(user=request.user).values_list("product_id", flat=True))
    return [int(pk) for pk in request.session.get(SESSION_KEY, [])]


def add(request, raw_product_id) -> int:
    product_id = _product_id(raw_product_id)
    if _is_member(request):
        WishlistItem.objects.get_or_create(user=request.user, product_id=product_id)
    else:
        ids = [pk for pk in saved_ids(request) if pk != product_id]
        request.session[SESSION_KEY] = ([product_id] + ids)[:MAX_ITEMS]
    return product_id


def remove(request, raw_product_id) -> None:
    try:
        product_id = int(str(raw_product_id).strip())
    except (TypeError, ValueError):
        raise WishlistError(raw_product_id) from None
    if _is_member(request):
        WishlistItem.objects.filter(user=request.user, product_id=product_id).delete()
    else:
        request.session[SESSION_KEY] = [pk for pk in saved_ids(request) if pk != product_id]


def merge_session_wishlist(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: the guest's saved products join the account's."""
    session = getattr(request, "session", None)
    ids = [int(pk) for pk in (session.get(SESSION_KEY, []) if session is not None else [])]
    if not ids:
        return
    visible = set(
        ProductListing.objects.filter(product_id__in=ids, visible=True).values_list("product_id", flat=True)
    )
    with transaction.atomic():
        WishlistItem.objects.bulk_create(
            [WishlistItem(user=user, product_id=pk) for pk in reversed(ids) if pk in visible],
            ignore_conflicts=True,
        )
    session.pop(SESSION_KEY, None)


def saved_products(request, channel) -> list[ProductListing]:
    """The listing rows (product cards) of the saved products still visible in ``channel``, newest first."""
    ids = saved_ids(request)
    if not ids or channel is None:
        return []
    by_pk = {row.product_id: row for row in listing_rows(channel).filter(product_id__in=ids)}
    return [by_pk[pk] for pk in ids if pk in by_pk]
