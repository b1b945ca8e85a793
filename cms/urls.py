from django.urls import path, re_path
from wagtail.images.views.serve import ServeView

from catalog.csp_report import report as csp_report
from themes.views import brand_css

from . import application_views, campaign_views, feed_views, share_views, sitemaps, views, wishlist_views

urlpatterns = [
    path("channel/", views.switch_channel, name="opop_switch_channel"),
    path("search/", views.search, name="opop_search"),
    path("toko/", views.store_directory, name="opop_store_directory"),
    path("wishlist/", wishlist_views.wishlist_page, name="opop_wishlist"),
    path("wishlist/add/", wishlist_views.wishlist_add, name="opop_wishlist_add"),
    path("wishlist/remove/", wishlist_views.wishlist_remove, name="opop_wishlist_remove"),
    path("stock-alerts/", wishlist_views.stock_alert_subscribe, name="opop_stock_alert_subscribe"),
    path(
        "stock-alerts/<str:token>/unsubscribe/",
        wishlist_views.stock_alert_unsubscribe,
        name="opop_stock_alert_unsubscribe",
    ),
    path("c/<slug:code>/", campaign_views.campaign_link, name="opop_campaign_link"),
    path("daftar-toko/", application_views.store_application, name="opop_store_application"),
    path("daftar-toko/terkirim/", application_views.store_application_sent, name="opop_store_application_sent"),
    path(
        "daftar-toko/kata-sandi/<uidb64>/<token>/",
        application_views.SetPasswordView.as_view(),
        name="opop_set_password",
    ),
    path("daftar-toko/kata-sandi/selesai/", application_views.set_password_done, name="opop_set_password_done"),
    path("kategori/<slug:slug>/", views.category, name="opop_category"),
    path("sitemap.xml", sitemaps.sitemap, name="opop_sitemap"),
    path("tema/<str:primary>/<str:accent>/<str:font>.css", brand_css, name="opop_brand_css"),
    path("csp-report/", csp_report, name="opop_csp_report"),
    path("robots.txt", views.robots_txt, name="opop_robots"),
    path("feeds/<slug:channel_slug>/google.xml", feed_views.product_feed, {"kind": "google"}, name="opop_feed_google"),
    path("feeds/<slug:channel_slug>/meta.csv", feed_views.product_feed, {"kind": "meta"}, name="opop_feed_meta"),
    path(
        "feeds/<slug:channel_slug>/<slug:store_slug>/google.xml",
        feed_views.product_feed,
        {"kind": "google"},
        name="opop_store_feed_google",
    ),
    path(
        "feeds/<slug:channel_slug>/<slug:store_slug>/meta.csv",
        feed_views.product_feed,
        {"kind": "meta"},
        name="opop_store_feed_meta",
    ),
    path(
        "share/p/<int:pk>/<slug:channel_slug>/<slug:size>-<slug:digest>.jpg",
        share_views.product_card,
        name="opop_share_product",
    ),
    path("share/s/<int:pk>/<slug:size>-<slug:digest>.jpg", share_views.storefront_card, name="opop_share_storefront"),
    # Wagtail's signed image URLs (feeds link photos through it): the rendition is made on the first fetch, then
    # the fetcher is redirected to the stored file.
    re_path(r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$", ServeView.as_view(action="redirect"), name="wagtailimages_serve"),
]
