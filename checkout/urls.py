from django.urls import path

from . import views

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
]
