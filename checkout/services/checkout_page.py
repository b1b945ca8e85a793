"""The checkout page's one quote: what the buyer sees and confirms, computed once per request on the server.

The page always shows a total that includes shipping (the buyer's pick per store, else the store's first, i.e.
cheapest courier, option), so the total on screen is the total charged. A voucher that does not apply is
reported beside the quote (the quote is then without it), and the voucher-guessing guard sees every code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..errors import ShippingError, VoucherError
from ..models import Cart
from .placement import quote_cart
from .pricing import Address, Quote

#: ``guard(code, price)`` returns ``price(code)`` or raises ``VoucherError``; see ``voucher_guard``.
VoucherGuard = Callable[[str, Callable[[str], Quote]], Quote]

SHIPPING_FIELD = "shipping_{store_pk}"


@dataclass
class PageQuote:
    quote: Quote
    #: Why the voucher code entered did not apply ("" when it did, or none was entered).
    voucher_error: str = ""

    @property
    def store_options(self) -> dict:
        """Per store, the shipping options offered at this address (the form's shipping choices)."""
        return {group.store: group.shipping_options for group in self.quote.stores}

    @property
    def voucher_applies(self) -> bool:
        return not self.voucher_error


def _attempt(
    price: Callable[[str], Quote], code: str, guard: VoucherGuard | None
) -> tuple[Quote | None, str, str]:
    """``price(code)`` through the guard: (quote, code still applied, voucher error). The quote is ``None`` when
    a voucher did not apply (priced again without it by the caller) or a shipping pick is not offered here."""
    try:
        return ((guard(code, price) if guard else price(code)) if code else price("")), code, ""
    except VoucherError as exc:
        return None, "", exc.message
    except ShippingError:
        return None, code, ""


def requested_shipping(data: Mapping) -> dict[int, str]:
    """The shipping option the buyer picked per store (``shipping_<store pk>`` fields), unchecked."""
    picks = {}
    for name, value in data.items():
        prefix, _sep, store_pk = name.partition("_")
        if prefix == "shipping" and store_pk.isdigit() and value:
            picks[int(store_pk)] = value
    return picks


def _shown_shipping(quote: Quote, requested: Mapping[int, str]) -> dict[int, str]:
    """The buyer's pick per store if the store offers it, else its first (cheapest courier) option."""
    choices = {}
    for group in quote.stores:
        keys = [option.key for option in group.shipping_options]
        if requested.get(group.store.pk) in keys:
            choices[group.store.pk] = requested[group.store.pk]
        elif keys:
            choices[group.store.pk] = keys[0]
    return choices


def _every_store_shows_shipping(quote: Quote) -> bool:
    return all(group.shipping is not None or not group.shipping_options for group in quote.stores)


def checkout_page_quote(
    cart: Cart,
    channel,
    address: Address,
    *,
    requested: Mapping[int, str] | None = None,
    voucher_code: str = "",
    guard: VoucherGuard | None = None,
    items=None,
) -> PageQuote:
    """The quote the checkout page shows for ``cart`` delivered to ``address``.

    ``requested`` is the buyer's shipping pick per store pk (stale or foreign picks fall back to the store's
    first option); ``voucher_code`` goes through ``guard`` (the guessing limit), and a ``VoucherError`` becomes
    ``voucher_error`` with the quote priced without it. Prices the cart once when the buyer's picks are all
    offered (every re-render and placement, since the page always pre-selects one), twice on the first view or
    after a voucher was refused.
    ``items`` are the cart's buyable lines when the caller already read them (``cart.cart_items``).
    Reads only; raises nothing for a bad voucher or shipping pick.
    """
    requested = requested or {}

    def price(choices: Mapping[int, str]) -> Callable[[str], Quote]:
        return lambda c: quote_cart(
            cart, channel, address=address, shipping_choices=dict(choices), voucher_code=c, items=items
        )

    quote, code, voucher_error = _attempt(price(requested), (voucher_code or "").strip(), guard)
    if voucher_error:
        quote, code, _none = _attempt(price(requested), "", None)
    if quote is not None and _every_store_shows_shipping(quote):
        return PageQuote(quote, voucher_error)
    # Options do not depend on the voucher (they follow the address, weight and subtotal before discount).
    shown = _shown_shipping(quote or price({})(""), requested)
    final, code, late_error = _attempt(price(shown), code, guard)
    return PageQuote(final or price(shown)(""), voucher_error or late_error)
