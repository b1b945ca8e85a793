"""The stores' shipping offers for product feeds (registered as the catalog's shipping-offer source,
``catalog.shipping_offers``): one query per feed, whatever the number of products."""

from __future__ import annotations

from catalog.shipping_offers import ShippingOffer
from catalog.signals import shipping_rates_changed
from catalog.translated import reads_english

from .models import ShippingRate


def rate_changed(sender, instance, **kwargs):
    """A rate saved or deleted: the feeds that carry the store's rates are out of date."""
    shipping_rates_changed.send(sender=ShippingRate, store_id=instance.store_id)


def feed_shipping_offers(channel, store_id: int | None = None) -> dict[int, tuple[ShippingOffer, ...]]:
    """Per store, one offer per destination country: the cheapest active delivery rate of the channel to that
    country, preferring rates that reach the whole country over rates limited to a province or regency (a buyer
    anywhere in the country can have it). Pick-up rates are not shipping and are left out."""
    rates = ShippingRate.objects.filter(channel=channel, is_active=True, is_pickup=False)
    if store_id is not None:
        rates = rates.filter(store_id=store_id)
    english = reads_english(channel.language)
    best: dict[tuple[int, str], tuple] = {}
    for row in rates.values_list(
        "store_id", "destination_country", "destination_province_code", "destination_regency_code", "price",
        "free_above", "name", "name_en", "pk",
    ):
        store, country, province, regency, price, free_above, name, name_en, pk = row
        country = (country or channel.default_country).upper()
        rank = (bool(province or regency), price, pk)
        key = (store, country)
        if key not in best or rank < best[key][0]:
            offer = ShippingOffer(country, (name_en if english and name_en else name), price, free_above)
            best[key] = (rank, offer)
    offers: dict[int, list[ShippingOffer]] = {}
    for (store, _country), (_rank, offer) in sorted(best.items()):
        offers.setdefault(store, []).append(offer)
    return {store: tuple(found) for store, found in offers.items()}
