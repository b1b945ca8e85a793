"""Read queries of the admin home (the seller's "what needs doing today"), catalog side.

Every query takes the store ids of the home being shown (``home_store_ids``), so an editor of store A never counts
a row of store B. ``None`` means the marketplace version (superusers and curators).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from catalog.models import Product, ProductImage, Stock, Store, Variant
from catalog.scoping import is_curator, managed_store_ids

SHOWN = 10
HALAL_WARNING_DAYS = 60


def home_stores(user) -> list[Store] | None:
    """The stores whose home ``user`` sees: their own stores, or ``None`` for the marketplace home (superusers,
    curators). Cached on the user for the request: every app's panels ask."""
    cached = getattr(user, "_opop_home_stores", False)
    if cached is not False:
        return cached
    if user.is_superuser or is_curator(user):
        stores = None
    else:
        stores = list(Store.objects.filter(pk__in=managed_store_ids(user) or ()).order_by("name"))
    user._opop_home_stores = stores
    return stores


def home_store_ids(user) -> list[int] | None:
    stores = home_stores(user)
    return None if stores is None else [s.pk for s in stores]


@dataclass(frozen=True)
class Listed:
    """The first ``SHOWN`` rows of a to-do list and how many there are in all."""

    rows: list
    total: int


def first_rows(queryset: QuerySet) -> Listed:
    """One query for the rows shown; a second (a count) only when there are more."""
    rows = list(queryset[: SHOWN + 1])
    total = len(rows) if len(rows) <= SHOWN else queryset.count()
    return Listed(rows[:SHOWN], total)


def low_stock(store_ids: list[int]) -> Listed:
    """Stock rows of the stores' variants with no more units available (on the shelf, not held by paid orders)
    than their store's ``low_stock_threshold``; emptiest first, with the product and variant name."""
    variants = Variant.objects.filter(product__store_id=OuterRef("store_id"), sku=OuterRef("sku"))
    queryset = (
        Stock.objects.filter(store_id__in=store_ids)
        .annotate(
            available=F("quantity") - F("quantity_allocated"),
            product_id=Subquery(variants.values("product_id")[:1]),
            product_title=Subquery(variants.values("product__title")[:1]),
            variant_name=Subquery(variants.values("name")[:1]),
        )
        .filter(available__lte=F("store__low_stock_threshold"), product_id__isnull=False)
        .order_by("available", "sku")
    )
    return first_rows(queryset)


def products_without_photos(store_ids: list[int]) -> Listed:
    queryset = (
        Product.objects.filter(store_id__in=store_ids)
        .filter(~Exists(ProductImage.objects.filter(product=OuterRef("pk"))))
        .order_by("title", "pk")
        .only("pk", "title", "live")
    )
    return first_rows(queryset)


def expiring_halal_certificates(store_ids: list[int], today: date | None = None) -> Listed:
    """Products whose halal certificate ends within ``HALAL_WARNING_DAYS`` days, or has already ended; soonest
    first."""
    today = today or timezone.localdate()
    queryset = (
        Product.objects.filter(
            store_id__in=store_ids, halal_valid_until__lte=today + timedelta(days=HALAL_WARNING_DAYS)
        )
        .order_by("halal_valid_until", "pk")
        .only("pk", "title", "halal_cert_no", "halal_valid_until")
    )
    return first_rows(queryset)
