import pytest
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.models import StorefrontPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def edit_form(page, user, **changes):
    form_class = StorefrontPage.get_edit_handler().get_form_class()
    data = nested_form_data({
        "title": page.title, "slug": page.slug, "tagline": page.tagline, "body": streamfield([]),
        "theme": page.theme, "primary_colour": page.primary_colour, "accent_colour": page.accent_colour,
        "font": page.font, **changes,
    })
    return form_class(data, instance=page, for_user=user, parent_page=page.get_parent())


def test_editor_form_refuses_unreadable_brand_colour_with_its_ratio(store):
    admin = UserFactory(is_superuser=True, is_staff=True)
    page = StorefrontPage.objects.get(store=store)
    form = edit_form(page, admin, primary_colour="#ffd54f")
    assert not form.is_valid()
    assert "1.41:1" in str(form.errors["primary_colour"])
    good = edit_form(page, admin, primary_colour="#1f5f3f", theme="klasik")
    assert good.is_valid(), good.errors


def test_blank_colours_stay_blank_and_valid_on_every_theme(store):
    # An <input type="color"> would submit #000000 for "use the theme colour"; black text on the dark theme
    # then fails the contrast rule and the editor could not save an untouched page.
    admin = UserFactory(is_superuser=True, is_staff=True)
    page = StorefrontPage.objects.get(store=store)
    for theme in ("klasik", "pasar", "malam"):
        form = edit_form(page, admin, theme=theme, primary_colour="", accent_colour="")
        assert form.is_valid(), form.errors
        assert form.fields["primary_colour"].widget.input_type == "text"
