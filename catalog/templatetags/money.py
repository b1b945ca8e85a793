"""The one money formatter for templates: ``{% load money %}{{ order.total|money:order.currency }}``.

Rp134.325 / RM146,10 in Indonesian, Rp134,325 / RM146.10 in English (``catalog.money.format_money``). A
``catalog.money.Money`` formats without an argument: ``{{ price|money }}``.
"""

from django import template

from catalog.money import Money, format_money

register = template.Library()


@register.filter(name="money")
def money_filter(amount, currency=None):
    """Format an amount in ``currency`` (or a ``Money``) in the active language. Empty for a missing amount."""
    if isinstance(amount, Money):
        return amount.format()
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
