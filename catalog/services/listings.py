"""Keeping ``ProductListing`` rows true: the one writer of the denormalised listing data.

Every change that alters what a card or a listing filter shows calls one of these in the transaction that makes
the change, so a committed change and its listing rows are never seen apart:

- ``refresh_products(ids)``: a product, its variants, prices or photos changed (``catalog.signal_handlers``);
- ``refresh_stock(stock_ids)``: stock or reservations changed (only ``in_stock`` can follow); the checkout
  services announce their moves with ``catalog.signals.stock_changed``, connected in ``catalog.signal_handlers``,
  so catalog never imports checkout;
- ``refresh_store(store_id)``: a store's activity or its storefront's liveness changed (``cms`` calls it when a
  storefront is published or unpublished).

Each runs a fixed number of queries whatever the number of products; inside ``deferred()`` (a bulk import) the
first two only note what they are asked and run once at the end of the block. ``rebuild_all`` fills the table from
scratch (migration backfill, ``manage.py refresh_listings``) and ``mismatches`` compares it with a rebuild.

Availability counts active reservations that have not lapsed at the moment of the refresh; a reservation that
lapses later changes the flag when the expiry job releases it (it sends ``stock_changed``), as for the page cache.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from catalog.models import Channel, Product, ProductImage, ProductListing, Stock, Store, Variant, VariantPrice
from catalog.translated import reads_english

FIELDS = (
    "store_id", "store_name", "store_slug", "category_id", "title", "slug", "created_at", "price", "compare_at",
    "in_stock", "is_halal", "image_id", "image_alt", "visible",
)
BATCH = 2000
RESERVATION_ACTIVE = "active"  # checkout.ReservationStatus.ACTIVE

_collecting = threading.local()


@contextmanager
def deferred():
    """Inside the block, ``refresh_products`` and ``refresh_skus`` only note what they were asked for; at its end
    each runs once for everything noted (a bulk import saves thousands of rows, and each save asks). Use inside
    the transaction that makes the changes, so the rows still commit with them; nothing runs if the block raises.
    """
    if getattr(_collecting, "products", None) is not None:  # already deferring: the outer block refreshes
        yield
        return
    _collecting.products, _collecting.pairs = set(), set()
    try:
        yield
        products, pairs = _collecting.products, _collecting.pairs
    finally:
        _collecting.products = _collecting.pairs = None
    refresh_products(products)
    refresh_skus(pairs)


def _products(ids):
    return {
        row["pk"]: row
        for row in Product.objects.filter(pk__in=ids).values(
            "pk", "store_id", "category_id", "title", "title_en", "slug", "created_at", "halal_cert_no", "live",
            "store__is_active", "store__storefront__live", "store__name", "store__slug",
        )
    }


def _cheapest_prices(ids):
    """(product, channel) → (amount, compare_at, variant ids priced in that channel)."""
    found: dict[tuple[int, int], list] = {}
    rows = (
        VariantPrice.objects.filter(variant__product_id__in=ids, variant__is_active=True)
        .order_by("amount", "pk")
        .values_list("variant__product_id", "channel_id", "amount", "compare_at_amount", "variant_id")
    )
    for product_id, channel_id, amount, compare_at, variant_id in rows:
        entry = found.setdefault((product_id, channel_id), [amount, compare_at, set()])
        entry[2].add(variant_id)
    return found


def available_by_stock(stock_filter: Q, now=None) -> dict[tuple[int, str], int]:
    """(store id, SKU) → units a buyer can still get (quantity − allocated − live reservations), one query.

    Reservations are read through the reverse relation: catalog does not import checkout, whose model they are.
    """
    now = now or timezone.now()
    live = Q(reservations__status=RESERVATION_ACTIVE, reservations__reserved_until__gt=now)
    rows = (
        Stock.objects.filter(stock_filter)
        .annotate(reserved=Coalesce(Sum("reservations__quantity", filter=live), 0))
        .values_list("store_id", "sku", "quantity", "quantity_allocated", "reserved")
    )
    return {(store_id, sku): max(0, q - allocated - reserved) for store_id, sku, q, allocated, reserved in rows}


def _variants_in_stock(ids, now) -> set[int]:
    variants = list(Variant.objects.filter(product_id__in=ids, is_active=True).values_list("pk", "product__store_id", "sku"))
    if not variants:
        return set()
    available = available_by_stock(Q(store_id__in={v[1] for v in variants}, sku__in={v[2] for v in variants}), now)
    return {pk for pk, store_id, sku in variants if available.get((store_id, sku), 0) > 0}


def _first_images(ids):
    first = {}
    for product_id, image_id, alt in (
        ProductImage.objects.filter(product_id__in=ids).order_by("product_id", "sort_order", "pk")
        .values_list("product_id", "image_id", "alt_text")
    ):
        first.setdefault(product_id, (image_id, alt))
    return first


def _english_channels() -> set[int]:
    """Channels whose buyers read English: their rows carry the English title (cards, sorting by name)."""
    return {pk for pk, language in Channel.objects.values_list("pk", "language") if reads_english(language)}


def _title(product: dict, channel_id: int, english: set[int]) -> str:
    return (channel_id in english and product["title_en"]) or product["title"]


def compute(ids: Iterable[int], now=None) -> dict[tuple[int, int], dict]:
    """What the listing rows of these products must hold, keyed by (product id, channel id)."""
    ids = list(set(ids))
    english = _english_channels()
    products = _products(ids)
    prices = _cheapest_prices(ids)
    in_stock = _variants_in_stock(ids, now or timezone.now())
    images = _first_images(ids)
    wanted = {}
    for (product_id, channel_id), (amount, compare_at, variant_ids) in prices.items():
        p = products[product_id]
        image_id, alt = images.get(product_id, (None, ""))
        wanted[(product_id, channel_id)] = {
            "store_id": p["store_id"], "store_name": p["store__name"], "store_slug": p["store__slug"],
            "category_id": p["category_id"], "title": _title(p, channel_id, english), "slug": p["slug"],
            "created_at": p["created_at"], "price": amount, "compare_at": compare_at,
            "in_stock": bool(variant_ids & in_stock), "is_halal": bool(p["halal_cert_no"]),
            "image_id": image_id, "image_alt": alt[:200],
            "visible": bool(p["live"] and p["store__is_active"] and p["store__storefront__live"]),
        }
    return wanted


def _differs(row: ProductListing, values: dict) -> bool:
    return any(getattr(row, name) != value for name, value in values.items())


def refresh_products(ids: Iterable[int], now=None) -> None:
    """Bring the listing rows of these products in line with the catalog (create, update, delete)."""
    ids = list({i for i in ids if i})
    if not ids:
        return
    if getattr(_collecting, "products", None) is not None:
        _collecting.products.update(ids)
        return
    wanted = compute(ids, now)
    with transaction.atomic():
        existing = {(r.product_id, r.channel_id): r for r in ProductListing.objects.filter(product_id__in=ids)}
        stale = [r.pk for key, r in existing.items() if key not in wanted]
        changed, new = [], []
        for key, values in wanted.items():
            row = existing.get(key)
            if row is None:
                new.append(ProductListing(product_id=key[0], channel_id=key[1], **values))
            elif _differs(row, values):
                for name, value in values.items():
                    setattr(row, name, value)
                changed.append(row)
        if stale:
            ProductListing.objects.filter(pk__in=stale).delete()
        if new:
            ProductListing.objects.bulk_create(new, batch_size=BATCH)
        if changed:
            ProductListing.objects.bulk_update(changed, FIELDS, batch_size=BATCH)


def pairs_match(pairs: Iterable[tuple[int, str]], store: str = "store_id", sku: str = "sku") -> Q:
    """A filter for (store id, SKU) pairs: one ``IN`` per store, so thousands of pairs (an import) stay a small
    expression (an ``OR`` per pair passes SQLite's expression depth limit at about a thousand)."""
    by_store: dict[int, set[str]] = {}
    for store_id, code in pairs:
        by_store.setdefault(store_id, set()).add(code)
    match = Q()
    for store_id, codes in sorted(by_store.items()):
        match |= Q(**{store: store_id, f"{sku}__in": sorted(codes)})
    return match


def products_selling(pairs: Iterable[tuple[int, str]]) -> list[int]:
    """Products with a variant of these (store id, SKU) pairs."""
    match = pairs_match(set(pairs), store="product__store_id")
    if not match:
        return []
    return list(Variant.objects.filter(match).values_list("product_id", flat=True).distinct())


def refresh_skus(pairs: Iterable[tuple[int, str]], now=None) -> None:
    """Stock of these (store id, SKU) pairs changed: refresh the stock flags of the products that sell them."""
    if getattr(_collecting, "pairs", None) is not None:
        _collecting.pairs.update(pairs)
        return
    refresh_in_stock(products_selling(pairs), now)


def refresh_stock(stock_ids: Iterable[int], now=None) -> None:
    """Stock rows changed (quantity, allocation, reservations): refresh the stock flags of the products that sell
    those SKUs. Four queries, plus one update per direction in which flags changed."""
    stocks = Stock.objects.filter(pk__in=list(stock_ids), store_id=OuterRef("product__store_id"), sku=OuterRef("sku"))
    refresh_in_stock(Variant.objects.filter(Exists(stocks)).values_list("product_id", flat=True).distinct(), now)


def refresh_in_stock(product_ids: Iterable[int], now=None) -> None:
    """Only ``in_stock`` can change when stock moves: recompute it for these products' rows."""
    ids = list(set(product_ids))
    if not ids:
        return
    priced = list(
        VariantPrice.objects.filter(variant__product_id__in=ids, variant__is_active=True).values_list(
            "variant__product_id", "channel_id", "variant__product__store_id", "variant__sku"
        )
    )
    available = available_by_stock(Q(store_id__in={p[2] for p in priced}, sku__in={p[3] for p in priced}), now)
    in_stock = {(pid, cid) for pid, cid, store_id, sku in priced if available.get((store_id, sku), 0) > 0}
    flips = {True: [], False: []}
    for pk, product_id, channel_id, flag in ProductListing.objects.filter(product_id__in=ids).values_list(
        "pk", "product_id", "channel_id", "in_stock"
    ):
        wanted = (product_id, channel_id) in in_stock
        if wanted != flag:
            flips[wanted].append(pk)
    for flag, pks in flips.items():
        if pks:
            ProductListing.objects.filter(pk__in=pks).update(in_stock=flag)


def refresh_store(store_id: int) -> None:
    """A store was saved (its name, slug or activity) or its storefront published or unpublished: its rows
    follow, in two updates."""
    store = Store.objects.filter(pk=store_id).values("name", "slug", "is_active", live=F("storefront__live")).first()
    if store is None:
        return
    shown = bool(store["is_active"] and store["live"])
    rows = ProductListing.objects.filter(store_id=store_id)
    names = {"store_name": store["name"], "store_slug": store["slug"]}
    rows.filter(product__live=True).update(visible=shown, **names)
    rows.exclude(product__live=True).update(visible=False, **names)


def rebuild_all(batch: int = 1000, now=None) -> int:
    """Recompute every row (backfill, repair). Returns the number of products processed."""
    ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
    ProductListing.objects.exclude(product_id__in=Product.objects.values("pk")).delete()
    for start in range(0, len(ids), batch):
        refresh_products(ids[start:start + batch], now)
    return len(ids)


def mismatches(now=None, batch: int = 1000) -> list[str]:
    """Rows that differ from a fresh computation (empty when the table is consistent)."""
    problems = []
    ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        wanted = compute(chunk, now)
        existing = {(r.product_id, r.channel_id): r for r in ProductListing.objects.filter(product_id__in=chunk)}
        for key in sorted(set(wanted) | set(existing)):
            row, values = existing.get(key), wanted.get(key)
            if row is None or values is None or _differs(row, values):
                problems.append(f"product {key[0]} channel {key[1]}: stored {row and _as_dict(row)}, expected {values}")
    return problems


def _as_dict(row: ProductListing) -> dict:
    return {name: getattr(row, name) for name in FIELDS}
