"""How pages read a product's reviews without importing the app that keeps them.

Reviews belong to order lines (only a buyer whose line was delivered may write one), so they live in
``checkout``; the product page belongs to ``cms``, which may import ``catalog`` and ``themes`` only. The catalog
holds this small port between the two: the app that keeps reviews registers a source when Django starts
(``CheckoutConfig.ready``), and ``cms`` asks ``product_reviews(product_id)``. With no source registered (a project
without checkout) a product simply has no reviews.

What a page gets is plain data (``ProductReviews``): the visible reviews, newest first, with their photos
(image objects, for renditions) and the store's reply, and the average and count over *all* visible reviews.
Hidden reviews are in neither. When the reviews of a product change, the source sends
``catalog.signals.product_reviews_changed`` so cached pages are refreshed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class PublishedReview:
    rating: int
    body: str
    author: str
    created_at: datetime
    photos: tuple = ()  # image objects (the project's Wagtail image model), in upload order
    reply: str = ""
    replied_at: datetime | None = None


@dataclass(frozen=True)
class ProductReviews:
    count: int = 0
    average: Decimal | None = None  # one decimal place; None without reviews
    reviews: tuple[PublishedReview, ...] = field(default_factory=tuple)  # the newest ``limit``

    def __bool__(self) -> bool:
        return self.count > 0


NO_REVIEWS = ProductReviews()

#: ``(product_id, limit) -> ProductReviews``
ReviewSource = Callable[[int, int], ProductReviews]

_source: ReviewSource | None = None


def register_review_source(source: ReviewSource | None) -> None:
    global _source
    _source = source


def product_reviews(product_id: int, limit: int = 10) -> ProductReviews:
    """The visible reviews of a product (the newest ``limit``) with their average and count."""
    if _source is None:
        return NO_REVIEWS
    return _source(product_id, limit)
