"""Built-in themes. A theme is a folder of templates (``themes/templates/themes/<name>/``) and one CSS file
(``themes/static/themes/<name>/theme.css``), plus the few facts Python needs about it (its page background, used
to check that a store's brand colours stay readable on it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    description: str
    background: str  # page background: the accent colour is used as text on it (prices, links)
    text: str
    default_primary: str
    default_accent: str
    default_font: str

    @property
    def css_path(self) -> str:
        return f"themes/{self.name}/theme.css"

    def template_names(self, name: str) -> list[str]:
        """Theme override first, then the library's default template."""
        return [f"themes/{self.name}/{name}", name]


THEMES: dict[str, Theme] = {
    t.name: t
    for t in [
        Theme(
            "klasik", _("Pesantren classic"), _("Warm cream, serif headings, a calm layout like a kitab."),
            background="#fbf7ef", text="#2b2118", default_primary="#1f5f3f", default_accent="#8a4b08",
            default_font="serif",
        ),
        Theme(
            "pasar", _("Modern market"), _("Clean white, bold product cards, big buttons: a marketplace "
                                          "feel."),
            background="#ffffff", text="#1a1a1a", default_primary="#b3261e", default_accent="#0b57d0",
            default_font="sans",
        ),
        Theme(
            "malam", _("Batik night"), _("An elegant dark background for batik, crafts and premium "
                                         "products."),
            background="#14161c", text="#f1ede4", default_primary="#7a4bc4", default_accent="#f2c14e",
            default_font="humanist",
        ),
    ]
}
DEFAULT_THEME = "pasar"

# Web-safe font stacks: nothing to download on a slow connection.
FONTS: dict[str, tuple[str, str]] = {
    "sans": (_("System sans-serif"), 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif'),
    "serif": (_("Serif (Georgia)"), 'Georgia, "Noto Serif", "Times New Roman", serif'),
    "humanist": (_("Humanist (Trebuchet)"), '"Trebuchet MS", "Gill Sans", "Noto Sans", Verdana, sans-serif'),
    "rounded": (_("Rounded"), 'ui-rounded, "Nunito", "Arial Rounded MT Bold", system-ui, sans-serif'),
    "mono": (_("Typewriter"), 'ui-monospace, "Courier New", monospace'),
}


def get_theme(name: str | None) -> Theme:
    return THEMES.get(name or "", THEMES[DEFAULT_THEME])


def theme_choices():
    return [(t.name, t.label) for t in THEMES.values()]


def font_choices():
    return [(key, label) for key, (label, _stack) in FONTS.items()]


def font_stack(key: str | None) -> str:
    return FONTS.get(key or "", FONTS["sans"])[1]
