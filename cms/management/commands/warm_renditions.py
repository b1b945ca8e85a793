"""Create the renditions buyer pages use, ahead of the first visitor.

AVIF encoding is slow (seconds per image on a small server); without this, the first visit to a storefront with
many new photos can take tens of seconds. Idempotent: existing renditions are reused.
"""

from django.core.management.base import BaseCommand

from catalog.models import ProductImage
from catalog.selectors import CARD_FILTERS, GALLERY_FILTERS, STORE_LOGO_FILTER
from cms.models import StorefrontPage


class Command(BaseCommand):
    help = "Pre-generate product photo, logo and banner renditions used by the storefront templates."

    def handle(self, *args, **options):
        done = 0
        for item in ProductImage.objects.select_related("image").iterator():
            item.image.get_renditions(*CARD_FILTERS, *GALLERY_FILTERS)
            done += 1
        for page in StorefrontPage.objects.select_related("logo", "banner"):
            if page.logo:
                page.logo.get_renditions(STORE_LOGO_FILTER, "fill-96x96|format-webp")
            if page.banner:
                page.banner.get_renditions(
                    *[f"format-{f}|fill-{s}" for f in ("avif", "webp", "jpeg") for s in ("800x300", "1600x600")]
                )
        self.stdout.write(self.style.SUCCESS(f"Renditions ready for {done} product photos."))
