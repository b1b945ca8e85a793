"""Read queries shared by storefront pages, listings, search and the sitemap.

Every function here runs a fixed number of SQL queries whatever the number of products it returns
(prices, stock, images and renditions are annotated or prefetched), which the cms tests pin down.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Case, F, IntegerField, Prefetch, Q, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from wagtail.images import get_image_model

from .categories import category_tree
from .filters import TRUE_VALUES, ListingFilterSet
from .models import (
    Category,
    FeaturedCollection,
    Product,
    ProductImage,
    ProductListing,
    Stock,
    Store,
    Variant,
    VariantPrice,
)
from .params import parse_id, parse_int

# Rendition filters used by the templates; prefetched so {% picture %} does not query per image.
# Wagtail stores a {% picture %} spec with the operations in the order written in the tag (format first here).
CARD_FILTERS = [f"format-{fmt}|fill-{size}" for size in ("320x320", "640x640") for fmt in ("avif", "webp", "jpeg")]
GALLERY_FILTERS = [
    f"format-{fmt}|max-{size}" for size in ("480x480", "960x960") for fmt in ("avif", "webp", "jpeg")
] + ["fill-1200x630|format-jpeg"]

STORE_LOGO_FILTER = "fill-64x64|format-webp"

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


# -- listing rows --------------------------------------------------------------------------------------------
def listing_rows(channel):
    """Visible ``ProductListing`` rows of ``channel``: what a product card shows (the store's name and slug are on
    the row). One query for the rows; the card photos and their renditions, two more, only when a row has one."""
    image_model = _image_model()
    return ProductListing.objects.filter(channel=channel, visible=True).prefetch_related(
        Prefetch("image", queryset=image_model.objects.prefetch_renditions(*CARD_FILTERS))
    )


def _image_model():
    return get_image_model()


@dataclass
class Filters:
    """The filters a listing applies, for the filter form and the pagination links."""

    category: Category | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    in_stock: bool = False
    halal: bool = False
    sort: str = "newest"
    q: str = ""
    ignored: list[str] = field(default_factory=list)

    @classmethod
    def from_filterset(cls, filterset: ListingFilterSet, *, category=None, q="") -> Filters:
        filterset.is_valid()  # validates; invalid values are left out of cleaned_data
        data = filterset.form.cleaned_data
        sort = data.get("urut") or "newest"
        return cls(
            category=category or data.get("kategori"),
            min_price=data.get("min"),
            max_price=data.get("max"),
            in_stock=data.get("stok") in TRUE_VALUES,
            halal=data.get("halal") in TRUE_VALUES,
            sort=sort,
            q=q,
            ignored=filterset.ignored,
        )

    def querystring(self, **overrides) -> str:
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


@dataclass
class Listing:
    products: list
    page: object | None
    filters: Filters
    categories: list
    total: int


def _page_number(request):
    """``hal`` (default 1); None for anything but a page number (the view answers 404)."""
    return parse_int(request.GET.get("hal", "1"), minimum=1)


def _page_of(qs, number, per_page):
    """One page of ``qs`` (count, then an index range); None when the page does not exist."""
    paginator = Paginator(qs, per_page)
    try:
        return paginator, paginator.page(number)
    except (EmptyPage, PageNotAnInteger):
        if number == 1:
            return paginator, None
        return paginator, False


def _ranked_page(qs, search_ids, number, per_page):
    """Search results in relevance order: the matching ids (at most ``SEARCH_LIMIT``) are read and ranked in
    Python, then one page of rows is fetched, instead of an SQL ``CASE`` over hundreds of ids."""
    rank = {pk: i for i, pk in enumerate(search_ids)}
    ids = sorted(qs.values_list("product_id", flat=True), key=rank.__getitem__)
    paginator = Paginator(ids, per_page)
    try:
        page = paginator.page(number)
    except (EmptyPage, PageNotAnInteger):
        return paginator, None if number == 1 else False
    rows = {row.product_id: row for row in qs.filter(product_id__in=list(page.object_list))}
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    return paginator, page


def product_listing(request, *, store=None, category=None, search_ids=None, per_page=24, paginate=True):
    """Products for a listing page, filtered and sorted from GET parameters (``catalog.filters``).

    Returns ``None`` for a page number that does not exist (the view answers 404); bad filter values are
    ignored. ``search_ids`` (ranked primary keys from the search backend) restricts and, unless another
    sort is chosen, orders the results by relevance.
    """
    filterset = ListingFilterSet(request.GET, queryset=_base_rows(request.channel, store), category=category)
    qs = filterset.qs
    filters = Filters.from_filterset(filterset, category=category, q=(request.GET.get("q") or "").strip()[:100])
    categories = category_tree().top_level
    if not paginate:
        products = list(qs[:per_page])
        return Listing(products, None, filters, categories, len(products))
    number = _page_number(request)
    if number is None:
        return None
    if search_ids is not None:
        qs = qs.filter(product_id__in=search_ids)
        by_relevance = not request.GET.get("urut") or "urut" in filters.ignored
        paginator, page = _ranked_page(qs, search_ids, number, per_page) if by_relevance else _page_of(qs, number, per_page)
    else:
        paginator, page = _page_of(qs, number, per_page)
    if page is False:
        return None
    products = list(page.object_list) if page else []
    return Listing(products, page, filters, categories, paginator.count)


def _base_rows(channel, store=None):
    qs = listing_rows(channel)
    return qs.filter(store=store) if store is not None else qs


def grid_products(*, store, channel, source, category_slug=None, collection_slug=None, product_ids=(), limit=8):
    """Products for a storefront's product-grid block, from that store only."""
    if store is None or channel is None:
        return []
    qs = _base_rows(channel, store)
    if source == "category" and category_slug:
        tree = category_tree()
        category = tree.by_slug(category_slug)
        if category is None:
            return []
        qs = qs.filter(category_id__in=tree.descendant_ids(category))
    elif source == "collection" and collection_slug:
        collection = FeaturedCollection.objects.current().filter(slug=collection_slug).first()
        if collection is None:
            return []
        ids = list(collection.items.order_by("sort_order").values_list("product_id", flat=True))
        return _ordered(qs.filter(product_id__in=ids), ids)[:limit]
    elif source == "picked":
        ids = list(product_ids)
        return _ordered(qs.filter(product_id__in=ids), ids)[:limit]
    return list(qs.order_by("-created_at", "-product_id")[:limit])


def _ordered(qs, ids):
    by_pk = {p.product_id: p for p in qs}
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

    @property
    def max_available(self) -> int:
        """The most units of any one variant a buyer can add (the quantity field's ``max`` before a variant is
        chosen; the server checks the chosen variant's own stock)."""
        return max((o.available for o in self.options if o.price), default=0)

    @property
    def sold_out_options(self) -> list[VariantOption]:
        """The priced variants a buyer cannot buy now (what a back-in-stock alert can be asked for)."""
        return [o for o in self.options if o.price and not o.in_stock]


def _selected(options, wanted) -> VariantOption:
    wanted_id = parse_id(wanted)
    if wanted_id is not None:
        chosen = next((o for o in options if o.variant.pk == wanted_id), None)
        if chosen is not None:
            return chosen
    return next((o for o in options if o.in_stock), options[0])


def _options(product, store, channel) -> list[VariantOption]:
    """Buyable variants (active, priced in ``channel``) with their prices and availability: two plain queries."""
    prices = list(
        VariantPrice.objects.filter(variant__product=product, variant__is_active=True, channel=channel)
        .select_related("variant")
        .order_by("variant__sort_order", "variant__pk")
    )
    for price in prices:
        price.channel = channel  # the request's channel: not read again
    skus = {p.variant.sku for p in prices}
    available = dict(
        stock_with_available().filter(store=store, sku__in=skus).values_list("sku", "available")
    ) if skus else {}
    return [VariantOption(p.variant, p, available.get(p.variant.sku, 0)) for p in prices]


def _gallery(product) -> list:
    image_model = _image_model()
    return list(
        ProductImage.objects.filter(product=product).order_by("sort_order", "pk").prefetch_related(
            Prefetch("image", queryset=image_model.objects.prefetch_renditions(*GALLERY_FILTERS))
        )
    )


def related_products(channel, product, store, limit=4) -> list:
    """Cards of other products in the same category (the same store's first), else of the same store."""
    qs = listing_rows(channel).exclude(product_id=product.pk)
    if product.category_id:
        qs = qs.filter(category_id=product.category_id)
    else:
        qs = qs.filter(store=store)
    same_store = Case(When(store=store, then=Value(0)), default=Value(1), output_field=IntegerField())
    return list(qs.annotate(same_store=same_store).order_by("same_store", "-created_at")[:limit])


def product_category_id(*, store, slug) -> int | None:
    """The category of a store's live product, without loading it (what its page's cache entry depends on)."""
    return Product.objects.live().filter(store=store, slug=slug).values_list("category_id", flat=True).first()


def product_detail(request, *, store, slug, before_related=None) -> ProductDetail | None:
    """Everything the product page shows, in a fixed number of plain queries; ``None`` if the buyer may not
    see it. ``before_related(category_id)`` is called once the product is known and before the related cards
    are read (the page cache reads the category's counter there)."""
    channel = request.channel
    product = Product.objects.live().filter(store=store, slug=slug).select_related("category").first()
    if product is None or channel is None:
        return None
    product.store = store
    options = _options(product, store, channel)
    if not options:
        return None
    selected = _selected(options, request.GET.get("varian"))
    if before_related is not None:
        before_related(product.category_id)
    related = related_products(channel, product, store)
    return ProductDetail(product, options, selected, _gallery(product), related)


# -- home ----------------------------------------------------------------------------------------------------
def home_sections(request) -> dict:
    """Current featured collections with their products, the newest stores (at most ``HOME_STORE_LIMIT``; the
    directory at /toko/ lists the rest) and top-level categories. A fixed number of queries."""
    channel = request.channel
    collections = list(FeaturedCollection.objects.current().prefetch_related("items"))
    ids = [item.product_id for c in collections for item in c.items.all()]
    by_pk = {p.product_id: p for p in listing_rows(channel).filter(product_id__in=ids)} if ids and channel else {}
    for collection in collections:
        collection.products = [by_pk[i.product_id] for i in collection.items.all() if i.product_id in by_pk][:8]
    stores = list(_store_cards().order_by("-created_at", "-pk")[:HOME_STORE_LIMIT])
    return {
        "collections": [c for c in collections if c.products],
        "stores": stores,
        "store_total": Store.objects.active().filter(storefront__live=True).count(),  # for "see all N stores"
        "categories": category_tree().top_level,
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
    tree = category_tree()
    categories = tree.top_level
    ignored = []
    category = None
    slug = (request.GET.get("kategori") or "").strip()
    if slug:
        category = tree.by_slug(slug)
        if category is None:
            ignored.append("kategori")
    qs = _store_cards().order_by("name", "pk")
    if query:
        qs = qs.filter(name__icontains=query)
    if category is not None:
        qs = qs.filter(
            pk__in=Product.objects.live().filter(category_id__in=tree.descendant_ids(category)).values("store_id")
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
