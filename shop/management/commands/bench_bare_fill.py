"""Fill the benchmark's plain product table (``shop.BareProduct``) with the catalog's live products."""

from django.core.management.base import BaseCommand
from django.db import transaction

from catalog.channels import get_default_channel
from catalog.models import ProductListing
from shop.models import BareProduct


class Command(BaseCommand):
    help = "Copy the live products (price in the default channel, first photo) into the bare benchmark table."

    def handle(self, *args, **options):
        channel = get_default_channel()
        rows = ProductListing.objects.filter(channel=channel, visible=True).select_related("store", "image")
        bare = [
            BareProduct(
                title=row.title, slug=f"{row.store.slug}-{row.slug}"[:200], price=row.price, currency=channel.currency,
                image_url=row.image.file.url if row.image_id else "", created_at=row.created_at,
            )
            for row in rows.iterator(chunk_size=2000)
        ]
        with transaction.atomic():
            BareProduct.objects.all().delete()
            BareProduct.objects.bulk_create(bare, batch_size=2000)
        self.stdout.write(f"{len(bare)} bare products.")
