"""The buyer's review form: stars, text, up to three photos.

Photos are checked by Wagtail's own image field (``WagtailImageField``), the one every product photo upload goes
through: ``WAGTAILIMAGES_MAX_UPLOAD_SIZE`` bytes, ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` pixels read from the header
without decoding, the allowed formats, and a file that is not an image at all. Its messages are replaced by ours
(Wagtail's Indonesian catalogue is ``id_ID``, which Django's ``id`` does not load), one per photo, naming it.

Surprise pinned by ``checkout/tests/test_reviews.py::test_corrupt_image_is_refused_with_its_name``: a file that
begins with a JPEG signature and then holds garbage passes Wagtail 8.0's format sniffing and makes Pillow raise
``UnidentifiedImageError`` out of ``WagtailImageField.clean`` (a 500 in Wagtail's own image upload too); here it
is one more "not a photo we can read".
"""

from __future__ import annotations

import struct

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField

from .models import MAX_PHOTOS, MAX_RATING, MIN_RATING

#: What Pillow raises for a file that starts like an image and is not one (``UnidentifiedImageError`` is an
#: ``OSError``); ``WagtailImageField`` catches these while sniffing the format, not while reading the size.
UNREADABLE = (OSError, ValueError, SyntaxError, IndexError, TypeError, struct.error)

RATING_CHOICES = [(n, str(n)) for n in range(MAX_RATING, MIN_RATING - 1, -1)]


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def _photo_error(code: str, name: str) -> str:
    if code in ("file_too_large", "file_too_large_unknown_size"):
        limit = filesizeformat(getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024))
        return _("The photo %(name)s is too large: at most %(limit)s.") % {"name": name, "limit": limit}
    if code == "file_too_many_pixels":
        return _("The photo %(name)s has too many pixels; send a smaller version of it.") % {"name": name}
    if code in ("invalid_image_extension", "invalid_image_known_format"):
        return _("The photo %(name)s is not a JPEG, PNG, WebP or AVIF image.") % {"name": name}
    return _("The file %(name)s is not a photo we can read.") % {"name": name}


class ReviewPhotosField(forms.FileField):
    """Zero to ``MAX_PHOTOS`` images, each validated as a product photo upload is."""

    widget = MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/avif"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("Add at most %(n)s photos.") % {"n": MAX_PHOTOS}, code="too_many_photos")
        one = WagtailImageField(required=False)
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(one.clean(upload))
            except ValidationError as exc:
                errors.append(ValidationError(_photo_error(getattr(exc, "code", "") or "", upload.name)))
            except UNREADABLE:  # Wagtail 8.0 lets Pillow's error escape for a file whose header only looks right
                errors.append(ValidationError(_photo_error("invalid_image", upload.name)))
        if errors:
            raise ValidationError(errors)
        return cleaned


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating from 1 to 5 stars."),
                        "invalid_choice": _("Choose a rating from 1 to 5 stars.")},
    )
    body = forms.CharField(
        label=_("Your review (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("The review is too long: at most 2000 characters.")},
    )
    photos = ReviewPhotosField(
        label=_("Photos (optional, at most 3)"),
        help_text=_("JPEG, PNG, WebP or AVIF. Location data is removed from your photos."),
    )
