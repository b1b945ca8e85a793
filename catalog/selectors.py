"""Read queries shared by storefront pages, listings, search and the sitemap.

Every function here runs a fixed number of SQL queries whatever the number of products it returns
(prices, stock, images and renditions are annotated or prefetched), which the cms tests pin down.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from .models import Category, FeaturedCollection, Product, ProductImage, Stock, Store, Variant, VariantPrice

# Rendition filters used by the templates; prefetched so {% picture %} does not query per image.
# Wagtail stores a {% picture %} spec with the operations in the order written in the tag (format first here).
CARD_FILTERS = [f"format-{fmt}|fill-{size}" for size in ("320x320", "640x640") for fmt in ("avif", "webp", "jpeg")]
GALLERY_FILTERS = [
    f"format-{fmt}|max-{size}" for size in ("480x480", "960x960") for fmt in ("avif", "webp", "jpeg")
] + ["fill-1200x630|format-jpeg"]

STORE_LOGO_FILTER = "fill-64x64|format-webp"

SORTS = {
    "newest": ("-created_at", "-pk"),
    "price": ("price", "pk"),
    "-price": ("-price", "pk"),
    "name": ("title", "pk"),
}
RESERVATION_ACTIVE = "active"  # checkout.ReservationStatus.ACTIVE (catalog must not import checkout)


# -- stock ---------------------------------------------------------------------------------------------------
def stock_with_available(now=None):
    """Stock rows annotated with ``available`` = quantity − allocated − units held by live reservations."""
    now = now or timezone.now()
    active = Q(reservations__status=RESERVATION_ACTIVE, reservations__reserved_until__gt=now)
    return Stock.objects.annotate(
        reserved=Coalesce(Sum("reservations__quantity", filter=active), 0),
    ).annotate(available=Greatest(F("quantity") - F("quantity_allocated") - F("reserved"), 0))


def available_quantity(store: Store, sku: str, now=None) -> int:
    row = stock_with_available(now).filter(store=store, sku=sku).values("available").first()
    return row["available"] if row else 0


def _variant_available_subquery(now=None, variant_ref="pk"):
    return Coalesce(
        Subquery(
            stock_with_available(now)
            .filter(store_id=OuterRef("product__store_id"), sku=OuterRef("sku"))
            .values("available")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def variants_with_availability(now=None):
    return Variant.objects.filter(is_active=True).annotate(available=_variant_available_subquery(now))


# -- listing queryset ----------------------------------------------------------------------------------------
def products_for_channel(channel, now=None):
    """Live products of active stores that have a price in ``channel``, annotated with ``price``,
    ``compare_at`` (cheapest active variant) and ``in_stock``."""
    prices = VariantPrice.objects.filter(
        variant__product_id=OuterRef("pk"), variant__is_active=True, channel=channel
    ).order_by("amount")
    in_stock_variants = variants_with_availability(now).filter(product_id=OuterRef("pk"), available__gt=0)
    return (
        Product.objects.live()
        .filter(store__storefront__live=True)
        .annotate(
            price=Subquery(prices.values("amount")[:1]),
            compare_at=Subquery(prices.values("compare_at_amount")[:1]),
            in_stock=Exists(in_stock_variants),
        )
        .filter(price__isnull=False)
        .select_related("store", "store__storefront", "category")
        .prefetch_related(_first_images_prefetch(CARD_FILTERS))
    )


def _image_model():
    from wagtail.images import get_image_model

    return get_image_model()


def _first_images_prefetch(filters):
    image_model = _image_model()
    return Prefetch(
        "images",
        queryset=ProductImage.objects.order_by("sort_order", "pk").prefetch_related(
            Prefetch("image", queryset=image_model.objects.prefetch_renditions(*filters))
        ),
        to_attr="image_list",
    )


@dataclass
class Filters:
    category: Category | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    in_stock: bool = False
    halal: bool = False
    sort: str = "newest"
    q: str = ""
    ignored: list[str] = field(default_factory=list)

    def querystring(self, **overrides) -> str:
        from urllib.parse import urlencode

        data = {
            "q": self.q,
            "kategori": self.category.slug if self.category else "",
            "min": self.min_price if self.min_price is not None else "",
            "max": self.max_price if self.max_price is not None else "",
            "stok": "1" if self.in_stock else "",
            "halal": "1" if self.halal else "",
            "urut": self.sort if self.sort != "newest" else "",
        }
        data.update(overrides)
        return urlencode({k: v for k, v in data.items() if v not in ("", None)})


def _parse_price(value: str | None) -> Decimal | None:
    if not value:
        return None
    try:
        amount = Decimal(value.replace(".", "").replace(",", ".") if value.count(".") > 1 else value.replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or amount < 0 or amount > Decimal("1e12"):
        return None
    return amount


def parse_filters(params, *, category: Category | None = None) -> Filters:
    """Read filters from a GET QueryDict. Bad values are ignored (and listed in ``ignored``), never an error."""
    filters = Filters(category=category)
    slug = (params.get("kategori") or "").strip()
    if slug and category is None:
        filters.category = Category.objects.filter(slug=slug).first()
        if filters.category is None:
            filters.ignored.append("kategori")
    for key, attr in (("min", "min_price"), ("max", "max_price")):
        raw = (params.get(key) or "").strip()
        value = _parse_price(raw)
        if raw and value is None:
            filters.ignored.append(key)
        setattr(filters, attr, value)
    filters.in_stock = params.get("stok") in ("1", "on", "true")
    filters.halal = params.get("halal") in ("1", "on", "true")
    sort = params.get("urut") or "newest"
    if sort not in SORTS:
        filters.ignored.append("urut")
        sort = "newest"
    filters.sort = sort
    filters.q = (params.get("q") or "").strip()[:100]
    return filters


def apply_filters(qs, filters: Filters):
    if filters.category is not None:
        qs = qs.filter(category_id__in=filters.category.descendant_ids())
    if filters.min_price is not None:
        qs = qs.filter(price__gte=filters.min_price)
    if filters.max_price is not None:
        qs = qs.filter(price__lte=filters.max_price)
    if filters.in_stock:
        qs = qs.filter(in_stock=True)
    if filters.halal:
        qs = qs.halal()
    return qs.order_by(*SORTS[filters.sort])


@dataclass
class Listing:
    products: list
    page: object | None
    filters: Filters
    categories: list
    total: int


def _page_number(request):
    raw = request.GET.get("hal", "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return None
    return number if number >= 1 else None


def product_listing(request, *, store=None, category=None, search_ids=None, per_page=24, paginate=True):
    """Products for a listing page, filtered and sorted from GET parameters.

    Returns ``None`` for a page number that does not exist (the view answers 404); bad filter values are
    ignored. ``search_ids`` (ranked primary keys from the search backend) restricts and, unless another
    sort is chosen, orders the results by relevance.
    """
    channel = request.channel
    filters = parse_filters(request.GET, category=category)
    qs = products_for_channel(channel)
    if store is not None:
        qs = qs.filter(store=store)
    qs = apply_filters(qs, filters)
    if search_ids is not None:
        qs = qs.filter(pk__in=search_ids)
        if "urut" not in request.GET or filters.sort == "newest" and not request.GET.get("urut"):
            ranking = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(search_ids)], output_field=IntegerField())
            qs = qs.order_by(ranking) if search_ids else qs
    categories = list(Category.objects.filter(parent__isnull=True))
    if not paginate:
        products = list(qs[:per_page])
        return Listing(products, None, filters, categories, len(products))
    number = _page_number(request)
    if number is None:
        return None
    paginator = Paginator(qs, per_page)
    try:
        page = paginator.page(number)
    except (EmptyPage, PageNotAnInteger):
        if number == 1:
            page = paginator.page(1) if paginator.count else None
        else:
            return None
    products = list(page.object_list) if page else []
    return Listing(products, page, filters, categories, paginator.count)


def grid_products(*, store, channel, source, category_slug=None, collection_slug=None, product_ids=(), limit=8):
    """Products for a storefront's product-grid block, from that store only."""
    if store is None or channel is None:
        return []
    qs = products_for_channel(channel).filter(store=store)
    if source == "category" and category_slug:
        category = Category.objects.filter(slug=category_slug).first()
        if category is None:
            return []
        qs = qs.filter(category_id__in=category.descendant_ids())
    elif source == "collection" and collection_slug:
        collection = FeaturedCollection.objects.current().filter(slug=collection_slug).first()
        if collection is None:
            return []
        ids = list(collection.items.order_by("sort_order").values_list("product_id", flat=True))
        return _ordered(qs.filter(pk__in=ids), ids)[:limit]
    elif source == "picked":
        ids = list(product_ids)
        return _ordered(qs.filter(pk__in=ids), ids)[:limit]
    return list(qs.order_by("-created_at", "-pk")[:limit])


def _ordered(qs, ids):
    by_pk = {p.pk: p for p in qs}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def store_certificates(store) -> list[dict]:
    """Halal / P-IRT / BPOM numbers of a store's live products, one row per product that has any."""
    if store is None:
        return []
    rows = (
        Product.objects.live().filter(store=store)
        .filter(~Q(halal_cert_no="") | ~Q(pirt_number="") | ~Q(bpom_number=""))
        .order_by("title")
        .values("title", "halal_cert_no", "halal_valid_until", "pirt_number", "bpom_number")
    )
    return list(rows)


# -- product page ---------------------------------------------------------------------------------------------
@dataclass
class VariantOption:
    variant: Variant
    price: VariantPrice | None
    available: int

    @property
    def in_stock(self) -> bool:
        return self.available > 0


@dataclass
class ProductDetail:
    product: Product
    options: list[VariantOption]
    selected: VariantOption | None
    images: list
    related: list

    @property
    def in_stock(self) -> bool:
        return any(o.in_stock for o in self.options if o.price)


def product_category_id(*, store, slug) -> int | None:
    """The category of a store's live product, without loading it (what its page's cache entry depends on)."""
    return Product.objects.live().filter(store=store, slug=slug).values_list("category_id", flat=True).first()


def product_detail(request, *, store, slug) -> ProductDetail | None:
    """Everything the product page shows, in a fixed number of queries; ``None`` if the buyer may not see it."""
    channel = request.channel
    product = (
        Product.objects.live()
        .filter(store=store, slug=slug)
        .select_related("store", "store__storefront", "category", "product_type")
        .prefetch_related(
            Prefetch(
                "variants",
                queryset=variants_with_availability()
                .order_by("sort_order", "pk")
                .prefetch_related(
                    Prefetch(
                        "prices",
                        queryset=VariantPrice.objects.filter(channel=channel).select_related("channel"),
                        to_attr="channel_prices",
                    )
                ),
                to_attr="active_variants",
            ),
            _first_images_prefetch(GALLERY_FILTERS),
        )
        .first()
    )
    if product is None or channel is None:
        return None
    options = [
        VariantOption(v, v.channel_prices[0] if v.channel_prices else None, v.available) for v in product.active_variants
    ]
    buyable = [o for o in options if o.price is not None]
    if not buyable:
        return None
    selected = None
    wanted = request.GET.get("varian")
    if wanted and wanted.isdigit():
        selected = next((o for o in buyable if o.variant.pk == int(wanted)), None)
    if selected is None:
        selected = next((o for o in buyable if o.in_stock), buyable[0])
    related_qs = products_for_channel(channel).exclude(pk=product.pk)
    if product.category_id:
        related_qs = related_qs.filter(category_id=product.category_id)
    else:
        related_qs = related_qs.filter(store=store)
    related = list(
        related_qs.annotate(same_store=Case(When(store=store, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("same_store", "-created_at")[:4]
    )
    return ProductDetail(product, buyable, selected, product.image_list, related)


# -- home ----------------------------------------------------------------------------------------------------
def home_sections(request) -> dict:
    """Current featured collections with their products, the newest stores (at most ``HOME_STORE_LIMIT``; the
    directory at /toko/ lists the rest) and top-level categories. A fixed number of queries."""
    channel = request.channel
    collections = list(FeaturedCollection.objects.current().prefetch_related("items"))
    ids = [item.product_id for c in collections for item in c.items.all()]
    by_pk = {p.pk: p for p in products_for_channel(channel).filter(pk__in=ids)} if ids and channel else {}
    for collection in collections:
        collection.products = [by_pk[i.product_id] for i in collection.items.all() if i.product_id in by_pk][:8]
    stores = list(_store_cards().order_by("-created_at", "-pk")[:HOME_STORE_LIMIT])
    return {
        "collections": [c for c in collections if c.products],
        "stores": stores,
        "store_total": Store.objects.active().filter(storefront__live=True).count(),  # for "see all N stores"
        "categories": list(Category.objects.filter(parent__isnull=True)),
    }


# -- store directory -----------------------------------------------------------------------------------------
HOME_STORE_LIMIT = 12  # the home shows the newest stores; the rest are one click away in the directory
STORE_DIRECTORY_PER_PAGE = 24


def _store_cards():
    """Active stores with a live storefront, with what a store card shows (logo renditions) in 3 queries."""
    rendition_model = _image_model().get_rendition_model()
    logo_renditions = rendition_model.objects.filter(filter_spec=STORE_LOGO_FILTER)
    return (
        Store.objects.active()
        .filter(storefront__live=True)
        .select_related("storefront", "storefront__logo", "logo")
        .prefetch_related(
            Prefetch("storefront__logo__renditions", queryset=logo_renditions, to_attr="prefetched_renditions"),
            Prefetch("logo__renditions", queryset=logo_renditions, to_attr="prefetched_renditions"),
        )
    )


@dataclass
class StoreDirectory:
    stores: list
    page: object | None
    query: str
    category: Category | None
    categories: list
    total: int
    ignored: list[str] = field(default_factory=list)

    def querystring(self, **overrides) -> str:
        from urllib.parse import urlencode

        data = {"q": self.query, "kategori": self.category.slug if self.category else ""}
        data.update(overrides)
        return "?" + urlencode({k: v for k, v in data.items() if v not in ("", None, 1)})

    @property
    def previous_url(self) -> str:
        return self.querystring(hal=self.page.previous_page_number()) if self.page and self.page.has_previous() else ""

    @property
    def next_url(self) -> str:
        return self.querystring(hal=self.page.next_page_number()) if self.page and self.page.has_next() else ""


def store_directory(request, *, per_page: int | None = None) -> StoreDirectory | None:
    """One page of the store directory, by name, optionally narrowed by name (``q``) and by a category
    (``kategori``: stores with a live product in it or its subcategories).

    A fixed number of queries whatever the number of stores. Returns ``None`` for a page number that does not
    exist (the view answers 404); an unknown category is ignored and listed in ``ignored``.
    """
    query = " ".join((request.GET.get("q") or "").split())[:60]
    categories = list(Category.objects.filter(parent__isnull=True))
    ignored = []
    category = None
    slug = (request.GET.get("kategori") or "").strip()
    if slug:
        category = next((c for c in categories if c.slug == slug), None) or Category.objects.filter(slug=slug).first()
        if category is None:
            ignored.append("kategori")
    qs = _store_cards().order_by("name", "pk")
    if query:
        qs = qs.filter(name__icontains=query)
    if category is not None:
        qs = qs.filter(
            pk__in=Product.objects.live().filter(category_id__in=category.descendant_ids()).values("store_id")
        )
    number = _page_number(request)
    if number is None:
        return None
    paginator = Paginator(qs, per_page or STORE_DIRECTORY_PER_PAGE)
    try:
        page = paginator.page(number)
    except (EmptyPage, PageNotAnInteger):
        if number != 1:
            return None
        page = None
    stores = list(page.object_list) if page else []
    return StoreDirectory(stores, page, query, category, categories, paginator.count, ignored)


# -- sitemap -------------------------------------------------------------------------------------------------
def sitemap_products():
    return Product.objects.live().filter(store__storefront__live=True).select_related("store__storefront").order_by("pk")
