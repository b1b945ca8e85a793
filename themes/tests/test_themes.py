import re

import pytest
from django.core.exceptions import ValidationError

from cms.models import StorefrontPage
from tests.factories import make_product
from themes.brand import palette_errors
from themes.contrast import contrast_ratio
from themes.registry import THEMES

pytestmark = pytest.mark.django_db


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#fff", "#fff") == pytest.approx(1.0)


@pytest.mark.parametrize("name", list(THEMES))
def test_every_theme_default_palette_passes_aa(name):
    theme = THEMES[name]
    assert palette_errors(name, theme.default_primary, theme.default_accent) == {}
    assert contrast_ratio(theme.text, theme.background) >= 4.5


def test_low_contrast_palette_is_refused_with_the_measured_ratio(store):
    page = StorefrontPage.objects.get(store=store)
    page.theme = "pasar"
    page.primary_colour = "#ffd54f"  # yellow under white text
    page.accent_colour = "#9e9e9e"   # grey prices on white
    with pytest.raises(ValidationError) as excinfo:
        page.full_clean()
    errors = excinfo.value.message_dict
    assert "1.41:1" in errors["primary_colour"][0] and "4.5:1" in errors["primary_colour"][0]
    assert "2.6" in errors["accent_colour"][0]
    page.refresh_from_db()
    assert page.primary_colour == ""


def test_accent_is_checked_against_the_chosen_themes_background(store):
    # Gold reads well on the dark theme, not on the white one.
    assert palette_errors("malam", "", "#f2c14e") == {}
    assert "accent_colour" in palette_errors("pasar", "", "#f2c14e")


def brand_css(client, html: str) -> str:
    """The brand stylesheet a page links to (no inline ``<style>``: the CSP allows none)."""
    match = re.search(r'<link rel="stylesheet" href="(/tema/[^"]+\.css)">', html)
    assert match, "no brand stylesheet"
    response = client.get(match.group(1))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    return response.content.decode()


@pytest.mark.parametrize("theme", list(THEMES))
def test_each_theme_renders_its_own_stylesheet_and_brand_variables(client, store, theme):
    page = StorefrontPage.objects.get(store=store)
    page.theme = theme
    page.primary_colour = "#123456"
    page.save_revision().publish()
    make_product(store, "Kopi", slug="kopi")
    for url in ("/kopi-an-nur/", "/kopi-an-nur/p/kopi/", "/kopi-an-nur/tidak-ada/"):
        html = client.get(url).content.decode()
        assert f"/static/themes/{theme}/theme.css" in html, url
        assert f'class="theme-{theme}"' in html
        assert "--brand-primary:#123456" in brand_css(client, html)


def test_themes_render_clearly_different_storefront_markup(client, store):
    page = StorefrontPage.objects.get(store=store)
    bodies = {}
    for theme in THEMES:
        page.theme = theme
        page.save_revision().publish()
        bodies[theme] = client.get("/kopi-an-nur/").content.decode()
    assert "klasik-hero" in bodies["klasik"] and "pasar-hero" in bodies["pasar"] and "malam-hero" in bodies["malam"]
    assert all('class="share-wa" href="https://wa.me/?text=Kopi%20An%20Nur' in body for body in bodies.values())


def test_preview_shows_unpublished_brand_change(client, store):
    page = StorefrontPage.objects.get(store=store)
    page.primary_colour = "#0d47a1"
    page.theme = "klasik"
    response = page.make_preview_request()
    html = response.content.decode()
    assert response.status_code == 200
    assert "--brand-primary:#0d47a1" in brand_css(client, html) and "themes/klasik/theme.css" in html
    # ...while the live page is unchanged until published.
    assert "#0d47a1" not in client.get("/kopi-an-nur/").content.decode()
