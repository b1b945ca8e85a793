"""Money formatting for templates: ``{% load money %}{{ amount|money:"IDR" }}`` -> ``Rp25.000``."""

from django import template

from catalog.money import format_money

register = template.Library()


@register.filter(name="money")
def money_filter(amount, currency):
    """Format a Decimal amount in ``currency`` (Rp1.234.567, RM12.50). Empty for a missing amount."""
    if amount in (None, "") or not currency:
        return ""
    return format_money(amount, str(currency))


@register.simple_tag(takes_context=True)
def price(context, amount):
    """Amount in the visitor's channel currency."""
    channel = context.get("channel") or getattr(context.get("request"), "channel", None)
    if amount in (None, "") or channel is None:
        return ""
    return format_money(amount, channel.currency)
