"""The marketplace's legal pages for the checkout and the footer (``settings.OPOP_LEGAL_DOCUMENTS`` names
``current_documents``; ``checkout.legal_port`` reads it as plain data, so checkout never imports cms).

The footer shows them on every buyer page, so its list is kept per process and site, and rebuilt when the route
map's generation moves (any page saved, published, unpublished, moved or deleted: ``cms.routing``): no query per
page. The checkout's consent record reads the database every time (``fresh=True``): the revision it stores must be
the one live at that moment.
"""

from __future__ import annotations

import threading

from django.core.cache import cache
from wagtail.models import Site

from .models import LegalKind, LegalPage
from .routing import GENERATION_KEY

_local = threading.local()


def _site_for(request) -> Site | None:
    site = Site.find_for_request(request) if request is not None else None
    return site or Site.objects.filter(is_default_site=True).first()


def _load(site: Site | None) -> list[LegalPage]:
    pages = LegalPage.objects.live().public()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    order = {kind: i for i, kind in enumerate(LegalKind.values)}
    return sorted(pages, key=lambda page: order.get(page.kind, len(order)))


def live_legal_pages(request=None, *, fresh: bool = False) -> list[LegalPage]:
    """The live legal pages of the request's site (the default site without a request), terms first."""
    site = _site_for(request)
    generation = None if fresh else cache.get(GENERATION_KEY)
    if generation is None:  # asked for fresh rows, or no generation to trust (first request, cache down)
        return _load(site)
    key = (generation, site.pk if site else None)
    memo = getattr(_local, "memo", {})
    if key not in memo:
        memo = _local.memo = {**{k: v for k, v in memo.items() if k[0] == generation}, key: _load(site)}
    return memo[key]


def current_documents(request) -> list[dict]:
    """The provider of ``checkout.legal_port``: kind, title (in the buyer's language), address, page id and live
    revision id of each live legal page, read now."""
    language = getattr(request, "LANGUAGE_CODE", "") if request is not None else ""
    return [
        {
            "kind": page.kind,
            "title": page.title_for(language),
            "url": page.get_url(request),
            "page_id": page.pk,
            "revision_id": page.live_revision_id,
            "published_at": page.last_published_at,
        }
        for page in live_legal_pages(request, fresh=True)
    ]
