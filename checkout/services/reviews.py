"""Reviews from verified buyers: writing one, the store's reply, a curator hiding it.

Guarantees, for every function here: one transaction; the rows concerned are locked first (the order for a new
review, in ``checkout.locks`` order; the review for a reply or hiding), so two submissions of the same line or two
replies cannot both pass the check; a refusal raises ``ReviewError`` with a message for people and saves nothing
(photos included: their files are removed again when the transaction does not commit). Each change that shows on
the product page sends ``catalog.signals.product_reviews_changed`` (the page cache listens).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Collection

from catalog.signals import product_reviews_changed

from ..errors import ErrorCode, ReviewError
from ..locks import lock_order
from ..models import MAX_PHOTOS, MAX_RATING, MIN_RATING, OrderLine, OrderStatus, Review, ReviewPhoto

#: Orders whose lines may be reviewed: the parcel reached the buyer.
REVIEWABLE_STATES = frozenset({OrderStatus.DELIVERED, OrderStatus.COMPLETED})
#: The Wagtail collection buyers' photos go to (store editors have no permission on it; admins see it).
PHOTO_COLLECTION = "Review photos"


def is_reviewable(order) -> bool:
    return order.status in REVIEWABLE_STATES


def shown_name(full_name: str) -> str:
    """What the product page shows of the buyer: first name and the initial of the last ("Siti A.")."""
    parts = full_name.split()
    if not parts:
        return _("Buyer")
    if len(parts) == 1:
        return parts[0][:40]
    return f"{parts[0][:40]} {parts[-1][0].upper()}."


def _changed(product_id: int) -> None:
    product_reviews_changed.send(sender=Review, product_id=product_id)


def _photo_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=PHOTO_COLLECTION).first()
    return existing or root.add_child(name=PHOTO_COLLECTION)


def _check_new_review(line: OrderLine, rating, photos) -> None:
    if not is_reviewable(line.order):
        raise ReviewError(_("This order has not been delivered yet: it can be reviewed once it arrives."),
                          code=ErrorCode.REVIEW_NOT_ALLOWED)
    if line.variant_id is None or line.variant is None:
        raise ReviewError(_("This product is no longer sold, so it cannot be reviewed."),
                          code=ErrorCode.REVIEW_NOT_ALLOWED)
    if Review.objects.filter(order_line=line).exists():
        raise ReviewError(_("You have already reviewed this product from this order."), code=ErrorCode.REVIEW_EXISTS)
    if not isinstance(rating, int) or not MIN_RATING <= rating <= MAX_RATING:
        raise ReviewError(_("Choose a rating from 1 to 5 stars."))
    if len(photos) > MAX_PHOTOS:
        raise ReviewError(_("Add at most %(n)s photos.") % {"n": MAX_PHOTOS})


def _store_photos(review: Review, photos: Sequence, stored: list) -> None:
    """Each photo becomes an image of the project's image model, whose ``save`` drops location, owner and serial
    numbers (``cms.image_privacy`` through ``ShopImage.save``). Appends (storage, name) of each stored file to
    ``stored``, so the caller can remove the files if the transaction does not commit."""
    if not photos:
        return
    Image = get_image_model()
    collection = _photo_collection()
    for position, upload in enumerate(photos, start=1):
        image = Image(
            title=_("Photo %(n)s of a review of %(product)s") % {"n": position, "product": review.product.title},
            file=upload, collection=collection,
        )
        if hasattr(image, "alt_text"):
            image.alt_text = _("Buyer's photo of %(product)s") % {"product": review.product.title}
        image.save()
        stored.append((image.file.storage, image.file.name))
        ReviewPhoto.objects.create(review=review, image=image, sort_order=position)


def submit_review(line: OrderLine, *, rating: int, body: str = "", photos: Sequence = ()) -> Review:
    """The buyer of ``line`` reviews it: a rating from 1 to 5, an optional text and at most three photos (already
    validated as images by the form: size, pixels, format). Refused (``ReviewError``, nothing saved) when the
    order was not delivered, the line was already reviewed, its product is gone, or the rating or photo count is
    out of range. The order row is locked, so a double submission creates one review."""
    photos = list(photos)
    stored: list[tuple] = []
    try:
        with transaction.atomic():
            lock_order(line.order_id)
            line = OrderLine.objects.select_related("order__checkout", "variant__product").get(pk=line.pk)
            _check_new_review(line, rating, photos)
            review = Review.objects.create(
                store_id=line.order.store_id, order_line=line, product=line.variant.product, rating=rating,
                body=(body or "").strip(), author_name=shown_name(line.order.checkout.recipient_name),
            )
            _store_photos(review, photos, stored)
            _changed(review.product_id)
    except Exception:
        for storage, name in stored:
            storage.delete(name)
        raise
    return review


def _locked_review(review: Review) -> Review:
    return Review.objects.select_for_update().get(pk=review.pk)


def reply_to_review(review: Review, text: str, *, user) -> Review:
    """The store answers a review, once: a second reply is refused (``ReviewError``), as is an empty one."""
    text = (text or "").strip()
    if not text:
        raise ReviewError(_("Write the reply; buyers will read it under the review."))
    if len(text) > 2000:
        raise ReviewError(_("The reply is too long: at most 2000 characters."))
    with transaction.atomic():
        locked = _locked_review(review)
        if locked.reply:
            raise ReviewError(_("Your store has already replied to this review."), code=ErrorCode.REPLY_EXISTS)
        locked.reply, locked.replied_at, locked.replied_by = text, timezone.now(), user
        locked.save(update_fields=["reply", "replied_at", "replied_by"])
        _changed(locked.product_id)
    return locked


def hide_review(review: Review, reason: str, *, user) -> Review:
    """A curator hides a review (it leaves the product page and its average); the reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(_("Write why the review is hidden."))
    with transaction.atomic():
        locked = _locked_review(review)
        locked.is_hidden, locked.hidden_reason = True, reason
        locked.hidden_at, locked.hidden_by = timezone.now(), user
        locked.save(update_fields=["is_hidden", "hidden_reason", "hidden_at", "hidden_by"])
        _changed(locked.product_id)
    return locked


def show_review(review: Review, *, user) -> Review:
    """A curator shows a hidden review again (its reason for hiding is cleared)."""
    with transaction.atomic():
        locked = _locked_review(review)
        locked.is_hidden, locked.hidden_reason, locked.hidden_at, locked.hidden_by = False, "", None, None
        locked.save(update_fields=["is_hidden", "hidden_reason", "hidden_at", "hidden_by"])
        _changed(locked.product_id)
    return locked
