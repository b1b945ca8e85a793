"""Per-store look for the demo: theme, brand colours and font, so no two neighbouring storefronts look alike.

The storefront's brand fields belong to ``cms.StorefrontPage``. This module only proposes
values for the fields that exist, and drops colours the theme's contrast rule would refuse, so the demo never
publishes a page that an editor could not have saved.
"""

from __future__ import annotations

# (theme, primary, accent, font): primary carries white text, accent is text on the theme's background.
LOOKS = [
    ("klasik", "#1f5f3f", "#8a4b08", "serif"),
    ("malam", "#7a4bc4", "#f2c14e", "humanist"),
    ("pasar", "#0b6e4f", "#0b57d0", "sans"),
    ("klasik", "#7b2d26", "#1f5f3f", "serif"),
    ("pasar", "#6a1b9a", "#b3261e", "rounded"),
    ("pasar", "#b3261e", "#0b57d0", "sans"),
    ("malam", "#8c3b1a", "#e8b04a", "serif"),
    ("klasik", "#005f73", "#7b2d26", "humanist"),
    ("pasar", "#3d5a1e", "#8a4b08", "rounded"),
    ("malam", "#1d4e89", "#9ad1d4", "sans"),
    ("klasik", "#5b3a29", "#005f73", "serif"),
    ("pasar", "#00695c", "#ad1457", "humanist"),
    ("malam", "#4a2c6f", "#f4a259", "rounded"),
]


def look_for(page, index: int) -> dict[str, str]:
    """Field values for storefront number ``index``, limited to fields the page model has."""
    theme, primary, accent, font = LOOKS[index % len(LOOKS)]
    proposed = {"theme": theme, "primary_colour": primary, "accent_colour": accent, "font": font}
    names = {f.name for f in page._meta.get_fields()}
    look = {name: value for name, value in proposed.items() if name in names}
    try:
        from themes.brand import palette_errors
    except ImportError:  # the brand module is optional for the library
        return look
    for field_name in palette_errors(look.get("theme"), look.get("primary_colour", ""), look.get("accent_colour", "")):
        look.pop(field_name, None)
    return look
