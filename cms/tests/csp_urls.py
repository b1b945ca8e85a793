"""A buyer page with an inline script (none of the shipped pages has one): proves nonces through the page cache."""

from django.template import engines
from django.template.response import TemplateResponse
from django.urls import include, path

from cms.cache import cached_response

TEMPLATE = engines["django"].from_string(
    "{% load storefront %}<!doctype html><title>x</title><p>{{ request.path }}</p>"
    '<script nonce="{% csp_nonce %}">window.inlineRan = true;</script>'
)


def page_with_inline_script(request):
    return cached_response(request, lambda: TemplateResponse(request, TEMPLATE, {}))


urlpatterns = [
    path("csp-inline/", page_with_inline_script),
    path("", include("shop.urls")),
]
