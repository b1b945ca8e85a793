"""The benchmark's baseline: the storefront's product listing as a bare Django view and template.

Mounted only when ``OPOP_BENCH`` is on (``bench/run.py`` sets it). Same data as the storefront's first
screen (12 newest live products of a store, with the price in the default channel and the first photo), none of
Wagtail's page machinery, theme or caching: what the same listing costs with plain Django.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from catalog.channels import get_default_channel
from catalog.models import Product, ProductImage, Store, VariantPrice


def bare_listing(request, store_slug):
    store = get_object_or_404(Store, slug=store_slug, is_active=True)
    channel = get_default_channel()
    products = list(
        Product.objects.filter(store=store, live=True)
        .order_by("-created_at", "pk")
        .prefetch_related(
            Prefetch("variants__prices", queryset=VariantPrice.objects.filter(channel=channel)),
            Prefetch("images", queryset=ProductImage.objects.select_related("image").order_by("sort_order")),
        )[:12]
    )
    rows = []
    for product in products:
        prices = [p.amount for v in product.variants.all() for p in v.prices.all()]
        images = list(product.images.all())
        rows.append({"product": product, "price": min(prices) if prices else None, "image": images[0] if images else None})
    return render(request, "bench/bare_listing.html", {"store": store, "rows": rows, "channel": channel})
