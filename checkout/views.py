"""Buyer pages: cart, checkout, order page, account orders. Thin: they call the services and render."""

from __future__ import annotations

import logging
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.utils import ErrorDict
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import regions
from .errors import CartChanged, CartError, CheckoutError, InsufficientStock, ShippingError, VoucherError
from .forms import CheckoutForm
from .models import Checkout, Order, OrderStatus
from .selectors import order_timeline
from .services import cart as cart_service
from .services.placement import CheckoutDetails, place_order, quote_cart
from .services.pricing import Address

logger = logging.getLogger(__name__)


def _back(request, default="checkout:cart"):
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return HttpResponseRedirect(target)
    return redirect(default)


# --- Cart ------------------------------------------------------------------------------------------------


def cart_view(request):
    cart = cart_service.get_cart(request)
    items, notes = cart_service.cart_items(cart)
    quote = quote_cart(cart, request.channel) if items else None
    available = cart_service.availability([v for _ln, v in items]) if items else {}
    for note in notes:
        messages.warning(request, note)
    return render(
        request,
        "checkout/cart.html",
        {"cart": cart, "quote": quote, "available": available, "max_quantity": cart_service.MAX_QUANTITY},
    )


@require_POST
def cart_add(request):
    cart = cart_service.get_cart(request, create=True)
    try:
        line = cart_service.add_to_cart(cart, request.POST.get("variant"), request.POST.get("quantity", "1"))
    except CartError as exc:
        messages.error(request, exc.message)
        return _back(request)
    messages.success(request, _("%(product)s masuk keranjang.") % {"product": line.variant})
    return redirect("checkout:cart")


@require_POST
def cart_update(request, line_id: int):
    cart = cart_service.get_cart(request)
    if cart is None:
        return redirect("checkout:cart")
    try:
        if request.POST.get("action") == "remove":
            cart_service.remove_line(cart, line_id)
            messages.success(request, _("Produk dihapus dari keranjang."))
        else:
            cart_service.set_quantity(cart, line_id, request.POST.get("quantity"))
            messages.success(request, _("Jumlah diperbarui."))
    except CartError as exc:
        messages.error(request, exc.message)
    return redirect("checkout:cart")


@require_POST
def cart_remove(request, line_id: int):
    cart = cart_service.get_cart(request)
    if cart is not None:
        try:
            cart_service.remove_line(cart, line_id)
            messages.success(request, _("Produk dihapus dari keranjang."))
        except CartError as exc:
            messages.error(request, exc.message)
    return redirect("checkout:cart")


# --- Checkout --------------------------------------------------------------------------------------------


def _address_from(data, channel) -> Address:
    if channel.default_country != "ID":
        return Address(country=(data.get("country") or channel.default_country).upper()[:2])
    province = data.get("province") or ""
    regency = data.get("regency") or ""
    if not regions.get(province):
        province = ""
    if not regions.is_child(province, regency):
        regency = ""
    return Address(country="ID", province_code=province, regency_code=regency)


def _shipping_choices(data, quote) -> dict[int, str]:
    """The buyer's pick per store, or the first (cheapest courier) option, so the breakdown and the total on
    the page always include a shipping cost: the total shown is the total charged."""
    choices = {}
    for group in quote.stores:
        value = data.get(f"shipping_{group.store.pk}")
        if value and any(o.key == value for o in group.shipping_options):
            choices[group.store.pk] = value
        elif group.shipping_options:
            choices[group.store.pk] = group.shipping_options[0].key
    return choices


def _gateways(channel):
    from checkout.payments.registry import gateways_for_channel

    return gateways_for_channel(channel)


@require_http_methods(["GET", "POST"])
def checkout_view(request):
    channel = request.channel
    if request.method == "POST" and request.POST.get("action") == "place" and request.POST.get("idempotency_key"):
        # A double click, the back button or a retry: the first submit already made the checkout (and emptied
        # the cart). Same buyer → the same checkout; anyone else learns nothing about it.
        existing = Checkout.objects.filter(idempotency_key=request.POST["idempotency_key"]).first()
        if existing is not None:
            if existing.email.lower() == (request.POST.get("email") or "").strip().lower():
                return _start_payment(request, existing)
            messages.error(request, _("Formulir ini sudah kedaluwarsa. Periksa lagi pesanan Anda lalu kirim ulang."))
            return redirect("checkout:cart")
    cart = cart_service.get_cart(request)
    items, notes = cart_service.cart_items(cart)
    for note in notes:
        messages.warning(request, note)
    if not items:
        messages.info(request, _("Keranjang Anda masih kosong."))
        return redirect("checkout:cart")

    data = request.POST if request.method == "POST" else None
    if data is not None and not data.get("idempotency_key"):
        data = data.copy()
        data["idempotency_key"] = uuid.uuid4().hex
    placing = data is not None and data.get("action") == "place"
    address = _address_from(data or {}, channel)
    options_quote = quote_cart(cart, channel, CheckoutDetails("", "", "", "", **address.__dict__))
    store_options = {g.store: g.shipping_options for g in options_quote.stores}
    initial = {"idempotency_key": uuid.uuid4().hex, "country": channel.default_country}
    if request.user.is_authenticated:
        initial["email"] = request.user.email
    gateways = _gateways(channel)
    form = CheckoutForm(
        data, initial=initial, channel=channel, gateways=gateways, store_options=store_options, placing=placing
    )

    # What the buyer sees: recomputed on the server from the cart, the address and the choices.
    voucher_code = (data or {}).get("voucher_code", "").strip()
    choices = _shipping_choices(data or {}, options_quote)
    details = CheckoutDetails("", "", "", "", **address.__dict__)
    try:
        quote = quote_cart(cart, channel, details, shipping_choices=choices, voucher_code=voucher_code)
    except VoucherError as exc:
        form.is_valid()
        form.add_error("voucher_code", exc.message)
        quote = quote_cart(cart, channel, details, shipping_choices=choices)
        voucher_code = None

    changes = []
    if placing and voucher_code is not None and form.is_valid():
        d = form.cleaned_data
        details = CheckoutDetails(
            email=d["email"],
            phone=d["phone"],
            recipient_name=d["recipient_name"],
            street_address=d["street_address"],
            country=d.get("country") or channel.default_country,
            province_code=d.get("province") or "",
            regency_code=d.get("regency") or "",
            district_code=d.get("district") or "",
            village_code=d.get("village") or "",
            region_label=form.region_label(),
            city=d.get("city") or "",
            postcode=d.get("postcode") or "",
            language=(getattr(request, "LANGUAGE_CODE", "") or channel.language)[:8],
            gateway=d["gateway"],
        )
        shipping = {store.pk: d[f"shipping_{store.pk}"] for store in store_options}
        shipping = {pk: key for pk, key in shipping.items() if key}
        try:
            placement = place_order(
                cart=cart, channel=channel, details=details, shipping_choices=shipping, voucher_code=voucher_code,
                idempotency_key=d["idempotency_key"], snapshot=d.get("snapshot") or "", user=request.user,
            )
        except CartChanged as exc:
            changes = exc.changes or [exc.message]
            messages.warning(request, _("Pesanan belum dibuat: ada yang berubah. Periksa lagi lalu kirim ulang."))
        except (InsufficientStock, ShippingError, VoucherError) as exc:
            messages.error(request, exc.message)
        else:
            return _start_payment(request, placement.checkout)
        # Re-price for the page the buyer will confirm again.
        try:
            quote = quote_cart(cart, channel, details, shipping_choices=choices, voucher_code=voucher_code)
        except CheckoutError:
            quote = quote_cart(cart, channel, details, shipping_choices=choices)

    if form.is_bound and not placing:
        # "Perbarui" only re-renders: keep the buyer's typing, show no "required" errors yet (a voucher's
        # verdict is the exception: they asked for it).
        voucher_errors = form.errors.get("voucher_code")
        form._errors = ErrorDict()
        if voucher_errors:
            form._errors["voucher_code"] = voucher_errors
    if form.is_bound:
        # A fresh snapshot of exactly what is shown now: the buyer confirms this page, not an older one.
        form.data = form.data.copy()
        form.data["snapshot"] = quote.signed_snapshot()
    else:
        form.initial["snapshot"] = quote.signed_snapshot()
    groups = [(g, form[f"shipping_{g.store.pk}"]) for g in quote.stores]
    return render(
        request,
        "checkout/checkout.html",
        {"form": form, "quote": quote, "groups": groups, "changes": changes, "channel": channel,
         "international": form.international, "terms_version": _terms_version()},
        status=400 if placing else 200,
    )


def _terms_version():
    from django.conf import settings

    return settings.OPOP_TERMS_VERSION


def _start_payment(request, checkout: Checkout):
    """After commit, with no lock held: ask the payments app for the page the buyer pays on."""
    from checkout.payments.errors import PaymentStartError
    from checkout.payments.services import start_payment

    try:
        attempt = start_payment(checkout)
    except PaymentStartError as exc:
        messages.error(request, exc.message)
        return redirect("checkout:done", token=checkout.token)
    return HttpResponseRedirect(attempt.redirect_url or reverse("checkout:done", args=[checkout.token]))


def checkout_done(request, token: str):
    checkout = get_object_or_404(Checkout, token=token)
    orders = list(checkout.orders.select_related("store").prefetch_related("lines"))
    payable = any(o.status == OrderStatus.AWAITING_PAYMENT for o in orders)
    return render(request, "checkout/done.html", {"checkout": checkout, "orders": orders, "payable": payable})


@require_POST
def checkout_pay(request, token: str):
    checkout = get_object_or_404(Checkout, token=token)
    return _start_payment(request, checkout)


# --- Orders ----------------------------------------------------------------------------------------------


def order_detail(request, token: str):
    if len(token) < 20:
        raise Http404
    order = get_object_or_404(Order.objects.select_related("store", "checkout"), token=token)
    return render(
        request,
        "checkout/order_detail.html",
        {"order": order, "checkout": order.checkout, "lines": order.lines.all(), "timeline": order_timeline(order),
         "payable": order.status == OrderStatus.AWAITING_PAYMENT},
    )


@login_required
def account_orders(request):
    orders = Order.objects.filter(checkout__user=request.user).select_related("store").order_by("-created_at")
    return render(request, "checkout/account_orders.html", {"orders": orders})
