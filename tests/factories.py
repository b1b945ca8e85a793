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
