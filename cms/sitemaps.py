"""/sitemap.xml: every live page of the current site (Wagtail's sitemap), the store directory, every live product."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Site

from catalog import selectors


class ProductSitemap(Sitemap):
    """Products of live storefronts under the requested site (its root page's path prefix)."""

    def __init__(self, request=None):
        self.request = request

    def items(self):
        qs = selectors.sitemap_products()
        site = Site.find_for_request(self.request) if self.request else None
        if site is not None:
            root_path = site.root_page.url_path
            qs = qs.filter(store__storefront__url_path__startswith=root_path)
        return qs

    def location(self, product):
        # Full URL already: the storefront knows its site (own domain or the marketplace).
        storefront = product.store.storefront
        return storefront.get_url(self.request) + storefront.reverse_subpage("product_detail", args=[product.slug])

    def lastmod(self, product):
        return product.updated_at

    def get_urls(self, page=1, site=None, protocol=None):
        urls = []
        for item in self.paginator.page(page).object_list:
            loc = self.location(item)
            if not loc.startswith("http"):
                loc = self.request.build_absolute_uri(loc)
            urls.append({"item": item, "location": loc, "lastmod": self.lastmod(item),
                         "changefreq": None, "priority": None, "alternates": []})
        return urls


class StoreDirectorySitemap(Sitemap):
    """The store directory (/toko/): its first page links on to every store's storefront."""

    def __init__(self, request=None):
        self.request = request

    def items(self):
        # Only on the marketplace's own site, not on a store's own domain (whose root is its storefront).
        site = Site.find_for_request(self.request) if self.request else None
        if site is not None and site.root_page.depth > 2:
            return []
        return ["opop_store_directory"]

    def location(self, name):
        return reverse(name)

    def get_urls(self, page=1, site=None, protocol=None):
        return [{"item": name, "location": self.request.build_absolute_uri(self.location(name)), "lastmod": None,
                 "changefreq": None, "priority": None, "alternates": []} for name in self.items()]


def sitemap(request):
    return wagtail_sitemap(request, sitemaps={
        "pages": WagtailSitemap(request),
        "stores": StoreDirectorySitemap(request),
        "products": ProductSitemap(request),
    })
