"""Store side of orders in the Wagtail admin: detail with actions, and a printable packing slip.

Every view loads the order through ``catalog.scoping.scope_queryset`` (write scope for POST), so an editor of
store A gets a 404 for an order of store B whatever URL they type; model permissions apply on top.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from catalog.scoping import scope_queryset

from .errors import CheckoutError
from .models import Order, OrderStatus
from .services.orders import (
    can_transition,
    cancel_order,
    mark_completed,
    mark_delivered,
    mark_processing,
    mark_shipped,
)


def _get_order(request, pk, *, write: bool) -> Order:
    perm = "checkout.change_order" if write else "checkout.view_order"
    if not request.user.has_perm(perm):
        raise PermissionDenied
    qs = scope_queryset(Order.objects.select_related("store", "checkout"), request.user, write=write)
    try:
        return qs.get(pk=pk)
    except (Order.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Pesanan ini tidak ada atau bukan milik toko Anda."))


def order_detail(request, pk):
    if request.method == "POST":
        order = _get_order(request, pk, write=True)
        action = request.POST.get("action")
        try:
            if action == "processing":
                mark_processing(order, user=request.user)
                messages.success(request, _("Pesanan %(n)s sedang diproses.") % {"n": order.number})
            elif action == "shipped":
                mark_shipped(
                    order, courier=request.POST.get("courier", ""),
                    tracking_number=request.POST.get("tracking_number", ""), user=request.user,
                )
                messages.success(request, _("Pesanan %(n)s ditandai dikirim.") % {"n": order.number})
            elif action == "delivered":
                mark_delivered(order, user=request.user)
                messages.success(request, _("Pesanan %(n)s ditandai sudah diterima pembeli.") % {"n": order.number})
            elif action == "completed":
                mark_completed(order, user=request.user)
                messages.success(request, _("Pesanan %(n)s ditandai selesai.") % {"n": order.number})
            elif action == "cancel":
                reason = (request.POST.get("reason") or "").strip()
                if not reason:
                    raise CheckoutError(_("Tulis alasan pembatalan; pembeli akan membacanya."))
                cancel_order(order, user=request.user, reason=reason)
                messages.success(request, _("Pesanan %(n)s dibatalkan; stok dikembalikan.") % {"n": order.number})
            else:
                raise CheckoutError(_("Aksi tidak dikenal."))
        except CheckoutError as exc:
            messages.error(request, exc.message)
        return redirect("checkout_admin:order", pk=order.pk)

    order = _get_order(request, pk, write=False)
    can_change = request.user.has_perm("checkout.change_order") and scope_queryset(
        Order.objects.filter(pk=order.pk), request.user, write=True
    ).exists()
    return TemplateResponse(
        request,
        "checkout/admin/order_detail.html",
        {
            "order": order,
            "checkout": order.checkout,
            "lines": order.lines.all(),
            "events": order.events.select_related("user"),
            "can_change": can_change,
            "can_process": can_change and order.status == OrderStatus.PAID,
            "can_ship": can_change and can_transition(order.status, OrderStatus.SHIPPED),
            "can_deliver": can_change and can_transition(order.status, OrderStatus.DELIVERED),
            "can_complete": can_change and can_transition(order.status, OrderStatus.COMPLETED),
            "can_cancel": can_change and can_transition(order.status, OrderStatus.CANCELLED),
            "header_title": _("Pesanan %(n)s") % {"n": order.number},
            "page_title": _("Pesanan %(n)s") % {"n": order.number},
            "header_icon": "list-ul",
            "index_url": reverse("wagtailsnippets_checkout_order:list"),
        },
    )


def packing_slip(request, pk):
    order = _get_order(request, pk, write=False)
    return TemplateResponse(
        request, "checkout/admin/packing_slip.html", {"order": order, "checkout": order.checkout, "lines": order.lines.all()}
    )
