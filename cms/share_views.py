"""Share-card images (``cms.share_cards``): ``/share/p/<product>/<channel>/<size>-<digest>.jpg`` and
``/share/s/<storefront>/<size>-<digest>.jpg``.

The digest in the address is what the page linked. When it is the current one the image never changes at that
address and is cached for a year (``immutable``); an old address (a chat app that kept it) gets the current card,
cached briefly. ``?download=1`` answers it as a file to save (the promo image a store posts as a status).
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from catalog.models import Channel, Product

from .models import StorefrontPage
from .share_cards import SIZES, product_content_from_listing, stored_card, storefront_content

YEAR = 365 * 24 * 3600


def _serve(request, content, size: str, digest: str, filename: str):
    name = stored_card(content, size)
    download = request.GET.get("download") == "1"
    response = FileResponse(
        default_storage.open(name), content_type="image/jpeg", as_attachment=download, filename=f"{filename}.jpg"
    )
    current = content.digest(size) == digest
    if current:
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=600)
    return response


@require_safe
def product_card(request, pk: int, channel_slug: str, size: str, digest: str):
    if size not in SIZES:
        raise Http404
    channel = get_object_or_404(Channel, slug=channel_slug, is_active=True)
    product = get_object_or_404(Product.objects.live().select_related("store__storefront"), pk=pk)
    content = product_content_from_listing(product, channel)
    if content is None:  # not visible to buyers in that channel
        raise Http404
    return _serve(request, content, size, digest, f"{product.slug}-{size}")


@require_safe
def storefront_card(request, pk: int, size: str, digest: str):
    if size not in SIZES:
        raise Http404
    storefront = get_object_or_404(StorefrontPage.objects.live().public().select_related("store"), pk=pk)
    return _serve(request, storefront_content(storefront), size, digest, f"{storefront.store.slug}-{size}")
