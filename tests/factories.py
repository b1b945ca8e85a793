"""factory_boy factories shared by every app's tests. Stores are made through the real service."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from catalog.models import Category, Channel, Product, Stock, Store, Variant, VariantPrice
from catalog.services.marketplace import ensure_channels, ensure_curators_group
from catalog.services.stores import StoreSpec, create_store


def channels() -> dict[str, Channel]:
    return {c.slug: c for c in ensure_channels()}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.id")
    password = factory.PostGenerationMethodCall("set_password", "pw-test-123")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        # set_password() only changes the instance: save it, or force_login() sessions are flushed on the next
        # request (the session's auth hash would not match the password stored in the database).
        if create and results:
            instance.save()


def make_store(name: str = "Toko Uji", slug: str | None = None, **kwargs) -> Store:
    return create_store(
        StoreSpec(
            name=name,
            slug=slug or "",
            legal_seller=kwargs.pop("legal_seller", f"Koperasi {name}"),
            contact_email=kwargs.pop("contact_email", "toko@example.id"),
            whatsapp=kwargs.pop("whatsapp", "081234567890"),
            **kwargs,
        )
    )


def make_editor(store: Store, username: str | None = None):
    user = UserFactory(username=username or f"editor-{store.slug}")
    user.groups.add(store.editors_group)
    return user


def make_curator(username: str = "kurator"):
    user = UserFactory(username=username)
    user.groups.add(ensure_curators_group())
    return user


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Kategori {n}")
    slug = factory.Sequence(lambda n: f"kategori-{n}")


def make_product(
    store: Store,
    title: str = "Kopi Kaleng",
    *,
    slug: str | None = None,
    price_idr: int = 25000,
    price_myr: str | None = "9.50",
    stock: int = 10,
    sku: str | None = None,
    live: bool = True,
    category: Category | None = None,
    **fields,
) -> Product:
    """A published product with one variant, prices in IDR (and MYR) and stock."""
    chans = channels()
    product = Product.objects.create(
        store=store, title=title, slug=slug or factory.Faker._get_faker().unique.slug(), live=live,
        category=category, **fields,
    )
    sku = sku or f"SKU-{product.pk}"
    variant = Variant.objects.create(product=product, sku=sku, name="Standar", weight_grams=250)
    VariantPrice.objects.create(variant=variant, channel=chans["indonesia"], amount=Decimal(price_idr))
    if price_myr is not None:
        VariantPrice.objects.create(variant=variant, channel=chans["international"], amount=Decimal(price_myr))
    Stock.objects.create(store=store, sku=sku, quantity=stock)
    if live:
        product.save_revision().publish()
    return product


def add_variant(product: Product, name: str, *, price_idr: int, stock: int, sort_order: int = 0) -> Variant:
    """One more variant of ``product`` with its IDR price and its own stock."""
    variant = Variant.objects.create(
        product=product, sku=f"SKU-{product.pk}-{name}", name=name, weight_grams=110, sort_order=sort_order
    )
    VariantPrice.objects.create(variant=variant, channel=channels()["indonesia"], amount=Decimal(price_idr))
    Stock.objects.create(store=product.store, sku=variant.sku, quantity=stock)
    return variant


def make_product_with_variants(store: Store, title: str = "Sabun Herbal", *, slug: str = "sabun-herbal") -> Product:
    """A soap in three scents: Sereh (the first, Rp38.000), Kunyit (Rp41.000), Zaitun (Rp45.000, sold out)."""
    product = make_product(store, title, slug=slug, price_idr=38000, price_myr=None, stock=20)
    product.variants.update(name="Sereh", sort_order=0)
    add_variant(product, "Kunyit", price_idr=41000, stock=7, sort_order=1)
    add_variant(product, "Zaitun", price_idr=45000, stock=0, sort_order=2)
    return product


#: A complete Indonesian checkout form (Malang, manual transfer, terms accepted): what the checkout tests post.
CHECKOUT_ADDRESS = {
    "email": "siti@example.id",
    "phone": "0812-3456-7890",
    "recipient_name": "Siti Aminah",
    "province": "35",
    "regency": "35.07",
    "district": "35.07.01",
    "village": "35.07.01.2001",
    "postcode": "",
    "street_address": "Jl. Pondok No. 1, RT 02/RW 03",
    "gateway": "manual",
    "accept_terms": "on",
}
