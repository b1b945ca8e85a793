"""Buyer-facing views that are not pages: channel switch, search, category listing, sitemap, robots.txt."""

from __future__ import annotations

import logging
import re

from django.contrib import messages
from django.db import DatabaseError, transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Fuzzy

from catalog import selectors
from catalog.channels import set_request_channel
from catalog.csrf import shared_page_form
from catalog.models import Category, Channel, Product

from .cache import LISTING_PARAMS, cached_response
from .not_found import render_themed_404
from .routing import attach_site

logger = logging.getLogger(__name__)
SEARCH_LIMIT = 500
DIRECTORY_PARAMS = ("q", "kategori", "hal")
# Wagtail's SQLite (FTS5) backend passes quotes and operators through to MATCH: `kopi"` is an SQL error there.
_SEARCH_JUNK = re.compile(r"[^\w\s-]+", re.UNICODE)


def clean_query(raw: str) -> str:
    return " ".join(_SEARCH_JUNK.sub(" ", raw or "").split())[:100]


@shared_page_form
@require_POST
def switch_channel(request):
    """Switch currency + language. Unknown channels change nothing and say so."""
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    channel = Channel.objects.filter(is_active=True, slug=request.POST.get("channel", "")).first()
    if channel is None:
        messages.error(request, _("Unknown channel; nothing was changed."))
    else:
        set_request_channel(request, channel)
    return HttpResponseRedirect(next_url)


def search_product_ids(query: str) -> list[int]:
    """Ranked product ids from Wagtail's search backend; on PostgreSQL a trigram fuzzy search catches typos
    when the full-text search (Indonesian stemming where configured) finds nothing."""
    query = clean_query(query)
    if not query:
        return []
    backend = get_search_backend()
    base = Product.objects.filter(live=True)  # store activity is applied by the listing selector
    try:
        with transaction.atomic():
            ids = [p.pk for p in backend.search(query, base, operator="and")[:SEARCH_LIMIT]]
            if not ids:
                ids = [p.pk for p in backend.search(query, base, operator="or")[:SEARCH_LIMIT]]
    except DatabaseError:
        logger.warning("search failed for %r", query, exc_info=True)
        ids = []
    if not ids and _backend_is_postgres(backend):
        try:
            with transaction.atomic():
                ids = [p.pk for p in backend.search(Fuzzy(query), base)[:SEARCH_LIMIT]]
        except Exception:  # pg_trgm missing: fall back to no fuzzy results, never a 500
            logger.warning("fuzzy search unavailable", exc_info=True)
            ids = []
    return ids


def _backend_is_postgres(backend) -> bool:
    return "postgres" in type(backend).__module__


@require_GET
def search(request):
    def build():
        attach_site(request)
        query = (request.GET.get("q") or "").strip()[:100]
        ids = search_product_ids(query) if query else None
        if ids is None:
            listing = selectors.product_listing(request, per_page=24)
        else:
            listing = selectors.product_listing(request, search_ids=ids, per_page=24)
        if listing is None:
            return render_themed_404(request)
        context = {"listing": listing, "query": query, "listing_title": _("Search results")}
        return TemplateResponse(request, "cms/search.html", context)

    return cached_response(request, build, params=LISTING_PARAMS)


@require_GET
def category(request, slug):
    def build():
        attach_site(request)
        cat = get_object_or_404(Category, slug=slug)
        listing = selectors.product_listing(request, category=cat, per_page=24)
        if listing is None:
            raise Http404
        return TemplateResponse(
            request, "cms/category.html", {
                "category": cat, "listing": listing, "listing_title": cat.name,
                "crumbs": [("OPOP", "/"), (cat.name, request.path)],
            }
        )

    return cached_response(request, build, params=LISTING_PARAMS)


@require_GET
def store_directory(request):
    """/toko/: every active store, by name, paginated; the home shows only the newest few."""

    def build():
        attach_site(request)
        directory = selectors.store_directory(request)
        if directory is None:
            return render_themed_404(request)
        path = reverse("opop_store_directory")
        number = directory.page.number if directory.page else 1
        context = {
            "directory": directory,
            "crumbs": [("OPOP", "/"), (_("Stores"), path)],
            "canonical_url": request.build_absolute_uri(path + (f"?hal={number}" if number > 1 else "")),
        }
        return TemplateResponse(request, "cms/store_directory.html", context)

    return cached_response(request, build, params=DIRECTORY_PARAMS)


@require_GET
def robots_txt(request):
    # /checkout/ is not listed: a visitor without a cart (every crawler) is redirected to /cart/, which is, so nothing
    # of the checkout reaches an index; listing it only made Lighthouse mark the checkout "blocked from indexing".
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /cart/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('opop_sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def method_not_allowed(request):
    return HttpResponseNotAllowed(["POST"])
