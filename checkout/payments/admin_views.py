"""Wagtail admin views: refund a store order (full or partial), confirm a manual transfer. Scoped by
``selectors.orders_for``: an editor of store A gets a 404 for store B's orders."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .errors import PaymentError
from .forms import RefundForm
from .models import PaymentAttempt
from .selectors import can_confirm_manual, orders_for, payment_panel
from .services import confirm_manual_payment, paid_attempt_for, refund_order, refundable_amount


def _back(request, order):
    nxt = request.POST.get("next") or request.GET.get("next")
    if nxt and nxt.startswith("/admin/"):
        return redirect(nxt)
    return redirect("payments_admin:refund", order.pk)


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
                        _("Dana %(amount)s dikembalikan untuk pesanan %(number)s.")
                        % {"amount": refund.amount, "number": order.number},
                    )
                else:
                    messages.info(request, _("Pengembalian dana sedang diproses oleh penyedia pembayaran."))
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
    messages.success(request, _("Pembayaran %(id)s dikonfirmasi.") % {"id": attempt.provider_id})
    order = attempt.checkout.orders.filter(pk__in=orders_for(request.user).values("pk")).first()
    return _back(request, order) if order else redirect("wagtailadmin_home")
