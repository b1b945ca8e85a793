from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

VISIBLE = Q(visible=True)


class ProductListing(models.Model):
    """What a product card and the listing filters show, per channel, as one plain indexed row.

    Saleor's channel listing, denormalised: the cheapest active variant's price and compare-at price in the
    channel, whether any variant can be bought now, and the product fields cards, filters and sorts read. Kept
    up to date by ``catalog.services.listings`` in the same transaction as the change (product, variant, price,
    photo, stock, reservation, store or storefront), so listings read rows instead of compiling correlated
    subqueries, and any page of a sorted listing is an index range. A product has a row per channel it has a
    price in; ``visible`` is false while buyers may not see it (draft, inactive store, storefront not live).
    """

    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="listings")
    channel = models.ForeignKey("catalog.Channel", on_delete=models.CASCADE, related_name="+")
    store = models.ForeignKey("catalog.Store", on_delete=models.CASCADE, related_name="+")
    # The store's name and slug as a card shows them: a card reads no store row (refreshed when the store is saved).
    store_name = models.CharField(max_length=120, blank=True)
    store_slug = models.SlugField(max_length=60, blank=True, db_index=False)
    category = models.ForeignKey("catalog.Category", null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=160)
    created_at = models.DateTimeField()
    price = models.DecimalField(max_digits=14, decimal_places=2)
    compare_at = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    in_stock = models.BooleanField(default=False)
    is_halal = models.BooleanField(default=False)
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_alt = models.CharField(max_length=200, blank=True)
    visible = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("product listing")
        verbose_name_plural = _("product listings")
        constraints = [models.UniqueConstraint(fields=["product", "channel"], name="listing_unique_channel")]
        # One index per sort, whole marketplace and per store; partial (visible rows only), so a deep page is an
        # index range and a count is an index-only scan.
        indexes = [
            models.Index(fields=["channel", "-created_at", "-product"], condition=VISIBLE, name="listing_newest"),
            models.Index(fields=["channel", "price", "product"], condition=VISIBLE, name="listing_price"),
            models.Index(fields=["channel", "title", "product"], condition=VISIBLE, name="listing_title"),
            models.Index(
                fields=["store", "channel", "-created_at", "-product"], condition=VISIBLE, name="listing_store_newest"
            ),
            models.Index(fields=["store", "channel", "price", "product"], condition=VISIBLE, name="listing_store_price"),
            models.Index(fields=["store", "channel", "title", "product"], condition=VISIBLE, name="listing_store_title"),
            models.Index(
                fields=["category", "channel", "-created_at", "-product"], condition=VISIBLE,
                name="listing_category_newest",
            ),
        ]

    def __str__(self):
        return f"{self.title} @ {self.channel_id}: {self.price}"
