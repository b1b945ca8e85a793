"""``{{ product|translated:"title" }}``: a two-language field in the active language (``catalog.translated``)."""

from django import template

from catalog.translated import translated as in_active_language

register = template.Library()


@register.filter
def translated(obj, field):
    if obj is None or obj == "":
        return ""
    return in_active_language(obj, field)
