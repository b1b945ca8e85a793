"""Bounds on uploaded images, and the rule that the server never decodes an original above them.

An image's cost is its pixel count, not its file size: an 11,000 × 11,000 PNG of one colour is 15 KB on disk and
over a gigabyte once decoded. Uploads are bounded by Wagtail's ``WAGTAILIMAGES_MAX_UPLOAD_SIZE`` (bytes) and
``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` (width × height × frames, read from the file header without decoding), and
Pillow's own decompression-bomb limit is set to the same pixel count (``cms.apps``), so every path that opens an
image with Pillow refuses the same files.

Images stored before the limit (or put in place by other means) are never decoded either: ``ShopImage`` answers
any rendition of an original above the limit with Wagtail's "not found" placeholder (an admin listing, edit page,
chooser or a storefront shows a broken-image box instead of spending seconds and a gigabyte), and refuses to open
it for any other purpose (``SourceImageIOError``). Replace such an image to show it again.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage

TOO_LARGE_MESSAGE = _("This image has too many pixels to be shown; upload a smaller version of it.")


def max_image_pixels() -> int | None:
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None)


def too_large_to_decode(width: int | None, height: int | None) -> bool:
    limit = max_image_pixels()
    return bool(limit and width and height and width * height > limit)


def align_pillow_with_upload_limit() -> None:
    """Pillow warns above ``MAX_IMAGE_PIXELS`` and refuses above twice that: make it the upload limit."""
    limit = max_image_pixels()
    if limit:
        PILImage.MAX_IMAGE_PIXELS = limit


def placeholder_rendition(image):
    """Wagtail's "not found" rendition (``wagtail.images.shortcuts``): nothing decoded, nothing saved."""
    rendition = image.get_rendition_model()(image=image, width=0, height=0)
    rendition.file.name = "not-found"
    return rendition
