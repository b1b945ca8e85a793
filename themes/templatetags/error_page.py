from django import template
from django.utils.safestring import mark_safe

from ..error_page import STYLE

register = template.Library()


@register.simple_tag
def error_page_style():
    """The error pages' inline ``<style>`` (allowed by its hash in the Content-Security-Policy). ``STYLE`` is a
    constant: nothing to escape, and escaping would change the bytes the hash covers."""
    return mark_safe(f"<style>{STYLE}</style>")
