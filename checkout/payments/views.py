"""Webhook endpoints and the buyer's pages around a payment (manual transfer instructions, return page)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from checkout.models import Checkout

from .gateways.manual import bank_accounts
from .models import PaymentAttempt
from .notifications import handle_notification
from .services import refresh_attempt


def _webhook(gateway_name: str):
    @csrf_exempt
    @require_POST
    @never_cache
    def view(request):
        handled = handle_notification(gateway_name, request)
        return HttpResponse(handled.outcome, status=handled.http_status, content_type="text/plain")

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
    """Where the provider sends the buyer back. Shows what we know; never marks anything paid on its own say-so."""
    attempt = PaymentAttempt.objects.select_related("checkout").filter(provider_id=provider_id).first()
    if attempt is None:
        raise Http404
    attempt = refresh_attempt(attempt)
    return render(
        request,
        "payments/return.html",
        {
            "attempt": attempt,
            "checkout": attempt.checkout,
            "orders": attempt.checkout.orders.all(),
            "cancelled": request.GET.get("cancelled") == "1",
        },
    )
