"""``manage.py create_store "Kopi An Nur" --legal-seller "Kopontren An Nur" --email toko@annur.id --whatsapp 0812…``

Creates the store with its editors' group, image collection, storefront page and permissions (all or nothing).
Bad input ends with a non-zero exit and one line that says what to fix.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from catalog.services.stores import StoreSpec, create_store


def _one_line(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    return " ".join(error.messages)


class Command(BaseCommand):
    help = "Create a store (pesantren shop) with its editors' group, image collection and storefront page."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Store name, e.g. 'Kopi An Nur'")
        parser.add_argument("--slug", default="", help="Address /<slug>/ (default: from the name)")
        parser.add_argument("--legal-seller", required=True, help="Legal seller, usually the koperasi pondok")
        parser.add_argument("--email", required=True, help="Contact e-mail")
        parser.add_argument("--whatsapp", required=True, help="WhatsApp number, e.g. 0812-3456-7890")
        parser.add_argument("--story", default="")
        parser.add_argument("--origin-address", default="")
        parser.add_argument("--pkp", action="store_true", help="The store is VAT-registered (PKP)")

    def handle(self, *args, **options):
        spec = StoreSpec(
            name=options["name"].strip(),
            slug=options["slug"].strip(),
            legal_seller=options["legal_seller"].strip(),
            contact_email=options["email"].strip(),
            whatsapp=options["whatsapp"],
            story=options["story"],
            is_pkp=options["pkp"],
            origin_address=options["origin_address"],
        )
        if not spec.name:
            raise CommandError("name: the store needs a name.")
        try:
            store = create_store(spec)
        except ValidationError as error:
            raise CommandError(_one_line(error))
        self.stdout.write(
            f"Created store {store.name} at /{store.slug}/ (group '{store.editors_group.name}', "
            f"collection '{store.collection.name}')."
        )
