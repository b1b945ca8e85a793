"""Buyer pages of the wishlist and the back-in-stock alerts (services in ``catalog.services.wishlist`` and
``catalog.services.stock_alerts``).

The "Save" and "Tell me when it's available" forms sit on product pages that a shared cache may keep, so their
endpoints accept a first-time visitor's POST by Origin (``catalog.csrf.shared_page_form``), like add to cart.
Nothing about a visitor's wishlist is written into a product page; the wishlist page itself is private
(``Cache-Control: private, no-store``). The unsubscribe link's secret is its token, so its POST needs no CSRF
token: a mail client's one-click unsubscribe (RFC 8058) posts to it without one.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catalog.csrf import shared_page_form
from catalog.models import StockAlert, Variant
from catalog.services import stock_alerts, wishlist
from catalog.throttle import client_address

from .routing import attach_site
from .templatetags.storefront import product_url

PRIVATE = "private, no-store"


def _private(response):
    response["Cache-Control"] = PRIVATE
    return response


@shared_page_form
@require_POST
def wishlist_add(request):
    try:
        wishlist.add(request, request.POST.get("product"))
    except wishlist.WishlistError:
        messages.error(request, _("This product can't be saved."))
    else:
        messages.success(request, _("Saved to your wishlist."))
    return redirect("opop_wishlist")


@require_POST
def wishlist_remove(request):
    try:
        wishlist.remove(request, request.POST.get("product"))
    except wishlist.WishlistError:
        messages.error(request, _("This product can't be removed."))
    else:
        messages.success(request, _("Removed from your wishlist."))
    return redirect("opop_wishlist")


@require_GET
def wishlist_page(request):
    attach_site(request)
    products = wishlist.saved_products(request, request.channel)
    return _private(TemplateResponse(request, "cms/wishlist.html", {"products": products}))


class StockAlertForm(forms.Form):
    variant = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    email = forms.EmailField(label=gettext_lazy("E-mail"), max_length=254)


def _alert_result(request, message, *, status=200, form=None, url=""):
    context = {"message": message, "form": form, "product_url": url}
    return _private(TemplateResponse(request, "cms/stock_alert_result.html", context, status=status))


@shared_page_form
@require_POST
def stock_alert_subscribe(request):
    attach_site(request)
    form = StockAlertForm(request.POST)
    if not form.is_valid():
        return _alert_result(request, _("Please enter a valid e-mail address."), status=400, form=form)
    variant = (
        Variant.objects.select_related("product__store__storefront")
        .filter(pk=form.cleaned_data["variant"])
        .first()
    )
    if variant is None:
        raise Http404
    url = product_url({"request": request}, variant.product, full=True)
    try:
        outcome = stock_alerts.subscribe(
            variant_id=variant.pk,
            email=form.cleaned_data["email"],
            client_ip=client_address(request),
            channel=request.channel,
            language=get_language() or "id",
            product_url=url,
        )
    except stock_alerts.TooManyAlerts as exc:
        message = _("Too many alert requests. Please try again in %(minutes)s minutes.") % {
            "minutes": exc.minutes
        }
        return _alert_result(request, message, status=429, url=url)
    except stock_alerts.NotSubscribable:
        raise Http404 from None
    text = {
        stock_alerts.Subscription.CREATED: _("Done: we will e-mail you once when it is available again."),
        stock_alerts.Subscription.ALREADY: _(
            "You are already subscribed: we will e-mail you when it is back."
        ),
        stock_alerts.Subscription.IN_STOCK: _("Good news: it is available now."),
    }[outcome]
    return _alert_result(request, text, url=url)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def stock_alert_unsubscribe(request, token):
    if request.method == "POST":
        stock_alerts.unsubscribe(token)
        return _alert_result(request, _("The alert is cancelled. You will get no e-mail about it."))
    alert = StockAlert.objects.select_related("variant__product").filter(token=token).first()
    if alert is None:
        raise Http404
    return _private(TemplateResponse(request, "cms/stock_alert_unsubscribe.html", {"alert": alert}))
