"""Product feeds for shopping and social channels: Google Merchant Center (RSS 2.0 with the ``g:`` namespace) and
the Meta (Facebook/Instagram) catalogue (CSV), per channel, for the whole marketplace or one store.

Both read the same rows as the listings (``catalog.ProductListing``: one row per product and channel, visible
products only), one item per product at its lowest price in the channel, as the product card shows it. They are
written row by row to a streaming response (``FeedItem`` by ``FeedItem``, plain tuples read with ``iterator()``),
so a feed of 50,000 products never sits in memory; each item needs no query of its own.

Attributes follow the specifications:

- Google (support.google.com/merchants/answer/7052112): ``g:id``, ``g:title`` (≤ 150 characters),
  ``g:description`` (≤ 5,000), ``g:link``, ``g:image_link``, ``g:availability`` (``in_stock`` / ``out_of_stock``),
  ``g:price`` ("45000 IDR": number, space, ISO 4217 code), ``g:brand`` (the store), ``g:condition`` (``new``),
  ``g:gtin`` and ``g:mpn`` when the product's default variant (its first active one in the editor's order) has
  them, else ``g:identifier_exists`` ``no`` (most pesantren goods are their own make),
  ``g:google_product_category`` left to Google, ``g:product_type`` (our category), and ``g:shipping``: one per
  destination country the store ships to in the channel (country, service, price with currency), read once per
  feed through ``catalog.shipping_offers`` (the cheapest rate to the country, preferring country-wide rates over
  province-only ones; free when the item's price alone reaches the rate's "free above"). A store with no rate in
  the channel gets no ``g:shipping``: the shipping set in the Merchant Center account then applies.
- Meta (developers.facebook.com/docs/commerce-platform/catalog/fields): ``id``, ``title`` (≤ 200),
  ``description`` (≤ 9,999), ``availability`` (``in stock`` / ``out of stock``), ``condition``, ``price``,
  ``link``, ``image_link``, ``brand``.

Products without a photo are left out (both require an image). The photo is linked through Wagtail's signed
image-serving view (``wagtailimages_serve``, a 1,200-pixel JPEG), so writing a feed makes no renditions: the
first fetch of each image makes it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from django.core.files.storage import default_storage
from django.db.models import OuterRef, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags
from wagtail.images.utils import generate_signature

from catalog.models import Channel, ProductListing, Store, Variant
from catalog.money import quantize
from catalog.shipping_offers import ShippingOffer, shipping_offers
from catalog.spreadsheet import escape_formula
from catalog.translated import reads_english

from .models import StorefrontPage

IMAGE_FILTER = "max-1200x1200|format-jpeg"
GOOGLE_TITLE_MAX = 150
GOOGLE_DESCRIPTION_MAX = 5000
META_TITLE_MAX = 200
META_DESCRIPTION_MAX = 9999
META_COLUMNS = ("id", "title", "description", "availability", "condition", "price", "link", "image_link", "brand")


@dataclass(frozen=True)
class FeedItem:
    id: str
    title: str
    description: str
    link: str
    image_link: str
    in_stock: bool
    price: Decimal
    currency: str
    brand: str
    product_type: str
    gtin: str = ""
    mpn: str = ""
    shipping: tuple[ShippingOffer, ...] = ()

    @property
    def price_text(self) -> str:
        return money_text(self.price, self.currency)


def money_text(amount: Decimal, currency: str) -> str:
    """An amount as the feeds write it: "45000 IDR", "18.00 MYR"."""
    return f"{quantize(amount, currency)} {currency}"


ROW_FIELDS = (
    "product_id", "title", "slug", "price", "in_stock", "store_id", "store__name", "category__name",
    "product__summary", "product__description", "image_id", "image__file", "category__name_en",
    "product__summary_en", "product__description_en", "gtin", "mpn",
)


def _identifier(field: str) -> Subquery:
    """The product's default variant's ``field`` (its first active variant in the editor's order), as a subquery
    of the rows' query: no query per item. Not the cheapest variant in the channel: ordering by price joins the
    prices, and SQLite then planned the subquery as a scan of the channel's prices per row (a 50,000-product feed
    did not finish in four minutes); this one is one index probe on ``variant.product_id`` per row."""
    variants = Variant.objects.filter(product_id=OuterRef("product_id"), is_active=True).order_by("sort_order", "pk")
    return Subquery(variants.values(field)[:1])


def feed_rows(channel: Channel, store: Store | None = None):
    """The feed's rows as tuples (``ROW_FIELDS``): no model instances per product, so 50,000 rows stream fast."""
    rows = ProductListing.objects.filter(channel=channel, visible=True, image__isnull=False)
    if store is not None:
        rows = rows.filter(store=store)
    rows = rows.annotate(gtin=_identifier("gtin"), mpn=_identifier("mpn"))
    return rows.order_by("product_id").values_list(*ROW_FIELDS)


def _storefront_bases(request, store: Store | None) -> dict[int, str]:
    """Each store's storefront address (absolute), for the stores with live storefronts: one query."""
    storefronts = StorefrontPage.objects.live().public().filter(store__is_active=True)
    if store is not None:
        storefronts = storefronts.filter(store=store)
    bases = {}
    for storefront in storefronts:
        url = storefront.get_url(request)
        if url:
            bases[storefront.store_id] = url if url.startswith("http") else request.build_absolute_uri(url)
    return bases


def _image_links(request):
    """A function giving the photo's address through Wagtail's signed serving view (what ``generate_image_url``
    gives, without loading the image, and with the view's address reversed once per feed, not per item)."""
    try:
        sample = reverse("wagtailimages_serve", args=("SIGNATURE", 1, IMAGE_FILTER))
    except NoReverseMatch:  # image serving not routed: the original file
        return lambda image_id, file_name: request.build_absolute_uri(default_storage.url(file_name))
    before, after = request.build_absolute_uri(sample).split("/SIGNATURE/1/", 1)

    def link(image_id: int, file_name: str) -> str:
        signature = generate_signature(image_id, IMAGE_FILTER)
        return f"{before}/{signature}/{image_id}/{after}{file_name[len('original_images/'):]}"

    return link


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _description(summary: str, description: str, title: str) -> str:
    return " ".join(strip_tags(description or "").split()) or summary or title


def feed_items(request, channel: Channel, store: Store | None = None) -> Iterator[FeedItem]:
    """The items of a feed, one per visible product with a photo, read in chunks."""
    bases = _storefront_bases(request, store)
    image_link = _image_links(request)
    english = reads_english(channel.language)
    offers = shipping_offers(channel, store.pk if store is not None else None)
    for row in feed_rows(channel, store).iterator(chunk_size=2000):
        (product_id, title, slug, price, in_stock, store_id, store_name, category, summary, description,
         image_id, image_file, category_en, summary_en, description_en, gtin, mpn) = row
        if english:  # the listing row's title is already in the channel's language
            category, summary, description = category_en or category, summary_en or summary, description_en or description
        base = bases.get(store_id)
        if base is None:
            continue
        yield FeedItem(
            id=f"opop-{product_id}",
            title=title,
            description=_description(summary, description, title),
            link=f"{base}p/{slug}/",
            image_link=image_link(image_id, image_file),
            in_stock=in_stock,
            price=price,
            currency=channel.currency,
            brand=store_name,
            product_type=category or "",
            gtin=gtin or "",
            mpn=mpn or "",
            shipping=offers.get(store_id, ()),
        )


def _tag(name: str, value: str) -> str:
    return f"<g:{name}>{escape(value)}</g:{name}>"


def google_item_xml(item: FeedItem) -> str:
    parts = [
        _tag("id", item.id),
        _tag("title", _cut(item.title, GOOGLE_TITLE_MAX)),
        _tag("description", _cut(item.description, GOOGLE_DESCRIPTION_MAX)),
        _tag("link", item.link),
        _tag("image_link", item.image_link),
        _tag("availability", "in_stock" if item.in_stock else "out_of_stock"),
        _tag("price", item.price_text),
        _tag("brand", item.brand),
        _tag("condition", "new"),
    ]
    parts += _identifier_tags(item)
    if item.product_type:
        parts.append(_tag("product_type", item.product_type))
    parts += [_shipping_xml(offer, item) for offer in item.shipping]
    return "<item>" + "".join(parts) + "</item>\n"


def _identifier_tags(item: FeedItem) -> list[str]:
    tags = [_tag(name, value) for name, value in (("gtin", item.gtin), ("mpn", item.mpn)) if value]
    return tags or [_tag("identifier_exists", "no")]


def _shipping_xml(offer: ShippingOffer, item: FeedItem) -> str:
    price = money_text(offer.price_for(item.price), item.currency)
    return (f"<g:shipping>{_tag('country', offer.country)}{_tag('service', offer.service)}"
            f"{_tag('price', price)}</g:shipping>")


def google_feed(request, channel: Channel, title: str, store: Store | None = None) -> Iterator[str]:
    """The Google Merchant Center feed as chunks of RSS 2.0 text."""
    yield '<?xml version="1.0" encoding="utf-8"?>\n'
    yield '<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel>\n'
    yield f"<title>{escape(title)}</title><link>{escape(request.build_absolute_uri('/'))}</link>"
    yield f"<description>{escape(title)}</description>\n"
    yield from _batched(google_item_xml(item) for item in feed_items(request, channel, store))
    yield "</channel></rss>\n"


def _batched(lines: Iterator[str], size: int = 200) -> Iterator[str]:
    """Lines joined into chunks of ``size``: fewer, larger writes to the socket than one per item."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def _csv_line(values) -> str:
    buffer = io.StringIO()
    # A seller may open the file in a spreadsheet: no cell may run as a formula (catalog.spreadsheet).
    csv.writer(buffer).writerow([escape_formula(str(v)) for v in values])
    return buffer.getvalue()


def meta_feed(request, channel: Channel, store: Store | None = None) -> Iterator[str]:
    """The Meta catalogue feed as CSV lines, header first."""
    yield _csv_line(META_COLUMNS)
    yield from _batched(_meta_line(item) for item in feed_items(request, channel, store))


def _meta_line(item: FeedItem) -> str:
    return _csv_line([
        item.id,
        _cut(item.title, META_TITLE_MAX),
        _cut(item.description, META_DESCRIPTION_MAX),
        "in stock" if item.in_stock else "out of stock",
        "new",
        item.price_text,
        item.link,
        item.image_link,
        item.brand,
    ])
