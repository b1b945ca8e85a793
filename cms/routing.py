"""Page routing without walking the page tree: one indexed query for the page a URL shows.

Wagtail routes a request by looking up the site (one query), the site's root page and its specific instance, then
one child lookup and one ``.specific`` per path level, and checks view restrictions (one query) before serving.
Here the structure it walks (sites, every page's ``url_path``, type, liveness and whether a view restriction
applies to it or an ancestor) is a **route map** kept per process and rebuilt when a generation counter in the
cache moves; the counter is bumped whenever pages are published, unpublished, moved or deleted, and whenever a
site or a view restriction changes (``cms.signal_handlers``).

``serve`` walks the map down to the first page with its own ``route()`` (a storefront: its product routes) or to
the end of the path, loads that page's specific instance with one query, and hands the rest of the path to its
``route()``. The result goes to Wagtail's own ``serve`` view through the per-request caches Wagtail reads
(``request._wagtail_site``, ``request._wagtail_route_for_request``), so Wagtail's hooks (``before_serve_page``:
view restrictions, password and login forms), serving and 404s are unchanged. Pages marked unrestricted in the
map answer ``get_view_restrictions()`` without a query (``RouteMapMixin``). Previews never come here (Wagtail's
admin serves them). A path the map cannot answer (an alias in the chain) falls back to Wagtail's routing.
While the cache cannot be read (Redis down) the map is built for every request: four queries, never stale.
The map also gives a storefront's address from a store id (``storefront_url``), as ``get_url`` would: product
cards link to products without loading stores or pages.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.http import Http404
from django.http.request import split_domain_port
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction, Site

GENERATION_KEY = "opop:routes:gen"
_local = threading.local()


@dataclass(frozen=True)
class PageEntry:
    id: int
    url_path: str
    content_type_id: int
    custom_route: bool  # the specific class overrides route(): stop walking there
    restricted: bool | None  # a view restriction on it or an ancestor; None: unknown (alias in the chain)


@dataclass(frozen=True)
class SiteEntry:
    id: int
    hostname: str
    port: int
    site_name: str
    root_page_id: int
    is_default_site: bool

    def as_site(self) -> Site:
        return Site(
            id=self.id, hostname=self.hostname, port=self.port, site_name=self.site_name,
            root_page_id=self.root_page_id, is_default_site=self.is_default_site,
        )

    @property
    def root_url(self) -> str:
        """``Site.root_url``."""
        if self.port == 80:
            return f"http://{self.hostname}"
        if self.port == 443:
            return f"https://{self.hostname}"
        return f"http://{self.hostname}:{self.port}"


@dataclass(frozen=True)
class RouteMap:
    sites: tuple[SiteEntry, ...]
    by_path: dict[str, PageEntry]
    by_id: dict[int, PageEntry]
    storefronts: dict[int, int] = field(default_factory=dict)  # store id → its storefront page's id
    # (site, its root page's url_path) in Wagtail's order: deepest root first, then the default site, then hostname
    roots: tuple[tuple[SiteEntry, str], ...] = ()

    def site_for(self, hostname: str, port: int) -> SiteEntry | None:
        """Wagtail's own choice (``get_site_for_hostname``): hostname and port, hostname on the default
        site, the only site for that hostname, else the default site."""
        exact = [s for s in self.sites if s.hostname == hostname and s.port == port]
        if exact:
            return exact[0]
        named = [s for s in self.sites if s.hostname == hostname]
        default = next((s for s in self.sites if s.is_default_site), None)
        if default is not None and default.hostname == hostname:
            return default
        if len(named) == 1:
            return named[0]
        return default

    def page_url(self, page_id: int, current_site_id: int | None) -> str | None:
        """What Wagtail's ``Page.get_url(request)`` answers (without Wagtail's i18n, which is off), from the map:
        the path when the page is on the request's site (or there is one site root), else site root URL + path."""
        entry = self.by_id.get(page_id)
        if entry is None:
            return None
        possible = [(site, root) for site, root in self.roots if entry.url_path.startswith(root)]
        if not possible:
            return None
        site, root = next(((s, r) for s, r in possible if s.id == current_site_id), possible[0])
        path = _serve_prefix() + entry.url_path[len(root):]
        if site.id == current_site_id or self.one_root:
            return path
        return site.root_url + path

    @cached_property
    def one_root(self) -> bool:
        """Every site shares one root page: Wagtail then writes paths without the host."""
        return len({root for _site, root in self.roots}) == 1


@lru_cache(maxsize=1)
def _serve_prefix() -> str:
    """Where ``wagtail_serve`` is mounted ("/"): reversed once per process."""
    return reverse("wagtail_serve", args=("",))


def _model_for(content_type_id: int):
    return ContentType.objects.get_for_id(content_type_id).model_class()


def _custom_route(content_type_id: int) -> bool:
    model = _model_for(content_type_id)
    return model is None or model.route is not Page.route


def build_route_map() -> RouteMap:
    """Four queries: sites, pages (structure only), view restrictions, storefronts."""
    rows = list(Page.objects.values_list("id", "url_path", "content_type_id", "alias_of_id", "path"))
    restricted_paths = set(PageViewRestriction.objects.values_list("page__path", flat=True))
    aliases = {path for _id, _url, _ct, alias_of, path in rows if alias_of}
    by_path, by_id = {}, {}
    step = Page.steplen
    for page_id, url_path, content_type_id, _alias_of, path in rows:
        chain = {path[:n] for n in range(step, len(path) + 1, step)}
        restricted = None if chain & aliases else bool(chain & restricted_paths)
        entry = PageEntry(page_id, url_path, content_type_id, _custom_route(content_type_id), restricted)
        by_path[url_path] = by_id[page_id] = entry
    sites = tuple(
        SiteEntry(s.id, s.hostname, s.port, s.site_name, s.root_page_id, s.is_default_site)
        for s in Site.objects.all()
    )
    storefronts = dict(apps.get_model("cms", "StorefrontPage").objects.values_list("store_id", "page_ptr_id"))
    roots = [(s, by_id[s.root_page_id].url_path) for s in sorted(sites, key=lambda s: s.hostname) if s.root_page_id in by_id]
    roots.sort(key=lambda r: (r[1], r[0].is_default_site), reverse=True)  # stable: hostname order kept on ties
    return RouteMap(sites, by_path, by_id, storefronts, tuple(roots))


def product_url(request, product, full: bool = False) -> str:
    """A product's page address, for a ``Product`` (with its store) or a listing row (store slug on the row):
    the storefront's address from the map, else ``/<store slug>/``, then ``p/<slug>/``; absolute if ``full``."""
    store_slug = getattr(product, "store_slug", None) or product.store.slug
    url = (storefront_url(request, product.store_id) or f"/{store_slug}/") + f"p/{product.slug}/"
    if full and request is not None and not url.startswith("http"):
        url = request.build_absolute_uri(url)
    return url


def storefront_url(request, store_id: int) -> str | None:
    """The address of a store's storefront as ``storefront.get_url(request)`` gives it, without loading the page."""
    routes = request_routes(request)
    page_id = routes.storefronts.get(store_id)
    if page_id is None:
        return None
    return routes.page_url(page_id, _current_site_id(request, routes))


def _current_site_id(request, routes: RouteMap) -> int | None:
    if request is None:
        return None
    if hasattr(request, "_wagtail_site"):  # Wagtail's own per-request memo (set by find_route and attach_site)
        return request._wagtail_site.id if request._wagtail_site else None
    site = routes.site_for(*_hostname_and_port(request))
    return site.id if site else None


def request_routes(request) -> RouteMap:
    """The map for one request: its generation is read from the cache once, then the map is kept on the request
    (a listing links 24 cards; with Redis each read is a round trip)."""
    if request is None:
        return route_map()
    routes = getattr(request, "_opop_routes", None)
    if routes is None:
        routes = request._opop_routes = route_map()
    return routes


def route_map() -> RouteMap:
    """This process's map, rebuilt when the generation in the (shared) cache has moved."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = time.time_ns()
        if not cache.add(GENERATION_KEY, generation, None):
            generation = cache.get(GENERATION_KEY)
    # The cache cannot be read (Redis down): no memo can be trusted, so the map is built for this request.
    if generation is None:
        _local.memo = None
        return build_route_map()
    memo = getattr(_local, "memo", None)
    if memo is None or memo[0] != generation:
        memo = _local.memo = (generation, build_route_map())
    return memo[1]


def forget_routes(**kwargs) -> None:
    """Signal receiver: every process rebuilds its map on its next request (now and again on commit)."""

    def bump():
        cache.set(GENERATION_KEY, time.time_ns(), None)

    bump()
    transaction.on_commit(bump)


def is_unrestricted(page_id: int) -> bool:
    entry = route_map().by_id.get(page_id)
    return entry is not None and entry.restricted is False


def _hostname_and_port(request) -> tuple[str, int]:
    try:
        port = int(request.get_port())
    except (TypeError, ValueError):
        port = 80
    return split_domain_port(request._get_raw_host())[0], port


def attach_site(request) -> None:
    """Give a view outside the page tree (search, category) the request's Site from the map, so page URLs
    in it (``pageurl``, product links) cost no site query."""
    if not hasattr(request, "_wagtail_site"):
        site = request_routes(request).site_for(*_hostname_and_port(request))
        request._wagtail_site = site.as_site() if site else None


def find_route(request, path: str):
    """Wagtail's ``RouteResult`` for this request (``None``: not found), or ``NotImplemented`` when the map
    cannot answer and Wagtail's own routing must."""
    routes = request_routes(request)
    site = routes.site_for(*_hostname_and_port(request))
    if site is None:
        return None
    request._wagtail_site = site.as_site()
    entry = routes.by_id.get(site.root_page_id)
    components = [c for c in path.split("/") if c]
    depth = 0
    while entry is not None and depth < len(components) and not entry.custom_route:
        entry = routes.by_path.get(f"{entry.url_path}{components[depth]}/")
        depth += 1
    if entry is None:
        return None
    if entry.restricted is None:
        return NotImplemented
    specific_model = _model_for(entry.content_type_id)
    page = specific_model.objects.select_related(*getattr(specific_model, "route_select_related", ())).filter(
        pk=entry.id
    ).first()
    if page is None:  # deleted since the map was built
        return None
    try:
        return page.route(request, components[depth:])
    except Http404:
        return None


class RouteMapMixin:
    """For page classes: view restrictions answered from the route map when none applies (no query)."""

    def get_view_restrictions(self):
        if self.pk and is_unrestricted(self.pk):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
