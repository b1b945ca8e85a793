"""A store's brand: theme + colours + font, rendered as CSS custom properties, and the contrast rule."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .contrast import AA_NORMAL_TEXT, HEX_RE, contrast_ratio
from .registry import FONTS, Theme, font_stack, get_theme

BUTTON_TEXT = "#ffffff"  # text on the primary colour (header bar, buttons) is always white


def palette_errors(theme_name: str | None, primary: str, accent: str) -> dict[str, str]:
    """Field errors for a palette that is not readable (WCAG AA, 4.5:1 for normal text), with the measured ratio.

    Primary is a background under white text; accent is text (prices, links) on the theme's page background.
    Empty colours fall back to the theme's own, which are readable by construction (tested).
    """
    theme = get_theme(theme_name)
    errors = {}
    if primary and HEX_RE.match(primary):
        ratio = contrast_ratio(primary, BUTTON_TEXT)
        if ratio < AA_NORMAL_TEXT:
            errors["primary_colour"] = _(
                "White text on %(colour)s has a contrast of only %(ratio).2f:1; at least 4.5:1 is needed "
                "(WCAG AA). Choose a darker colour."
            ) % {"colour": primary, "ratio": ratio}
    if accent and HEX_RE.match(accent):
        ratio = contrast_ratio(accent, theme.background)
        if ratio < AA_NORMAL_TEXT:
            errors["accent_colour"] = _(
                "%(colour)s on the %(theme)s theme's background (%(background)s) has a contrast of only "
                "%(ratio).2f:1; at least 4.5:1 is needed (WCAG AA)."
            ) % {"colour": accent, "theme": theme.label, "background": theme.background, "ratio": ratio}
    return errors


@dataclass(frozen=True)
class Brand:
    theme: Theme
    primary: str
    accent: str
    font_key: str

    @classmethod
    def for_storefront(cls, storefront) -> Brand:
        theme = get_theme(getattr(storefront, "theme", None))
        if storefront is None:
            return cls(theme, theme.default_primary, theme.default_accent, theme.default_font)
        return cls(
            theme,
            storefront.primary_colour or theme.default_primary,
            storefront.accent_colour or theme.default_accent,
            storefront.font or theme.default_font,
        )

    @classmethod
    def from_url(cls, primary: str, accent: str, font_key: str) -> Brand | None:
        """The brand a stylesheet URL names (colours without ``#``), or None when a part is not valid."""
        primary, accent = f"#{primary}", f"#{accent}"
        if not (HEX_RE.match(primary) and HEX_RE.match(accent)) or font_key not in FONTS:
            return None
        return cls(get_theme(None), primary.lower(), accent.lower(), font_key)

    @property
    def font(self) -> str:
        return font_stack(self.font_key)

    def stylesheet(self) -> str:
        """The brand's custom properties as CSS (validated hex colours and a fixed font stack)."""
        return (
            f":root{{--brand-primary:{self.primary};--brand-on-primary:{BUTTON_TEXT};"
            f"--brand-accent:{self.accent};--brand-font:{self.font};}}\n"
        )

    def stylesheet_url(self) -> str:
        """A stylesheet URL that names the whole brand, so its answer never changes and is cached for good; no
        inline ``<style>``, so the Content-Security-Policy needs no ``'unsafe-inline'`` for styles."""
        primary = self.primary if HEX_RE.match(self.primary or "") else self.theme.default_primary
        accent = self.accent if HEX_RE.match(self.accent or "") else self.theme.default_accent
        font_key = self.font_key if self.font_key in FONTS else self.theme.default_font
        return reverse(
            "opop_brand_css",
            kwargs={"primary": primary[1:].lower(), "accent": accent[1:].lower(), "font": font_key},
        )

    def css_variables(self) -> str:
        """A ``<link>`` to the brand's stylesheet (``stylesheet_url``)."""
        return format_html('<link rel="stylesheet" href="{}">', self.stylesheet_url())
