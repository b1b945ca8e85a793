from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("checkout.payments.urls")),
    path("", include("checkout.urls")),
    path("", include("cms.urls")),
]

if getattr(settings, "OPOP_BENCH", False):
    from shop.bench_views import bare_listing

    urlpatterns += [path("bench/bare/<slug:store_slug>/", bare_listing, name="bench_bare_listing")]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
