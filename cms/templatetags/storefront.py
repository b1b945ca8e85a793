"""Template tags for buyer pages: theme CSS, deferred CSRF, product URLs, JSON-LD."""

from __future__ import annotations

import json

from django import template
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.utils.html import format_html, json_script
from django.utils.safestring import mark_safe

from catalog.money import quantize
from themes.brand import Brand

from ..cache import CSRF_PLACEHOLDER

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
    token = CSRF_PLACEHOLDER if getattr(request, "_opop_defer_csrf", False) else get_token(request)
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


@register.simple_tag(takes_context=True)
def product_url(context, product, full=False):
    request = context.get("request")
    storefront = product.store.storefront
    base = storefront.get_url(request) or f"/{product.store.slug}/"
    url = base + f"p/{product.slug}/"
    if full and request is not None and not url.startswith("http"):
        url = request.build_absolute_uri(url)
    return url


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
            "name": option.variant.name or product.title,
            "price": str(quantize(option.price.amount, currency)),
            "priceCurrency": currency,
            "availability": "https://schema.org/InStock" if option.in_stock else "https://schema.org/OutOfStock",
            "url": f"{url}?varian={option.variant.pk}",
            "seller": {"@type": "Organization", "name": product.store.legal_seller or product.store.name},
        })
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.title,
        "description": product.summary or product.title,
        "url": url,
        "brand": {"@type": "Brand", "name": product.store.name},
        "offers": offers,
    }
    if image_url:
        data["image"] = [image_url if image_url.startswith("http") else request.build_absolute_uri(image_url)]
    if product.category_id:
        data["category"] = product.category.name
    return _jsonld(data)


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


@register.filter
def whatsapp_link(store, message=""):
    from urllib.parse import quote

    if not store or not getattr(store, "whatsapp_link", ""):
        return ""
    return store.whatsapp_link + (f"?text={quote(str(message))}" if message else "")


@register.filter
def jsonify(value):
    return mark_safe(json.dumps(value))
