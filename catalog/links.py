"""The one rule for every link an editor or a buyer types: model fields, StreamField blocks, templates.

A link is allowed when it is, after the clean-up a browser does before it reads a URL's scheme,

- a relative address on this site (``/kopi-an-nur/produk/``, ``produk/``, ``?hal=2``, ``#faq``), but never
  protocol-relative (``//evil.example/``, ``/\\evil.example/``: the browser reads another host there);
- an absolute ``https://`` or ``http://`` address with a host (``https://wa.me/628…`` is just https);
- ``mailto:`` or ``tel:`` only where the field says so (``contact=True``).

Everything else is refused: ``javascript:``, ``data:``, ``vbscript:``, ``file:``, any other scheme. The check is
made on the value as a browser would read it (:func:`normalise_link`: surrounding spaces and control characters
stripped, tabs and newlines removed anywhere, scheme lower-cased) and again with HTML character references decoded
(``javascript&colon;alert(1)`` is ``javascript:`` once it reaches an attribute unescaped), so no spelling of a
hostile scheme gets through.

This module lives in ``catalog``, the lowest library app, so every app (``catalog``'s own models, ``cms``'s blocks
and templates, ``checkout``) imports it without a cycle.
"""

import html
import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = frozenset({"https", "http"})
CONTACT_SCHEMES = frozenset({"mailto", "tel"})

# What the WHATWG URL parser strips around a URL (C0 controls and space) and removes inside it (tab, LF, CR).
_SURROUNDING = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_PROTOCOL_RELATIVE = re.compile(r"^[/\\]{2}")

RELATIVE_OR_WEB_MESSAGE = _(
    "A link must start with https://, http:// or /, or be an address in this store such as produk/. "
    "Other kinds of link (javascript:, data: and the like) are not allowed."
)
RELATIVE_WEB_OR_CONTACT_MESSAGE = _(
    "A link must start with https://, http://, mailto:, tel: or /, or be an address in this store such as "
    "produk/. Other kinds of link (javascript:, data: and the like) are not allowed."
)
WEB_ONLY_MESSAGE = _(
    "The address must start with https:// or http://, for example https://www.instagram.com/kopi.annur/. "
    "Other kinds of link are not allowed."
)


def normalise_link(value) -> str:
    """The link as a browser reads it: surrounding spaces and control characters stripped, tabs and newlines
    removed anywhere, the scheme (if any) in lower case."""
    text = _TAB_OR_NEWLINE.sub("", str(value or "").strip(_SURROUNDING))
    match = _SCHEME.match(text)
    if match:
        text = match.group(1).lower() + text[match.end(1) :]
    return text


def _allowed(text: str, schemes: frozenset, relative: bool) -> bool:
    if _CONTROL.search(text):
        return False
    match = _SCHEME.match(text)
    if match is None:
        return relative and not text.startswith("\\") and not _PROTOCOL_RELATIVE.match(text)
    scheme = match.group(1)
    if scheme not in schemes:
        return False
    if scheme in WEB_SCHEMES:
        try:
            parts = urlsplit(text)
        except ValueError:  # an invalid IPv6 host, for instance
            return False
        return text[match.end() :].startswith("//") and bool(parts.hostname)
    return True


def is_safe_link(value, *, contact: bool = False, relative: bool = True) -> bool:
    """Whether ``value`` is an allowed link (an empty value is: a field's ``required`` decides about it)."""
    schemes = WEB_SCHEMES | CONTACT_SCHEMES if contact else WEB_SCHEMES
    text = normalise_link(value)
    if not text:
        return True
    decoded = normalise_link(html.unescape(text))
    return _allowed(text, schemes, relative) and _allowed(decoded, schemes, relative)


@deconstructible
class LinkValidator:
    """Validator for a model or form field that holds a link; refuses with a message that says what is allowed.

    ``contact=True`` also allows ``mailto:`` and ``tel:``; ``relative=False`` asks for an absolute web address
    (a link to another site, such as a store's Instagram page)."""

    code = "unsafe_link"

    def __init__(self, *, contact: bool = False, relative: bool = True):
        self.contact = contact
        self.relative = relative

    @property
    def message(self):
        if not self.relative:
            return WEB_ONLY_MESSAGE
        return RELATIVE_WEB_OR_CONTACT_MESSAGE if self.contact else RELATIVE_OR_WEB_MESSAGE

    def __call__(self, value):
        if not is_safe_link(value, contact=self.contact, relative=self.relative):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return (
            isinstance(other, LinkValidator)
            and self.contact == other.contact
            and self.relative == other.relative
        )

    def __hash__(self):
        return hash((self.contact, self.relative))


def safe_link_or(value, fallback: str = "#", *, contact: bool = False, relative: bool = True) -> str:
    """The normalised link if it is allowed, else ``fallback``: what templates emit for a typed link, so a value
    stored before the validator existed (or written straight to the database) never reaches an ``href``."""
    if value in (None, ""):
        return fallback
    if not is_safe_link(value, contact=contact, relative=relative):
        return fallback
    return normalise_link(value) or fallback


# An href attribute in HTML (xlink:href too): double-quoted, single-quoted or unquoted value.
_HREF = re.compile(
    r"""(?P<lead>[\s"'/:]href\s*=\s*)(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))""", re.I
)


def unsafe_links_in_html(markup: str) -> list[str]:
    """The ``href`` values of ``markup`` (rich text) that the rule refuses, as written in the HTML."""
    found = []
    for match in _HREF.finditer(markup or ""):
        value = next(v for v in (match.group("dq"), match.group("sq"), match.group("bare")) if v is not None)
        if not is_safe_link(html.unescape(value), contact=True):
            found.append(value)
    return found


def neutralise_links_in_html(markup: str) -> str:
    """Rich text with every refused ``href`` replaced by ``#``.

    Wagtail's editor drops ``javascript:`` links when an editor saves, but its renderer leaves an ``<a href>``
    without a link type untouched, so rich text written straight to the database (or imported) would keep one;
    ``cms`` renders every rich text through this."""

    def replace(match):
        value = next(v for v in (match.group("dq"), match.group("sq"), match.group("bare")) if v is not None)
        if is_safe_link(html.unescape(value), contact=True):
            return match.group(0)
        return f'{match.group("lead")}"#"'

    return _HREF.sub(replace, markup or "")
