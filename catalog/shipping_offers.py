"""How product feeds read the stores' shipping rates without importing the app that keeps them.

Shipping rates (``checkout.ShippingRate``) live in ``checkout``; the feeds belong to ``cms``, which may import
``catalog`` and ``themes`` only. As with reviews (``catalog.reviews``), the catalog holds a small port: the app that
keeps the rates registers a source when Django starts (``CheckoutConfig.ready``), and ``cms.feeds`` asks
``shipping_offers(channel, store_id)`` once per feed. With no source registered (a project without checkout) no
store has offers, and feeds leave shipping to the Merchant Center account.

What a feed gets is plain data: per store, one ``ShippingOffer`` per destination country (the source decides which
rate stands for the country; see ``checkout.feed_shipping.feed_shipping_offers``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ShippingOffer:
    country: str  # ISO 3166-1 alpha-2
    service: str  # the rate's name in the channel's language, for example "JNE REG"
    price: Decimal  # in the channel's currency
    free_above: Decimal | None = None  # an order of at least this much ships free

    def price_for(self, item_price: Decimal) -> Decimal:
        """The shipping price for one item at ``item_price``: free when that alone reaches ``free_above``."""
        if self.free_above is not None and item_price >= self.free_above:
            return Decimal(0)
        return self.price


#: ``(channel, store_id or None for every store) -> {store_id: (ShippingOffer, ...)}``
ShippingOfferSource = Callable[[object, "int | None"], dict[int, tuple[ShippingOffer, ...]]]

_source: ShippingOfferSource | None = None


def register_shipping_offer_source(source: ShippingOfferSource | None) -> None:
    global _source
    _source = source


def shipping_offers(channel, store_id: int | None = None) -> dict[int, tuple[ShippingOffer, ...]]:
    """Each store's shipping offers in ``channel`` (only ``store_id``'s when given), by store id."""
    if _source is None:
        return {}
    return _source(channel, store_id)
