"""Read queries of reviews: what the product page shows (registered as the catalog's review source), and the
lines of an order a buyer may still review."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Prefetch, Window

from catalog.reviews import ProductReviews, PublishedReview

from .models import Order, Review, ReviewPhoto


def product_reviews(product_id: int, limit: int = 10) -> ProductReviews:
    """Visible reviews of a product, newest first (at most ``limit``), with the count and average over all of
    them (window aggregates on the same rows): one query without reviews, two with (the photos, with their
    images)."""
    everything = Window(Count("pk")), Window(Avg("rating"))
    rows = list(
        Review.objects.visible().filter(product_id=product_id)
        .annotate(visible_count=everything[0], visible_average=everything[1])
        .prefetch_related(Prefetch("photos", queryset=ReviewPhoto.objects.select_related("image")))
        .order_by("-created_at", "-pk")[:limit]
    )
    if not rows:
        return ProductReviews()
    average = Decimal(str(rows[0].visible_average)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return ProductReviews(
        count=rows[0].visible_count,
        average=average,
        reviews=tuple(
            PublishedReview(
                rating=r.rating, body=r.body, author=r.author_name, created_at=r.created_at,
                photos=tuple(p.image for p in r.photos.all()), reply=r.reply, replied_at=r.replied_at,
            )
            for r in rows
        ),
    )


def review_lines(order: Order) -> list:
    """(line, review or None, product) for each line of the order, in order; product None when it is gone."""
    lines = order.lines.select_related("variant__product", "review").order_by("pk")
    result = []
    for line in lines:
        review = getattr(line, "review", None)  # the reverse one-to-one raises AttributeError when missing
        product = line.variant.product if line.variant_id and line.variant else None
        result.append((line, review, product))
    return result
