from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.utils.urlpatterns import decorate_urlpatterns

from . import review_views, views

app_name = "checkout"

urlpatterns = [
    path("cart/", views.cart_view, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/lines/<int:line_id>/", views.cart_update, name="cart_update"),
    path("cart/lines/<int:line_id>/remove/", views.cart_remove, name="cart_remove"),
    path("checkout/", views.checkout_view, name="checkout"),
    path("checkout/done/<str:token>/", views.checkout_done, name="done"),
    path("checkout/pay/<str:token>/", views.checkout_pay, name="pay"),
    path("orders/<str:token>/", views.order_detail, name="order"),
    path("account/orders/", views.account_orders, name="account_orders"),
    path("ulasan/<str:token>/", review_views.review_order, name="review"),
]
# Every page here shows one buyer's data (cart, checkout, orders, account): ``Cache-Control: private, no-store`` on
# each, a view added later included (docs/security.md, "Smaller doors").
urlpatterns = decorate_urlpatterns(urlpatterns, never_cache)
