from django.apps import apps
from django.urls import include, path

# As in "Building your own shop": Oscar's URLs at the root (no Django admin: nothing benchmarked uses it).
urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include(apps.get_app_config("oscar").urls[0])),
]
