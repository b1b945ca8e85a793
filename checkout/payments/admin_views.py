"""Wagtail admin views: refund a store order (full or partial), confirm a manual transfer. Scoped by
``selectors.orders_for``: an editor of store A gets a 404 for store B's orders."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from checkout.models import Order

from .errors import PaymentError
from .forms import RefundForm, ResolveReversalForm
from .models import ExternalReversal, PaymentAttempt
from .references import find_by_reference
from .selectors import (
    attempts_for,
    can_confirm_manual,
    can_resolve_reversals,
    can_view_money_report,
    money_without_paid_order,
    orders_for,
    payment_panel,
)
from .services import (
    confirm_manual_payment,
    paid_attempt_for,
    refund_order,
    refundable_amount,
    resolve_external_reversal,
)


def _safe_next(request) -> str:
    """The ``next`` admin URL the form came from, if it is one (never another site: no ``//host``)."""
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    return nxt if nxt.startswith("/admin/") and not nxt.startswith("//") else ""


def _back(request, order):
    return redirect(_safe_next(request) or reverse("payments_admin:refund", args=[order.pk]))


def _back_to_order(request, order):
    if nxt := _safe_next(request):
        return redirect(nxt)
    return redirect("checkout_admin:order", pk=order.pk) if order else redirect("wagtailadmin_home")


def refund_view(request, order_id: int):
    order = get_object_or_404(orders_for(request.user), pk=order_id)
    left = refundable_amount(order) if paid_attempt_for(order) else 0
    if request.method == "POST":
        form = RefundForm(request.POST, order=order, refundable=left)
        if form.is_valid():
            try:
                refund = refund_order(
                    order,
                    form.cleaned_data["amount"],
                    reason=form.cleaned_data["reason"],
                    refund_key=form.cleaned_data["refund_key"],
                    user=request.user,
                )
            except PaymentError as exc:
                form.add_error(None, exc.message)
            else:
                if refund.status == refund.Status.SUCCEEDED:
                    messages.success(
                        request,
                        _("%(amount)s refunded for order %(number)s.")
                        % {"amount": refund.amount, "number": order.number},
                    )
                else:
                    messages.info(request, _("The payment provider is processing the refund."))
                return _back(request, order)
    else:
        form = RefundForm(
            initial={"refund_key": f"rf-{uuid.uuid4().hex}", "amount": left or None},
            order=order,
            refundable=left,
        )
    context = {
        "form": form,
        "order": order,
        "refundable": left,
        **{"panel": payment_panel(order, request.user)},
    }
    return TemplateResponse(request, "payments/admin/refund.html", context)


@require_POST
def confirm_manual_view(request, attempt_id: int):
    visible = PaymentAttempt.objects.filter(checkout__orders__in=orders_for(request.user)).distinct()
    attempt = get_object_or_404(
        visible, pk=attempt_id, gateway="manual"
    )  # another store's: 404, like refunds
    if not can_confirm_manual(request.user, attempt):
        raise PermissionDenied
    confirm_manual_payment(attempt, user=request.user)
    messages.success(request, _("Payment %(id)s confirmed.") % {"id": attempt.provider_id})
    order = attempt.checkout.orders.filter(pk__in=orders_for(request.user).values("pk")).first()
    return _back(request, order) if order else redirect("wagtailadmin_home")


def find_transfer_view(request):
    """Find a bank transfer by the reference on the bank statement, typed any way (case, spaces, dashes), among
    the transfers of the user's stores; offer the confirm button when the user may confirm it."""
    typed = (request.GET.get("reference") or "").strip()[:60]
    attempt = None
    if typed:
        attempt = find_by_reference(attempts_for(request.user).filter(gateway="manual"), typed)
    context = {
        "typed": typed,
        "attempt": attempt,
        "orders": list(attempt.checkout.orders.select_related("store")) if attempt else [],
        "can_confirm": attempt is not None and can_confirm_manual(request.user, attempt),
    }
    return TemplateResponse(request, "payments/admin/find_transfer.html", context)


def resolve_reversal_view(request, reversal_id: int):
    """A marketplace admin settles a reversal flagged for a person. The money may concern several stores' orders,
    so store editors cannot (403); they see the warning on their order page."""
    if not can_resolve_reversals(request.user):
        raise PermissionDenied
    reversal = get_object_or_404(ExternalReversal.objects.select_related("attempt"), pk=reversal_id)
    orders = list(Order.objects.filter(checkout_id=reversal.attempt.checkout_id).select_related("store").order_by("pk"))
    refundable = {o.pk: (refundable_amount(o) if paid_attempt_for(o) else 0) for o in orders}
    back = orders[0] if orders else None
    if reversal.outcome != ExternalReversal.Outcome.NEEDS_ATTENTION:
        messages.info(request, _("This report has already been settled."))
        return _back_to_order(request, back)
    form = ResolveReversalForm(request.POST or None, reversal=reversal, orders=orders, refundable=refundable)
    if request.method == "POST" and form.is_valid():
        try:
            resolve_external_reversal(
                reversal, order=form.chosen_order(), note=form.cleaned_data["note"], user=request.user
            )
        except PaymentError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The payment provider's report is settled."))
            return _back_to_order(request, back)
    return TemplateResponse(
        request,
        "payments/admin/resolve_reversal.html",
        {"form": form, "reversal": reversal, "orders": orders},
        status=400 if form.errors else 200,
    )


def money_report_view(request):
    """Money received with no paid order to hold it and no refund under way: a marketplace admin looks at each in
    the provider's dashboard and settles it (refund again, or record it). Store editors are refused (it spans every
    store)."""
    if not can_view_money_report(request.user):
        raise PermissionDenied
    rows = money_without_paid_order()
    return TemplateResponse(request, "payments/admin/money_report.html", {"rows": rows})
