"""Store side of orders in the Wagtail admin: detail with actions, a printable packing slip, and the campaign
report (``checkout.campaign_report``).

Every view loads the order through ``catalog.scoping.scope_queryset`` (write scope for POST), so an editor of
store A gets a 404 for an order of store B whatever URL they type; model permissions apply on top.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from catalog.models import Store
from catalog.scoping import readable_store_ids, scope_queryset

from .campaign_report import campaign_report
from .errors import CheckoutError
from .models import Order, OrderStatus
from .report_range import DEFAULT_REPORT_DAYS, range_error
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
        raise Http404(_("This order does not exist or does not belong to your store."))


def order_detail(request, pk):
    if request.method == "POST":
        order = _get_order(request, pk, write=True)
        action = request.POST.get("action")
        try:
            if action == "processing":
                mark_processing(order, user=request.user)
                messages.success(request, _("Order %(n)s is being processed.") % {"n": order.number})
            elif action == "shipped":
                mark_shipped(
                    order, courier=request.POST.get("courier", ""),
                    tracking_number=request.POST.get("tracking_number", ""), user=request.user,
                )
                messages.success(request, _("Order %(n)s marked as shipped.") % {"n": order.number})
            elif action == "delivered":
                mark_delivered(order, user=request.user)
                messages.success(request, _("Order %(n)s marked as delivered to the buyer.") % {"n": order.number})
            elif action == "completed":
                mark_completed(order, user=request.user)
                messages.success(request, _("Order %(n)s marked as completed.") % {"n": order.number})
            elif action == "cancel":
                reason = (request.POST.get("reason") or "").strip()
                if not reason:
                    raise CheckoutError(_("Write the reason for cancelling; the buyer will read it."))
                cancel_order(order, user=request.user, reason=reason)
                messages.success(request, _("Order %(n)s cancelled; stock returned.") % {"n": order.number})
            else:
                raise CheckoutError(_("Unknown action."))
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
            "header_title": _("Order %(n)s") % {"n": order.number},
            "page_title": _("Order %(n)s") % {"n": order.number},
            "header_icon": "list-ul",
            "index_url": reverse("wagtailsnippets_checkout_order:list"),
        },
    )


def packing_slip(request, pk):
    order = _get_order(request, pk, write=False)
    return TemplateResponse(
        request, "checkout/admin/packing_slip.html", {"order": order, "checkout": order.checkout, "lines": order.lines.all()}
    )


# --- campaign report -------------------------------------------------------------------------------------------

class CampaignReportForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=gettext_lazy("Until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    store = forms.ModelChoiceField(queryset=Store.objects.none(), required=False, label=gettext_lazy("Store"),
                                   empty_label=gettext_lazy("All my stores"))

    def __init__(self, *args, stores, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = stores
        if stores[:2].count() < 2:
            del self.fields["store"]

    def clean(self):
        cleaned = super().clean()
        error = range_error(cleaned.get("start"), cleaned.get("end"))
        if error:
            raise forms.ValidationError(error)
        return cleaned


def _report_stores(user):
    store_ids = readable_store_ids(user)
    stores = Store.objects.order_by("name")
    return stores if store_ids is None else stores.filter(pk__in=store_ids)


@require_safe
def campaign_report_view(request):
    """Visits, orders and revenue per campaign and source for a range of days; an editor sees their stores
    only (``catalog.scoping.readable_store_ids``; another store named in ``?store=`` is a 404, like an object of
    another store). Bad dates show the reason and no figures."""
    if not request.user.has_perm("catalog.view_campaign"):
        raise PermissionDenied
    stores = _report_stores(request.user)
    chosen = request.GET.get("store", "")
    if chosen and not (chosen.isdigit() and stores.filter(pk=int(chosen)).exists()):
        raise Http404(_("This store does not exist or is not yours."))
    today = timezone.localdate()
    data = request.GET if "start" in request.GET or "end" in request.GET else {
        "start": today - timedelta(days=DEFAULT_REPORT_DAYS - 1), "end": today}
    form = CampaignReportForm(data, stores=stores)
    report = None
    if form.is_valid():
        chosen = form.cleaned_data.get("store")
        store_ids = [chosen.pk] if chosen else list(stores.values_list("pk", flat=True))
        report = campaign_report(store_ids, form.cleaned_data["start"], form.cleaned_data["end"])
    title = _("Campaign report")
    return TemplateResponse(
        request,
        "checkout/admin/campaign_report.html",
        {"form": form, "report": report, "header_title": title, "page_title": title, "header_icon": "link"},
    )
