"""A store's brand: theme + colours + font, rendered as CSS custom properties, and the contrast rule."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.translation import gettext as _

from .contrast import AA_NORMAL_TEXT, HEX_RE, contrast_ratio
from .registry import Theme, font_stack, get_theme

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
                "Kontras teks putih di atas %(colour)s hanya %(ratio).2f:1; minimal 4.5:1 (WCAG AA). "
                "Pilih warna yang lebih gelap."
            ) % {"colour": primary, "ratio": ratio}
    if accent and HEX_RE.match(accent):
        ratio = contrast_ratio(accent, theme.background)
        if ratio < AA_NORMAL_TEXT:
            errors["accent_colour"] = _(
                "Kontras %(colour)s di atas latar tema %(theme)s (%(background)s) hanya %(ratio).2f:1; "
                "minimal 4.5:1 (WCAG AA)."
            ) % {"colour": accent, "theme": theme.label, "background": theme.background, "ratio": ratio}
    return errors


@dataclass(frozen=True)
class Brand:
    theme: Theme
    primary: str
    accent: str
    font: str

    @classmethod
    def for_storefront(cls, storefront) -> Brand:
        theme = get_theme(getattr(storefront, "theme", None))
        if storefront is None:
            return cls(theme, theme.default_primary, theme.default_accent, font_stack(theme.default_font))
        return cls(
            theme,
            storefront.primary_colour or theme.default_primary,
            storefront.accent_colour or theme.default_accent,
            font_stack(storefront.font or theme.default_font),
        )

    def css_variables(self) -> str:
        """A ``<style>`` block of custom properties; values are validated hex colours and fixed font stacks."""
        return format_html(
            "<style>:root{{--brand-primary:{};--brand-on-primary:{};--brand-accent:{};--brand-font:{};}}</style>",
            self.primary, BUTTON_TEXT, self.accent, self.font,
        )
