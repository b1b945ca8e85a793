from django.urls import path

from . import sitemaps, views

urlpatterns = [
    path("channel/", views.switch_channel, name="opop_switch_channel"),
    path("search/", views.search, name="opop_search"),
    path("toko/", views.store_directory, name="opop_store_directory"),
    path("kategori/<slug:slug>/", views.category, name="opop_category"),
    path("sitemap.xml", sitemaps.sitemap, name="opop_sitemap"),
    path("robots.txt", views.robots_txt, name="opop_robots"),
]
