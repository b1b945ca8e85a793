"""/sitemap.xml: every live page of the current site (Wagtail's sitemap) plus every live product."""

from django.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
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


def sitemap(request):
    from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

    return wagtail_sitemap(request, sitemaps={"pages": WagtailSitemap(request), "products": ProductSitemap(request)})
