"""Wagtail's front-end URLs, with ``serve`` routed through the route map (``cms.routing``).

Include it last, in place of ``wagtail.urls``: ``path("", include("cms.page_urls"))``.
"""

from django.urls import re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views

from .routing import find_route


def serve(request, path):
    """Wagtail's ``serve`` view, with the route found through the map."""
    if not hasattr(request, "_wagtail_route_for_request"):
        result = find_route(request, path)
        if result is not NotImplemented:
            request._wagtail_route_for_request = result
        else:
            del request._wagtail_site
    return wagtail_views.serve(request, path)



# Same names as Wagtail's, so reverse("wagtail_serve") and the password/login views work unchanged.
urlpatterns = [p for p in wagtail_urls.urlpatterns if getattr(p, "name", None) != "wagtail_serve"] + [
    re_path(wagtail_urls.serve_pattern, serve, name="wagtail_serve")
]
