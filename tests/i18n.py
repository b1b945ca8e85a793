"""What a person sees of a message: translated into the interface's first language and HTML-escaped as in a page.

Tests compare with this rather than with a literal, so they hold before and after the Indonesian catalogue has the
message (the project is moving to English msgids; see TEAM.md)."""

from django.conf import settings
from django.utils import translation
from django.utils.html import escape


def shown(message, **params) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
        return escape(text % params if params else text)
