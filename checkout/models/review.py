"""Reviews from verified buyers: one per delivered order line, written through a signed link (no login).

The review belongs to the order line it is about (``order_line``, one-to-one: a second review of the same line
is refused by the database too) and names the product and store it shows on (copied at creation, so the scoping
mechanism and the product page need no join through the order). Written only by ``checkout.services.reviews``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import StoreOwned

MIN_RATING, MAX_RATING = 1, 5
MAX_PHOTOS = 3


class ReviewQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_hidden=False)


class Review(StoreOwned):
    order_line = models.OneToOneField(
        "checkout.OrderLine", on_delete=models.CASCADE, related_name="review", verbose_name=_("order line")
    )
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(MIN_RATING), MaxValueValidator(MAX_RATING)]
    )
    body = models.TextField(_("review"), max_length=2000, blank=True)
    author_name = models.CharField(_("name shown"), max_length=80)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    reply = models.TextField(_("store's reply"), max_length=2000, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_hidden = models.BooleanField(_("hidden"), default=False, db_index=True)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    hidden_at = models.DateTimeField(_("hidden on"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        permissions = [("hide_review", _("Can hide a review"))]
        indexes = [models.Index(fields=["product", "is_hidden", "-created_at"], name="review_product_visible")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=MIN_RATING, rating__lte=MAX_RATING), name="review_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.rating}★ {self.order_line.product_title}"

    @property
    def has_reply(self) -> bool:
        return bool(self.reply)


class ReviewPhoto(models.Model):
    """A buyer's photo, stored as an image of the project's Wagtail image model (the same upload limits and
    metadata stripping as product photos, and renditions for the product page)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(settings.WAGTAILIMAGES_IMAGE_MODEL, on_delete=models.CASCADE, related_name="+")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return f"{self.review_id}/{self.sort_order}"
