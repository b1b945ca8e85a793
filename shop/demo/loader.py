"""Build the demo marketplace: channels, home page, stores, catalog, photos, shipping, users.

``load_demo()`` is idempotent: every row is looked up by its natural key (slug, SKU, username, ...) before it is
created, so running it twice duplicates nothing. Stores go through ``catalog.services.stores.create_store`` (the
same path as the admin), products are written with bulk inserts so that ``--stores 500 --products-per-store 100``
takes minutes, not hours. In the curated demo (the default) every product also gets a published revision, as if
an editor had published it in the admin; the large benchmark catalog skips that (products are live, without
history), which is the one place it differs from what editors produce.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from catalog.db_statistics import analyze
from catalog.models import (
    Attribute,
    AttributeValue,
    Category,
    Channel,
    FeaturedCollection,
    FeaturedCollectionItem,
    Product,
    ProductImage,
    ProductType,
    Stock,
    Store,
    StoreApplication,
    Variant,
    VariantPrice,
)
from catalog.services.listings import refresh_products
from catalog.services.marketplace import ensure_channels, ensure_curators_group
from catalog.services.stores import StoreSpec, create_store
from checkout.models import ShippingRate
from checkout.payouts.models import StorePayoutAccount
from cms.models import ShopImage, StorefrontPage
from cms.provisioning import ensure_home_page

from . import data, photos
from .legal import ensure_legal_pages
from .reviews import ensure_demo_reviews

DEFAULT_PASSWORD = "opop-demo-2026"
MYR_PER_IDR = Decimal("1") / Decimal("3700")
HOME_INTRO = (
    "Belanja langsung dari koperasi pondok pesantren Jawa Timur: kopi, batik, sarung, madu, sabun herbal, "
    "camilan, kurma dan sajadah. Setiap pembelian menghidupi unit usaha santri."
)

Progress = Callable[[str, int], None]  # (task description, units done) -> None


@dataclass
class DemoResult:
    stores: list[Store] = field(default_factory=list)
    products_created: int = 0
    images_created: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)  # (username, what they can do)


@dataclass(frozen=True)
class _Refs:
    """Rows shared by every store, looked up once."""

    channels: dict[str, Channel]
    categories: dict[str, Category]
    product_types: dict[str, ProductType]
    values: dict[tuple[str, str], AttributeValue]  # (attribute slug, value) -> value


def store_specs(count: int) -> list[data.DemoStore]:
    """The curated stores first; beyond them, numbered copies (for the benchmark catalog)."""
    specs = []
    base = data.STORES
    for i in range(count):
        spec = base[i % len(base)]
        round_ = i // len(base)
        if round_:
            spec = data.DemoStore(
                slug=f"{spec.slug}-{round_ + 1}",
                name=f"{spec.name} {round_ + 1}",
                town=spec.town,
                kinds=spec.kinds,
                tagline=spec.tagline,
                story=spec.story,
                whatsapp=f"0812{40000000 + i:08d}",
                is_pkp=spec.is_pkp,
            )
        specs.append(spec)
    return specs


def default_products_for(index: int) -> int:
    """6 to 12 products, varying from store to store."""
    return 6 + (index * 5) % 7


@transaction.atomic
def ensure_reference_data() -> _Refs:
    """Channels, categories, attributes and product types. Idempotent."""
    channels = {c.slug: c for c in ensure_channels()}
    categories: dict[str, Category] = {}
    for order, (slug, name, parent, is_food) in enumerate(data.CATEGORIES):
        categories[slug], _ = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name, "name_en": data.CATEGORIES_EN.get(slug, ""), "parent": categories.get(parent),
                "is_food": is_food, "sort_order": order,
            },
        )
    values: dict[tuple[str, str], AttributeValue] = {}
    attributes: dict[str, Attribute] = {}
    for slug, (name, options) in data.ATTRIBUTES.items():
        attributes[slug], _ = Attribute.objects.get_or_create(slug=slug, defaults={"name": name})
        for option in options:
            values[(slug, option)], _ = AttributeValue.objects.get_or_create(
                attribute=attributes[slug], slug=slugify(option), defaults={"value": option}
            )
    product_types: dict[str, ProductType] = {}
    for kind in data.KINDS.values():
        ptype, created = ProductType.objects.get_or_create(
            slug=kind.slug, defaults={"name": kind.type_name, "requires_compliance": bool(kind.compliance)}
        )
        if created:
            ptype.variant_attributes.set([attributes[a] for a in kind.options])
            ptype.save()
        product_types[kind.slug] = ptype
    return _Refs(channels, categories, product_types, values)


def ensure_store(spec: data.DemoStore) -> Store:
    store = Store.objects.filter(slug=spec.slug).first()
    if store is None:
        store = create_store(
            StoreSpec(
                name=spec.name,
                slug=spec.slug,
                legal_seller=f"Koperasi Pondok Pesantren {spec.name.split(' ', 1)[-1]}",
                contact_email=f"toko@{spec.slug}.opop.example",
                whatsapp=spec.whatsapp,
                story=spec.story,
                is_pkp=spec.is_pkp,
                origin_address=f"Jl. Pesantren No. {len(spec.slug)}, {spec.town}, Jawa Timur",
            )
        )
    return store


def style_storefront(store: Store, spec: data.DemoStore, index: int, *, with_photos: bool) -> None:
    """Tagline, logo and (where the storefront page has them) theme and brand fields that differ per store.

    Only fields still at their empty/default value are set, so a look an editor chose is never overwritten and a
    second run publishes nothing new.
    """
    from .looks import look_for

    page = StorefrontPage.objects.filter(store=store).first()
    if page is None:
        return
    changes: dict = {}
    if not page.tagline:
        changes["tagline"] = spec.tagline
    for name, value in look_for(page, index).items():
        field_default = page._meta.get_field(name).get_default()
        if getattr(page, name) in ("", None, field_default) and getattr(page, name) != value:
            changes[name] = value
    if with_photos and hasattr(page, "logo_id") and page.logo_id is None:
        changes["logo"] = _image(store, "logo", spec.name, f"Logo {spec.name}", index)
        if store.logo_id is None:
            store.logo = changes["logo"]
            store.save(update_fields=["logo"])
    if changes:
        for name, value in changes.items():
            setattr(page, name, value)
        page.save_revision(log_action=False).publish(log_action=False, skip_permission_checks=True)


def _money_idr(value: float | int) -> Decimal:
    return Decimal(int(round(value / 500.0)) * 500)


def _myr(idr: Decimal) -> Decimal:
    return (idr * MYR_PER_IDR).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP).quantize(Decimal("0.01"))


def _compliance(kind: data.Kind, store_index: int, product_index: int) -> dict:
    if not kind.compliance:
        return {}
    n = store_index * 100 + product_index
    fields = {
        "halal_cert_no": f"ID3511{n:07d}0823{store_index % 10}",
        "halal_valid_until": date(2029, 1 + n % 12, 1),
    }
    if kind.compliance == "pirt":
        fields["pirt_number"] = f"2063507{n:06d}-{28 + n % 3}"
    elif kind.compliance == "bpom":
        fields["bpom_number"] = f"BPOM RI MD {235602100000 + n:012d}"
    return fields


def _title(kind: data.Kind, spec: data.DemoStore, nth_of_kind: int, english: bool = False) -> str:
    titles = kind.titles_en if english else kind.titles
    if not titles:
        return ""
    title = titles[nth_of_kind % len(titles)].format(s=spec.town)
    round_ = nth_of_kind // len(titles)
    return f"{title} {'Series' if english else 'Seri'} {round_ + 1}" if round_ else title


def _image(store: Store, kind: str, label: str, alt: str, seed: int) -> ShopImage:
    content = photos.draw(kind, label, seed)
    image = ShopImage(
        title=label,
        alt_text=alt,
        collection=store.collection,
        file=ImageFile(io.BytesIO(content), name=f"{slugify(label)[:60]}.jpg"),
    )
    image._set_image_file_metadata()
    image.save()
    return image


def build_catalog(
    store: Store,
    spec: data.DemoStore,
    store_index: int,
    count: int,
    refs: _Refs,
    *,
    with_photos: bool,
    publish_revisions: bool,
    shared_images: dict | None = None,
) -> tuple[list[Product], int]:
    """Create up to ``count`` products for one store with bulk inserts; skips slugs that already exist.

    Returns the products created and the number of images drawn. ``shared_images`` (large catalogs) reuses one
    picture per (store, kind) instead of drawing one per product.
    """
    rnd = random.Random(f"demo:{spec.slug}")
    existing = set(Product.objects.filter(store=store).values_list("slug", flat=True))
    now = timezone.now()
    planned: list[tuple[Product, data.Kind]] = []
    for j in range(count):
        kind = data.KINDS[spec.kinds[j % len(spec.kinds)]]
        title = _title(kind, spec, j // len(spec.kinds))
        slug = slugify(title)[:150]
        price = _money_idr(rnd.uniform(*kind.price_idr))  # drawn even when skipped, so reruns stay stable
        if slug in existing:
            continue
        product = Product(
            store=store,
            title=title,
            slug=slug,
            summary=kind.summary,
            description=f"<p>{kind.summary}</p><p>{spec.story}</p><ul><li>Asal: {spec.town}, Jawa Timur</li>"
            f"<li>Dikirim oleh {spec.name}</li></ul>",
            title_en=_title(kind, spec, j // len(spec.kinds), english=True),
            summary_en=kind.summary_en,
            description_en=f"<p>{kind.summary_en}</p><ul><li>From: {spec.town}, East Java, Indonesia</li>"
            f"<li>Shipped by {spec.name}</li></ul>" if kind.summary_en else "",
            category=refs.categories[kind.category],
            product_type=refs.product_types[kind.slug],
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            **_compliance(kind, store_index, j),
        )
        product._demo = (j, price)
        planned.append((product, kind))
    if not planned:
        return [], 0
    products = Product.objects.bulk_create([p for p, _ in planned], batch_size=1000)

    variants, stock = [], []
    for product, kind in planned:
        j, base_price = product._demo
        n_variants = 1 + j % min(3, len(kind.option_values))
        for v in range(n_variants):
            value = kind.option_values[(j + v) % len(kind.option_values)]
            sku = f"{kind.slug[:4].upper()}-{j + 1:03d}-{v + 1}"
            variant = Variant(
                product=product, sku=sku, name=value, name_en=data.VALUES_EN.get(value, ""),
                weight_grams=kind.weight_grams, sort_order=v,
            )
            idr = _money_idr(float(base_price) * (1 + 0.35 * v))
            variant._demo = (refs.values[(kind.options[0], value)], idr, j % 5 == 0)
            variants.append(variant)
            quantity = 0 if (j % 11 == 7 and v == 0) else rnd.randint(3, 120)
            stock.append(Stock(store=store, sku=sku, quantity=quantity))
    Variant.objects.bulk_create(variants, batch_size=2000)
    through = Variant.option_values.through
    idr_channel, myr_channel = refs.channels["indonesia"], refs.channels["international"]
    links, prices = [], []
    for variant in variants:
        value, idr, discounted = variant._demo
        links.append(through(variant_id=variant.pk, attributevalue_id=value.pk))
        compare = _money_idr(float(idr) * 1.25) if discounted else None
        prices.append(VariantPrice(variant=variant, channel=idr_channel, amount=idr, compare_at_amount=compare))
        prices.append(
            VariantPrice(
                variant=variant, channel=myr_channel, amount=_myr(idr), compare_at_amount=_myr(compare) if compare else None
            )
        )
    through.objects.bulk_create(links, batch_size=2000)
    VariantPrice.objects.bulk_create(prices, batch_size=2000)
    existing_skus = set(Stock.objects.filter(store=store).values_list("sku", flat=True))
    Stock.objects.bulk_create([s for s in stock if s.sku not in existing_skus], batch_size=2000)

    drawn = 0
    if with_photos:
        product_images = []
        for product, kind in planned:
            j = product._demo[0]
            alt = f"Foto {kind.type_name.lower()} {product.title} dari {spec.name}"
            if shared_images is not None:
                key = (store.pk, kind.slug)
                if key not in shared_images:
                    shared_images[key] = _image(store, kind.photo, kind.type_name, alt, store_index)
                    drawn += 1
                image = shared_images[key]
                product_images.append(ProductImage(product=product, image=image, alt_text=alt, sort_order=0))
                continue
            for n in range(1 + (j % 3 == 0)):  # every third product has a second photo
                label = product.title.replace(spec.town, "").strip() or product.title  # short enough for the label
                image = _image(store, kind.photo, label, alt if n == 0 else f"{alt}, tampak lain", j * 7 + n)
                drawn += 1
                product_images.append(ProductImage(product=product, image=image, alt_text=image.alt_text, sort_order=n))
        ProductImage.objects.bulk_create(product_images, batch_size=2000)

    if publish_revisions:
        # As if an editor had published each product in the admin: a revision that is the live version.
        for product in products:
            product = Product.objects.get(pk=product.pk)
            product.save_revision(log_action=False).publish(log_action=False, skip_permission_checks=True)
    return products, drawn


def index_products(products: Iterable[Product]) -> None:
    """Add products to the search index (bulk inserts bypass the signals that normally do it)."""
    from wagtail.search.backends import get_search_backend

    pks = [p.pk for p in products]
    backend = get_search_backend()
    for start in range(0, len(pks), 1000):
        batch = list(Product.objects.filter(pk__in=pks[start : start + 1000]).select_related("store", "category"))
        backend.add_bulk(Product, batch)


def _store_is_indexed(store: Store) -> bool:
    """Whether a store's products are in the search index (an interrupted large run may have left them out)."""
    try:
        from django.contrib.contenttypes.models import ContentType
        from wagtail.search.models import IndexEntry
    except ImportError:  # another search backend: assume yes rather than re-index every store on every run
        return True
    ids = [str(pk) for pk in Product.objects.filter(store=store).values_list("pk", flat=True)[:1]]
    if not ids:
        return True
    return IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Product), object_id__in=ids
    ).exists()


SHIPPING = [
    # channel, name, country, pickup, price, free above, days
    ("indonesia", "JNE REG", "ID", False, Decimal("18000"), Decimal("300000"), "2-4 hari"),
    ("indonesia", "J&T Express", "ID", False, Decimal("15000"), None, "2-5 hari"),
    ("indonesia", "Ambil di pondok", "ID", True, Decimal("0"), None, "hari ini"),
    ("international", "Pos Indonesia EMS", "MY", False, Decimal("45.00"), None, "5-9 hari"),
    ("international", "Pos Indonesia EMS", "SG", False, Decimal("52.00"), None, "5-9 hari"),
    ("international", "Pos Indonesia EMS", "BN", False, Decimal("58.00"), None, "7-12 hari"),
]


def ensure_shipping(store: Store, refs: _Refs) -> None:
    for channel, name, country, pickup, price, free_above, days in SHIPPING:
        ShippingRate.objects.get_or_create(
            store=store,
            channel=refs.channels[channel],
            name=name,
            destination_country=country,
            defaults={
                "is_pickup": pickup, "price": price, "free_above": free_above, "estimated_days": days,
                "estimated_days_en": days.replace("hari", "days") if channel == "international" else "",
            },
        )


def _collection_english(slug: str) -> dict:
    title, description = data.COLLECTIONS_EN.get(slug, ("", ""))
    return {"title_en": title, "description_en": description}


DEMO_BANKS = (("bca", "BCA"), ("bni", "BNI"), ("mandiri", "Bank Mandiri"), ("bri", "BRI"), ("bsi", "Bank Syariah Indonesia"))


def ensure_payout_account(store: Store, index: int) -> None:
    """An approved bank account (demo numbers), so a payout batch of the demo pays every store."""
    code, name = DEMO_BANKS[index % len(DEMO_BANKS)]
    StorePayoutAccount.objects.get_or_create(
        store=store,
        defaults={"bank_code": code, "bank_name": name, "account_number": f"{880001000 + index * 7919:010d}",
                  "holder_name": f"Koperasi {store.name}"[:120], "approved_at": timezone.now()},
    )


def ensure_collections(refs: _Refs) -> None:
    for slug, title, description, kinds in data.COLLECTIONS:
        collection, _ = FeaturedCollection.objects.get_or_create(
            slug=slug, defaults={"title": title, "description": description, **_collection_english(slug)}
        )
        if collection.items.exists():
            continue
        picks, seen_stores = [], set()
        for product in Product.objects.filter(product_type__slug__in=kinds, live=True).order_by("store_id", "pk"):
            if product.store_id in seen_stores:
                continue
            seen_stores.add(product.store_id)
            picks.append(product)
            if len(picks) == 8:
                break
        FeaturedCollectionItem.objects.bulk_create(
            [FeaturedCollectionItem(collection=collection, product=p, sort_order=i) for i, p in enumerate(picks)]
        )


def ensure_users(stores: list[Store], password: str) -> list[tuple[str, str]]:
    """admin, kurator and one editor per store; the password is (re)set on every run."""
    User = get_user_model()
    hashed = make_password(password)
    admin, _ = User.objects.get_or_create(
        username="admin", defaults={"email": "admin@opop.example", "is_staff": True, "is_superuser": True}
    )
    kurator, _ = User.objects.get_or_create(
        username="kurator", defaults={"email": "kurator@opop.example", "first_name": "Kurator"}
    )
    kurator.groups.add(ensure_curators_group())
    existing = {u.username: u for u in User.objects.filter(username__startswith="editor-")}
    new = [
        User(username=f"editor-{s.slug}", email=f"editor@{s.slug}.opop.example", password=hashed, first_name=s.name[:150])
        for s in stores
        if f"editor-{s.slug}" not in existing
    ]
    User.objects.bulk_create(new, batch_size=1000)
    editors = {u.username: u for u in User.objects.filter(username__in=[f"editor-{s.slug}" for s in stores])}
    through = User.groups.through
    have = set(through.objects.filter(user__in=editors.values()).values_list("user_id", "group_id"))
    through.objects.bulk_create(
        [
            through(user_id=editors[f"editor-{s.slug}"].pk, group_id=s.editors_group_id)
            for s in stores
            if (editors[f"editor-{s.slug}"].pk, s.editors_group_id) not in have
        ]
    )
    User.objects.filter(pk__in=[admin.pk, kurator.pk, *(u.pk for u in editors.values())]).update(
        password=hashed, is_active=True
    )
    logins = [("admin", "administrator: semua toko"), ("kurator", "kurator marketplace: koleksi pilihan")]
    logins += [(f"editor-{s.slug}", f"editor toko {s.name}") for s in stores]
    return logins


# A pesantren waiting in the curators' queue (/admin/pendaftaran-toko/), so the review can be tried at once.
DEMO_APPLICATION = {
    "pesantren_name": "Pondok Pesantren Nurul Jadid",
    "cooperative_name": "Kopontren Nurul Jadid",
    "legal_seller": "Koperasi Pondok Pesantren Nurul Jadid",
    "contact_name": "Ustadz Farid",
    "email": "kopontren@nuruljadid.opop.example",
    "whatsapp": "+6281331234567",
    "products": "Kopi robusta Paiton, madu randu, kerupuk ikan",
    "nib": "9120105678901",
    "halal_numbers": "ID35110000456780823",
    "bank_name": "BSI",
    "bank_account_number": "7134567890",
    "bank_account_holder": "Kopontren Nurul Jadid",
}


def ensure_demo_application() -> StoreApplication:
    application, _created = StoreApplication.objects.get_or_create(
        email=DEMO_APPLICATION["email"], defaults=DEMO_APPLICATION
    )
    return application


def load_demo(
    *,
    stores: int = len(data.STORES),
    products_per_store: int | None = None,
    with_photos: bool = True,
    password: str = DEFAULT_PASSWORD,
    progress: Progress | None = None,
) -> DemoResult:
    """Create (or complete) the demo marketplace. Idempotent; each store's catalog is its own transaction."""
    progress = progress or (lambda _task, _n: None)
    large = stores > len(data.STORES) or (products_per_store or 0) > 12
    refs = ensure_reference_data()
    home = ensure_home_page()
    if not home.intro:
        home.intro = HOME_INTRO
        home.save_revision().publish()
    ensure_legal_pages(home)
    result = DemoResult()
    shared_images: dict | None = {} if large else None
    for i, spec in enumerate(store_specs(stores)):
        # Wagtail updates its reference index on every save (one task per row); here it is done once per
        # product at the end of each store, which makes the curated demo several times faster.
        with transaction.atomic(), disable_reference_index_auto_update():
            store = ensure_store(spec)
            style_storefront(store, spec, i, with_photos=with_photos)
            ensure_shipping(store, refs)
            ensure_payout_account(store, i)
            created, drawn = build_catalog(
                store,
                spec,
                i,
                products_per_store or default_products_for(i),
                refs,
                with_photos=with_photos,
                publish_revisions=not large,
                shared_images=shared_images,
            )
            # Bulk inserts send no post_save: the store's listing rows are written here, in its transaction.
            refresh_products([p.pk for p in created])
            if not large:
                for product in created:
                    ReferenceIndex.create_or_update_for_object(product)
                ReferenceIndex.create_or_update_for_object(StorefrontPage.objects.get(store=store))
        # Bulk inserts bypass the signals that index products; index each store as soon as it is committed, so an
        # interrupted run leaves complete, searchable stores behind. (Curated demo: publishing indexed them.)
        if large and (created or not _store_is_indexed(store)):
            to_index = created or list(Product.objects.filter(store=store))
            index_products(to_index)
            progress("index", len(to_index))
        result.stores.append(store)
        result.products_created += len(created)
        result.images_created += drawn
        progress("stores", 1)
    ensure_collections(refs)
    ensure_demo_application()
    if not large:
        ensure_demo_reviews(result.stores[:3], refs.channels["indonesia"])
    result.logins = ensure_users(result.stores, password)
    analyze()  # fresh planner statistics after the bulk load (catalog.db_statistics)
    return result
