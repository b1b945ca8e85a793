"""Buyer pages: cart, checkout, order page, account orders. Thin: they call the services and render."""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from catalog.csrf import shared_page_form
from catalog.services.campaigns import session_attribution

from . import legal_port, regions
from .errors import (
    CartChanged,
    CartError,
    InsufficientStock,
    PaymentUnavailable,
    ShippingError,
    VoucherError,
)
from .forms import CheckoutForm
from .models import Checkout, Order, OrderStatus
from .payment_port import payment_port
from .selectors import order_timeline, pending_checkouts
from .services import cart as cart_service
from .services.checkout_page import PageQuote, checkout_page_quote, requested_shipping
from .services.placement import place_order, placed_checkout, quote_cart
from .services.pricing import Address
from .services.voucher_guard import guarded_voucher_quote

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
    context = {
        "cart": cart, "quote": quote, "available": available, "max_quantity": cart_service.MAX_QUANTITY,
        "pending": pending_checkouts(request, cart),
    }
    return render(request, "checkout/cart.html", context)


@shared_page_form
@require_POST
def cart_add(request):
    cart = cart_service.get_cart(request, create=True)
    try:
        line = cart_service.add_to_cart(cart, request.POST.get("variant"), request.POST.get("quantity", "1"))
    except CartError as exc:
        messages.error(request, exc.message)
        return _back(request)
    messages.success(request, _("%(product)s is in your cart.") % {"product": line.variant})
    return redirect("checkout:cart")


@require_POST
def cart_update(request, line_id: int):
    cart = cart_service.get_cart(request)
    if cart is None:
        return redirect("checkout:cart")
    try:
        if request.POST.get("action") == "remove":
            cart_service.remove_line(cart, line_id)
            messages.success(request, _("Product removed from your cart."))
        else:
            cart_service.set_quantity(cart, line_id, request.POST.get("quantity"))
            messages.success(request, _("Quantity updated."))
    except CartError as exc:
        messages.error(request, exc.message)
    return redirect("checkout:cart")


@require_POST
def cart_remove(request, line_id: int):
    cart = cart_service.get_cart(request)
    if cart is not None:
        try:
            cart_service.remove_line(cart, line_id)
            messages.success(request, _("Product removed from your cart."))
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


def _gateways(channel):
    return payment_port().gateways_for_channel(channel)


@require_http_methods(["GET", "POST"])
def checkout_view(request):
    data = _posted(request)
    placing = data is not None and data.get("action") == "place"
    if placing and (retried := _retried_submit(request, data)) is not None:
        return retried
    cart = cart_service.get_cart(request)
    items = _cart_items(request, cart)  # read once: the page's quote and the placement price these lines
    if not items:
        return redirect("checkout:cart")
    page = _page_quote(request, cart, data, items=items)
    form = _checkout_form(request, data, page, placing)
    changes = []
    if placing and form.is_valid():
        try:
            return _start_payment(request, _place(request, cart, form, page, items).checkout)
        except CartChanged as exc:
            changes = exc.changes or [exc.message]
            messages.warning(request, _("The order was not placed: something changed. Check again and resubmit."))
        except VoucherError as exc:  # used up or expired since the page was shown
            page = _page_quote(request, cart, data, voucher_code="", items=items)
            form.add_error("voucher_code", exc.message)
        except (InsufficientStock, ShippingError) as exc:
            messages.error(request, exc.message)
    return _render_checkout(request, form, page.quote, changes, status=400 if placing else 200)


def _posted(request):
    """The POSTed form (with an idempotency key: the first submit of a page that had none gets one), or None."""
    if request.method != "POST":
        return None
    data = request.POST.copy()
    if not data.get("idempotency_key"):
        data["idempotency_key"] = uuid.uuid4().hex
    return data


def _retried_submit(request, data):
    """A double click, the back button or a retry: the first submit already made the checkout (and emptied the
    cart). The same buyer goes on to pay it; anyone else learns nothing about it. None for a first submit."""
    try:
        existing = placed_checkout(data["idempotency_key"], data.get("email") or "")
    except CartChanged as exc:
        messages.error(request, exc.message)
        return redirect("checkout:cart")
    return _start_payment(request, existing) if existing is not None else None


def _cart_items(request, cart) -> list:
    """The cart's buyable lines (an empty list, with a message, when there are none)."""
    items, notes = cart_service.cart_items(cart)
    for note in notes:
        messages.warning(request, note)
    if not items:
        messages.info(request, _("Your cart is empty."))
    return items


def _page_quote(request, cart, data, *, voucher_code=None, items=None) -> PageQuote:
    data = data or {}
    return checkout_page_quote(
        cart,
        request.channel,
        _address_from(data, request.channel),
        requested=requested_shipping(data),
        voucher_code=data.get("voucher_code", "") if voucher_code is None else voucher_code,
        guard=lambda code, price: guarded_voucher_quote(request, code, price),
        items=items,
    )


def _checkout_form(request, data, page: PageQuote, placing: bool) -> CheckoutForm:
    initial = {"idempotency_key": uuid.uuid4().hex, "country": request.channel.default_country}
    if request.user.is_authenticated:
        initial["email"] = request.user.email
    form = CheckoutForm(
        data, initial=initial, channel=request.channel, gateways=_gateways(request.channel),
        store_options=page.store_options, placing=placing,
    )
    if page.voucher_error:
        form.add_error("voucher_code", page.voucher_error)
    return form


def _place(request, cart, form: CheckoutForm, page: PageQuote, items):
    d = form.cleaned_data
    return place_order(
        cart=cart,
        channel=request.channel,
        details=form.details(
            language=getattr(request, "LANGUAGE_CODE", "") or request.channel.language,
            consent=legal_port.current_consent(request),
        ),
        shipping_choices=form.shipping_choices(),
        voucher_code=d.get("voucher_code", "").strip() if page.voucher_applies else "",
        idempotency_key=d["idempotency_key"],
        snapshot=d.get("snapshot") or "",
        user=request.user,
        attribution=session_attribution(request.session),
        quote=page.quote,  # priced in this request; placement prices again only if it was priced differently
        items=items,
    )


def _render_checkout(request, form: CheckoutForm, quote, changes, *, status: int):
    form.show_snapshot(quote.signed_snapshot())  # the buyer confirms exactly this page
    groups = [(g, form[f"shipping_{g.store.pk}"]) for g in quote.stores]
    context = {
        "form": form, "quote": quote, "groups": groups, "changes": changes, "channel": request.channel,
        "international": form.international, "terms_version": settings.OPOP_TERMS_VERSION,
        "legal": legal_port.current_documents(request),
    }
    return render(request, "checkout/checkout.html", context, status=status)


def _start_payment(request, checkout: Checkout):
    """After commit, with no lock held: ask the payments app for the page the buyer pays on. The session
    remembers the checkout first, so a buyer whose request dies here finds it on the cart page."""
    cart_service.remember_checkout(request, checkout)
    try:
        url = payment_port().start_payment(checkout)
    except PaymentUnavailable as exc:
        messages.error(request, exc.message)
        return redirect("checkout:done", token=checkout.token)
    return HttpResponseRedirect(url or reverse("checkout:done", args=[checkout.token]))


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
