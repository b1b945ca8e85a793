"""``{% home_title site_name %}``: the admin home's heading. A store editor reads their store's name (Wagtail
would say the site's host name, "localhost"); the marketplace home keeps the site name."""

from django import template

from catalog.home_selectors import home_stores

register = template.Library()


@register.simple_tag(takes_context=True)
def home_title(context, site_name):
    request = context.get("request")
    stores = home_stores(request.user) if request is not None else None
    if stores:
        return ", ".join(store.name for store in stores)
    return site_name
