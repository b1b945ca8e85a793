"""The short address of a campaign link, ``/c/<code>/`` (``catalog.services.campaigns``).

It records the visit in the session and redirects to the landing (the store's storefront, or the campaign's
product). It is never cached, by the page cache (``/c/`` is skipped by its middleware) or by anyone else
(``Cache-Control: no-store``), so a visit is seen even when the landing page itself comes from the cache. No
tracking parameter is added to the landing: the session already knows, and the landing's cache entry is the same
one every other visitor gets.
"""

from __future__ import annotations

from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from catalog.models import Campaign
from catalog.services.campaigns import record_visit

from .routing import attach_site


def landing_url(request, campaign: Campaign) -> str:
    """The storefront of the campaign's store, or its product page when the product is still on sale there;
    the marketplace home when the store has no live storefront."""
    storefront = getattr(campaign.store, "storefront", None)
    base = storefront.get_url(request) if storefront is not None and storefront.live else None
    if not base or not campaign.store.is_active:
        return "/"
    product = campaign.product
    if product is not None and product.store_id == campaign.store_id and product.live:
        return base + f"p/{product.slug}/"
    return base


@never_cache
@require_safe
def campaign_link(request, code: str):
    campaign = Campaign.objects.select_related("store", "store__storefront", "product").filter(code=code.lower()).first()
    if campaign is None:
        raise Http404(_("This campaign link does not exist."))
    attach_site(request)
    if request.method == "GET":
        record_visit(request.session, campaign, user_agent=request.headers.get("User-Agent", ""))
    return HttpResponseRedirect(landing_url(request, campaign))
