"""Product cards, rendered in Python.

A listing shows 24 cards, the home and a storefront as many; as a template include each card cost about 0.25 ms
(context push, include resolution, five tags), a quarter of an uncached listing page. Rendered here, with the
same markup, a card costs a function call; only a card with a photo renders Wagtail's ``{% picture %}`` through
a small compiled template (docs/performance.md, round 6). The markup is the card's contract with the themes'
CSS: ``article.card`` > ``a.card-link`` (``.card-media``, ``h3.card-title``), ``p.card-price``, ``p.card-meta``.

A card reads a listing row (``catalog.ProductListing``): title, slug, price, compare-at price, stock and halal
flags, store name and slug, and the photo prefetched with its renditions (``catalog.selectors.listing_rows``).
"""

from __future__ import annotations

from functools import cache
from html import escape

from django.template import engines
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from catalog.money import format_money

from .routing import product_url

PICTURE = (
    '{% load wagtailimages_tags %}{% picture image format-{avif,webp,jpeg} fill-{320x320,640x640} '
    'sizes="(min-width: 60em) 15rem, 45vw" alt=alt ATTRIBUTE %}'
)


@cache
def _picture_template(eager: bool):
    attribute = 'fetchpriority="high"' if eager else 'loading="lazy"'
    return engines["django"].from_string(PICTURE.replace("ATTRIBUTE", attribute))


def _media(product, eager: bool) -> str:
    image = product.image if product.image_id else None
    if image is not None:
        return _picture_template(eager).render({"image": image, "alt": product.image_alt})
    return f'<span class="no-photo" aria-hidden="true">{escape(product.title[:1])}</span>'


def _price(product, currency: str | None) -> str:
    if currency is None:
        return '<span class="price"></span>'
    html = f'<span class="price">{escape(format_money(product.price, currency))}</span>'
    if product.compare_at and product.compare_at > product.price:
        html += f' <s class="compare">{escape(format_money(product.compare_at, currency))}</s>'
    return html


def _meta(product) -> str:
    html = f'<span class="store-name">{escape(product.store_name)}</span>'
    if product.is_halal:
        halal = gettext("Halal")  # outside the f-string: xgettext does not read inside one
        html += f' · <span class="badge halal">{escape(halal)}</span>'
    if not product.in_stock:
        sold_out = gettext("Sold out")
        html += f' · <span class="badge out">{escape(sold_out)}</span>'
    return html


def card(product, request, *, eager: bool = False) -> SafeString:
    """One product card for a listing row, in the visitor's channel currency. Plain f-strings and the standard
    library's ``html.escape`` (what Django's ``escape`` calls, without its lazy-string wrapper)."""
    channel = getattr(request, "channel", None)
    return mark_safe(
        f'<article class="card">\n'
        f'  <a href="{escape(product_url(request, product))}" class="card-link">\n'
        f'    <div class="card-media">{_media(product, eager)}</div>\n'
        f'    <h3 class="card-title">{escape(product.title)}</h3>\n'
        f"  </a>\n"
        f'  <p class="card-price">{_price(product, channel.currency if channel else None)}</p>\n'
        f'  <p class="card-meta">{_meta(product)}</p>\n'
        f"</article>"
    )


def grid(products, request, *, eager_first: bool = False) -> SafeString:
    """The grid of cards, or the empty-listing sentence; the first card's photo fetched first when asked."""
    if not products:
        return format_html('<p class="empty">{}</p>', gettext("No matching products yet."))
    items = "".join(
        f"<li>{card(product, request, eager=eager_first and i == 0)}</li>" for i, product in enumerate(products)
    )
    return mark_safe(f'<ul class="product-grid" role="list">\n  {items}\n</ul>')
