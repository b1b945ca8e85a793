"""The store-themed 404, shared by the pages (``cms.models``) and the buyer views (``cms.views``)."""

from django.template.response import TemplateResponse

from themes.registry import get_theme


def render_themed_404(request, storefront=None):
    """A 404 that keeps the store's theme (unknown product, unpublished product, inactive store)."""
    theme = get_theme(getattr(storefront, "theme", None))
    context = {
        "storefront": storefront,
        "store": getattr(storefront, "store", None),
        "page": storefront,
        "request_path": request.path,
        "not_found": True,
    }
    response = TemplateResponse(request, theme.template_names("404.html"), context, status=404)
    response.render()
    return response
