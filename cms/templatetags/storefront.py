"""Template tags for buyer pages: theme CSS, deferred CSRF, product URLs, JSON-LD."""

from __future__ import annotations

from urllib.parse import quote

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, json_script
from django.utils.safestring import mark_safe

from catalog.channels import get_request_channel
from catalog.links import neutralise_links_in_html, safe_link_or
from catalog.money import quantize
from themes.brand import Brand

from .. import cards
from ..cache import KNOWN_PARAMS, cache_params, slot, slot_fillers
from ..legal import live_legal_pages
from ..routing import product_url as routing_product_url
from ..share_cards import product_content, storefront_content

register = template.Library()


def _storefront(context):
    storefront = context.get("storefront")
    if storefront is None:
        page = context.get("page")
        storefront = getattr(page, "storefront", None) if page is not None and hasattr(page, "storefront") else None
    return storefront


@register.simple_tag(takes_context=True)
def brand_head(context):
    """Stylesheets of the active theme plus the store's brand as CSS custom properties."""
    brand = Brand.for_storefront(_storefront(context))
    context["theme"] = brand.theme
    return format_html(
        '<link rel="stylesheet" href="{}"><link rel="stylesheet" href="{}">{}',
        static("themes/base.css"), static(brand.theme.css_path), brand.css_variables(),
    )


@register.simple_tag(takes_context=True)
def theme_name(context):
    return Brand.for_storefront(_storefront(context)).theme.name


@register.simple_tag(takes_context=True)
def opop_csrf(context):
    """CSRF field that also works on cached pages (``cms.cache`` fills in the visitor's own token)."""
    request = context.get("request")
    if request is None:
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', mark_safe(slot(request, "csrf")))


@register.simple_tag(takes_context=True)
def page_slot(context, name):
    """A per-visitor value (``OPOP_PAGE_CACHE_SLOTS``), filled in on every response, cached or not."""
    request = context.get("request")
    if request is None or name not in slot_fillers():
        return ""
    return mark_safe(slot(request, name))


@register.simple_tag(takes_context=True)
def csp_nonce(context):
    """This response's Content-Security-Policy nonce (``catalog.csp``): ``<script nonce="{% csp_nonce %}">``.
    A page-cache slot, so a cached page gets a fresh nonce on every response, the one in its header."""
    return page_slot(context, "csp_nonce")


@register.simple_tag(takes_context=True)
def page_path(context):
    """This page's path with only the parameters buyer pages read: never a visitor's tracking ids (a cached page
    is shown to everybody)."""
    request = context.get("request")
    if request is None:
        return "/"
    query = cache_params(request, KNOWN_PARAMS)
    return request.path + (f"?{query}" if query else "")


@register.simple_tag(takes_context=True)
def product_url(context, product, full=False):
    """A product's page address (``cms.routing.product_url``), for a ``Product`` or a listing row."""
    return routing_product_url(context.get("request"), product, full=full)


@register.simple_tag(takes_context=True)
def product_cards(context, products, eager_first=False):
    """The grid of product cards for listing rows (``cms.cards``)."""
    return cards.grid(products, context.get("request"), eager_first=bool(eager_first))


@register.simple_tag(takes_context=True)
def product_card(context, product):
    """One product card for a listing row (``cms.cards``)."""
    return cards.card(product, context.get("request"))


@register.simple_tag(takes_context=True)
def absolute(context, url):
    request = context.get("request")
    if not url or url.startswith("http") or request is None:
        return url
    return request.build_absolute_uri(url)


@register.simple_tag(takes_context=True)
def product_jsonld(context, detail, image_url=""):
    """schema.org Product with an Offer per buyable variant (price, currency, availability, brand = store)."""
    request = context.get("request")
    product = detail.product
    url = product_url(context, product, full=True)
    offers = []
    for option in detail.options:
        currency = option.price.channel.currency
        offers.append({
            "@type": "Offer",
            "sku": option.variant.sku,
            "name": option.variant.translated("name") or product.translated("title"),
            "price": str(quantize(option.price.amount, currency)),
            "priceCurrency": currency,
            "availability": "https://schema.org/InStock" if option.in_stock else "https://schema.org/OutOfStock",
            "url": f"{url}?varian={option.variant.pk}",
            "seller": {"@type": "Organization", "name": product.store.legal_seller or product.store.name},
        })
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.translated("title"),
        "description": product.translated("summary") or product.translated("title"),
        "url": url,
        "brand": {"@type": "Brand", "name": product.store.name},
        "offers": offers,
    }
    if image_url:
        data["image"] = [image_url if image_url.startswith("http") else request.build_absolute_uri(image_url)]
    if product.category_id:
        data["category"] = product.category.translated("name")
    data.update(reviews_jsonld(context.get("reviews")))
    return _jsonld(data)


def _rating(value) -> dict:
    return {"@type": "Rating", "ratingValue": value, "bestRating": 5, "worstRating": 1}


def reviews_jsonld(reviews) -> dict:
    """``aggregateRating`` and ``review`` of a schema.org Product, only when it has visible reviews (Google
    refuses an aggregate rating with no reviews behind it)."""
    if not reviews:
        return {}
    return {
        "aggregateRating": {
            "@type": "AggregateRating", "ratingValue": str(reviews.average), "reviewCount": reviews.count,
            "bestRating": 5, "worstRating": 1,
        },
        "review": [
            {
                "@type": "Review",
                "reviewRating": _rating(review.rating),
                "author": {"@type": "Person", "name": review.author},
                "datePublished": review.created_at.date().isoformat(),
                **({"reviewBody": review.body} if review.body else {}),
            }
            for review in reviews.reviews
        ],
    }


@register.filter
def rating_stars(value) -> str:
    """``4`` → ``★★★★☆`` (decorative: pages put the words beside it for screen readers)."""
    try:
        filled = max(0, min(5, round(float(value))))
    except (TypeError, ValueError):
        return ""
    return "★" * filled + "☆" * (5 - filled)


@register.simple_tag(takes_context=True)
def breadcrumbs_jsonld(context, crumbs):
    """``crumbs``: list of (name, url) pairs, from the home page down."""
    items = []
    for position, (name, url) in enumerate(crumbs, start=1):
        items.append({"@type": "ListItem", "position": position, "name": str(name), "item": absolute(context, url)})
    return _jsonld({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items})


def _jsonld(data) -> str:
    # json_script escapes <, > and & so product text cannot close the script element.
    html = json_script(data)
    return mark_safe(html.replace('<script type="application/json">', '<script type="application/ld+json">', 1))


@register.simple_tag(takes_context=True)
def querystring_with(context, **overrides):
    listing = context.get("listing")
    if listing is None:
        return ""
    return "?" + listing.filters.querystring(**{k: v for k, v in overrides.items()})


@register.simple_tag
def whatsapp_share(message, url):
    """A WhatsApp share link without a number (the buyer picks the chat), the message and the page's address
    prefilled on two lines."""
    return "https://wa.me/?text=" + quote(f"{message}\n{url}")


@register.filter
def whatsapp_link(store, message=""):
    if not store or not getattr(store, "whatsapp_link", ""):
        return ""
    return store.whatsapp_link + (f"?text={quote(str(message))}" if message else "")


@register.simple_tag(takes_context=True)
def page_url(context):
    """Absolute URL of ``page_path``: the canonical and Open Graph URL, without tracking parameters."""
    request = context.get("request")
    return request.build_absolute_uri(page_path(context)) if request is not None else ""


@register.simple_tag(takes_context=True)
def product_share_card(context, detail, size="og"):
    """The full address of the product's share card in the page's channel (``cms.share_cards``), from what the
    page already read: its lowest price and first photo."""
    request = context.get("request")
    channel = get_request_channel(request)
    prices = [option.price.amount for option in detail.options if option.price]
    photo = detail.images[0].image if detail.images else None
    content = product_content(detail.product, channel, min(prices) if prices else None, photo)
    url = reverse("opop_share_product", args=[detail.product.pk, channel.slug, size, content.digest(size)])
    return request.build_absolute_uri(url) if request is not None else url


@register.simple_tag(takes_context=True)
def storefront_share_card(context, storefront, size="og"):
    request = context.get("request")
    url = reverse("opop_share_storefront", args=[storefront.pk, size, storefront_content(storefront).digest(size)])
    return request.build_absolute_uri(url) if request is not None else url


@register.filter
def safe_url(value, kind=""):
    """A link an editor or a buyer typed, as ``href``/``src``: the link if ``catalog.links`` allows it, else ``#``.

    Every template that emits a typed link passes it through this filter, so a value stored before the validator
    existed, or written straight to the database, never runs. ``kind="contact"`` also allows mailto: and tel:."""
    return safe_link_or(value, "#", contact=kind == "contact")


@register.filter
def safe_rich_text_links(html):
    """Rich text (already expanded by Wagtail) with every link ``catalog.links`` refuses turned into ``#``; used
    by the project's ``wagtailcore/shared/richtext.html``, through which Wagtail renders every rich text."""
    return mark_safe(neutralise_links_in_html(str(html)))  # noqa: S308 - rich text is HTML; only hrefs change


@register.simple_tag(takes_context=True)
def legal_links(context):
    """(title in the page's language, address) of each live legal page, terms first: the footer's links."""
    request = context.get("request")
    language = getattr(request, "LANGUAGE_CODE", "") if request is not None else ""
    return [(page.title_for(language), page.get_url(request)) for page in live_legal_pages(request)]
