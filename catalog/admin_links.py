"""Every ``URLField`` in a Wagtail admin form goes through the one link rule (``catalog.links``), with its message.

Django's ``URLValidator`` alone refuses ``javascript:`` but accepts ``ftp:`` and only says "Enter a valid URL". The
override must be registered before any admin form class is built: Wagtail's redirects app builds ``RedirectForm``
in its own ``ready()`` (its admin API imports it), so ``CatalogConfig.ready()``, which runs first, registers it."""

from django.db import models
from wagtail.admin.forms.models import register_form_field_override

from .links import LinkValidator


def guard_admin_url_fields() -> None:
    # assume_scheme: an address typed without a scheme ("shopee.co.id/toko", "//shopee.co.id/toko") is https on
    # both Django lines (5.2 assumes http and warns; 6.x assumes https).
    register_form_field_override(
        models.URLField, override={"validators": [LinkValidator()], "assume_scheme": "https"}
    )
