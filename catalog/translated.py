"""Texts a store or curator gives in two languages.

The Indonesian field is the source and the fallback (``title``); the field beside it with the suffix ``_en``
(``title_en``) holds the English text that buyers of an English channel (International) read. The active language
decides, as it does for the interface: ``catalog.middleware.ChannelMiddleware`` activates the channel's language
on buyer pages, and an order's e-mails are rendered in the language the buyer ordered in. An empty English field
means "use the Indonesian text", so a store that writes nothing in English keeps working.

Models list their two-language fields in ``translated_fields`` and read them with ``obj.translated("title")``;
templates use ``{{ product|translated:"title" }}`` (``catalog.templatetags.translated_texts``).
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SUFFIX = "_en"
ENGLISH_HELP = _("In English, for buyers of the International channel. Empty: they read the Indonesian text.")


def reads_english(language: str | None = None) -> bool:
    return (language or get_language() or "").split("-")[0].lower() == "en"


def translated(obj, field: str, language: str | None = None):
    """``obj.<field>`` in ``language`` (the active one by default): the English text when asked for and given."""
    if field not in getattr(obj, "translated_fields", ()):
        raise AttributeError(f"{type(obj).__name__}.{field} has no English counterpart")
    if reads_english(language):
        english = getattr(obj, field + SUFFIX, "")
        if english:
            return english
    return getattr(obj, field)


class TranslatedTexts:
    """Model mixin: ``translated_fields`` names the fields that have an ``<field>_en`` counterpart."""

    translated_fields: tuple[str, ...] = ()

    def translated(self, field: str, language: str | None = None):
        return translated(self, field, language)
