from django.conf import settings
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

# A database outage answers 503 with Retry-After wherever it is raised (catalog/outage.py); other errors keep
# Django's 400 and 500 pages (themes/templates).
handler400 = "catalog.outage.bad_request"
handler500 = "catalog.outage.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("checkout.payments.urls")),
    path("", include("checkout.urls")),
    path("", include("cms.urls")),
]

if getattr(settings, "OPOP_BENCH", False):
    from shop.bench_views import BareDetail, BareListing

    urlpatterns += [
        path("bench/bare/", BareListing.as_view(), name="bench_bare_listing"),
        path("bench/bare/p/<slug:slug>/", BareDetail.as_view(), name="bench_bare_detail"),
    ]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving, routed through the route map (cms.routing): same views, hooks and URL names.
urlpatterns += [path("", include("cms.page_urls"))]
