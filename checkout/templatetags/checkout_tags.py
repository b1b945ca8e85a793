from django import template

from catalog.money import format_money

register = template.Library()


@register.filter
def money(amount, currency="IDR"):
    """``{{ order.total|money:order.currency }}`` → Rp125.000 / RM12.50."""
    if amount is None or amount == "":
        return ""
    return format_money(amount, currency or "IDR")
