"""The brand stylesheet: a store's colours and font as CSS custom properties, at a URL that names them."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control

from .brand import Brand

ONE_YEAR = 365 * 24 * 3600


def brand_css(request, primary: str, accent: str, font: str):
    """The URL holds everything the answer depends on (no database), so browsers and CDNs keep it for a year."""
    brand = Brand.from_url(primary, accent, font)
    if brand is None:
        raise Http404
    response = HttpResponse(brand.stylesheet(), content_type="text/css; charset=utf-8")
    patch_cache_control(response, public=True, max_age=ONE_YEAR, immutable=True)
    return response
