"""``{% load admin_money %}{{ order.total|admin_money:order.currency }}`` -> ``Rp134.325`` / ``RM146,10``: money in
admin templates, through ``catalog.admin_money.format_admin_money``."""

from django import template

from catalog.admin_money import format_admin_money

register = template.Library()


@register.filter(name="admin_money")
def admin_money(amount, currency):
    return format_admin_money(amount, currency)
