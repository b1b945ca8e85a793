from django import template

from ..selectors import payment_attention as build_attention
from ..selectors import payment_panel as build_panel

register = template.Library()


@register.inclusion_tag("payments/admin/payment_panel.html", takes_context=True)
def payment_panel(context, order):
    request = context["request"]
    return {**build_panel(order, request.user), "request": request, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("payments/admin/payment_attention.html", takes_context=True)
def payment_attention(context, order):
    request = context["request"]
    return {**build_attention(order, request.user), "request": request}
