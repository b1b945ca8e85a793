"""Webhook endpoints and the buyer's pages around a payment (manual transfer instructions, return page)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from checkout.models import Checkout, OrderStatus

from .gateways.manual import bank_accounts
from .links import return_token, token_is_valid
from .models import PaymentAttempt
from .notifications import handle_notification
from .references import find_by_reference
from .services import abandon_payment, refresh_attempt
from .states import OPEN_STATUSES

ABANDON_REASON = gettext_lazy("The buyer cancelled the payment; the items were released.")


def _webhook(gateway_name: str):
    @csrf_exempt
    @require_POST
    @never_cache
    def view(request):
        handled = handle_notification(gateway_name, request)
        response = HttpResponse(handled.outcome, status=handled.http_status, content_type="text/plain")
        if handled.retry_after:
            response["Retry-After"] = str(handled.retry_after)
        return response

    view.__name__ = f"{gateway_name}_notification"
    return view


midtrans_notification = _webhook("midtrans")
stripe_webhook = _webhook("stripe")


@never_cache
def manual_instructions(request, token: str, number: int):
    checkout = get_object_or_404(Checkout, token=token)
    attempt = get_object_or_404(PaymentAttempt, checkout=checkout, number=number, gateway="manual")
    return render(
        request,
        "payments/manual_instructions.html",
        {
            "checkout": checkout,
            "attempt": attempt,
            "accounts": bank_accounts(),
            "orders": checkout.orders.all(),
        },
    )


@never_cache
def payment_return(request, provider_id: str):
    """Where the provider sends the buyer back. Shows what we know; never marks anything paid on its own say-so.

    With ``abandon=1`` and the link's signature (Stripe's ``cancel_url``, a payment page's cancel button) the buyer
    gave up: the payment is stopped at the provider and the items are released at once (``abandon_payment``)."""
    attempt = PaymentAttempt.objects.select_related("checkout").filter(provider_id=provider_id).first()
    if attempt is None:  # a bank-transfer reference typed by hand: any case, spaces or dashes
        attempt = find_by_reference(PaymentAttempt.objects.select_related("checkout").filter(gateway="manual"),
                                    provider_id)
    if attempt is None:
        raise Http404
    provider_id = attempt.provider_id
    signed = token_is_valid(provider_id, request.GET.get("t", ""))  # the buyer the provider sent back
    abandoned = False
    if signed and request.GET.get("abandon") == "1":
        abandoned = abandon_payment(attempt, reason=str(ABANDON_REASON))
    attempt = refresh_attempt(attempt)
    orders = list(attempt.checkout.orders.select_related("store"))
    return render(
        request,
        "payments/return.html",
        {
            "attempt": attempt,
            "checkout": attempt.checkout,
            "orders": orders,
            "payable": any(o.status == OrderStatus.AWAITING_PAYMENT for o in orders),
            "abandoned": abandoned,
            "can_cancel": signed and attempt.status in OPEN_STATUSES,
            "token": return_token(provider_id) if signed else "",
        },
    )


@require_POST
@never_cache
def cancel_payment(request, provider_id: str):
    """The buyer's "cancel my order" button on the return page: the same as abandoning on the payment page.
    The form carries the return link's signature, so only the buyer the provider sent back can use it."""
    attempt = PaymentAttempt.objects.select_related("checkout").filter(provider_id=provider_id).first()
    if attempt is None or not token_is_valid(provider_id, request.POST.get("t", "")):
        raise Http404
    if abandon_payment(attempt, reason=str(ABANDON_REASON)):
        messages.success(request, _("Your order was cancelled and its items were released."))
    return redirect("checkout:done", token=attempt.checkout.token)
