"""An editor whose admin is in Bahasa Indonesia reads no English (issue 13.7).

Every admin GET a store editor can send (``tests/admin_sweep.py``, with the editor's own objects), plus the login
and password-reset pages and the messages after saving, is searched for English phrases found in those pages
before the Wagtail supplement (``cms/wagtail_locale``) and the project's own labels were completed. A phrase that
comes back (a Wagtail upgrade with new msgids, a model field without a verbose name) fails the test with the page
it is on.

Wagtail 8.0 writes a few strings in its templates without translation: the hidden search button's value "Search"
on the home page and the ``aria-label="Actions"`` of the header buttons. ``cms/wagtail_locale/templates`` overrides
those two templates with the strings translated, and the status panel's hidden counter, which read "None" in the
page explorer, shows 0, and the page search's "1-3 of 3 None" (no model name) loses its None (``cms/templates``).
``test_wagtail_template_copies_differ_from_wagtails_only_where_meant`` keeps each copy equal to Wagtail's own
template apart from that change, so an upgrade that changes them fails here.
"""

import re
from pathlib import Path

import pytest
import wagtail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.users.models import UserProfile

from tests import admin_sweep
from tests.factories import make_editor
from tests.test_permission_matrix import _sweep_model_lookup, objects_of
from tests.test_visible_text import visible_text

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent

ENGLISH = [
    "Created",
    "Updated",
    "updated and published",
    "created and published",
    "There are no",
    "No results",
    "Sort by",
    "ascending order",
    "Toggle section",
    "Toggle breadcrumbs",
    "Breadcrumb",
    "Close dialog",
    "JavaScript is required",
    "Remember me",
    "Forgotten password",
    "Password",
    "created in",
    "Page types usage",
    "Aging pages",
    "Workflow tasks",
    "What's new",
    "editor guide",
    "Add comment",
    "Side panel width",
    "Anyone can edit",
    "Locking:",
    "Page visibility",
    "To be created by",
    "Visit the live page",
    "Preview in",
    "Use meaningful text",
    "Actions (footer)",
    "Edit account avatar",
    "Your pages and snippets",
    "Task started",
    "Language",
    "Add tags to",
    "Are you sure",
    "Yes, add",
    "don't add",
    "Date updated",
    "Edited by",
    "Has child pages",
    "Owner",
    "Title tag",
    "Meta description",
    "Live revision",
    "Latest revision",
    "Name and Email",
    "Profile picture",
    "Theme preferences",
    "Keyboard shortcuts",
    "Why not",
    "You haven't created",
    "Multi-word tags",
    "True",
    "False",
    "Contrast",
    "Density",
    "Default",
    "Moderators approval",
    "Sort the order",
    "descending order",
    "Search",
    "Actions",
    "None",
]
#: The explorer's pagination, "1-20 of 35 pages".
ENGLISH_PATTERNS = [r"\d+-\d+ of \d+"]
PATTERN = re.compile(
    r"(?<![A-Za-z])(" + "|".join([*(re.escape(p) for p in ENGLISH), *ENGLISH_PATTERNS]) + r")(?![A-Za-z])"
)


def english_in(body: str) -> list[str]:
    return sorted(set(PATTERN.findall(visible_text(body))))


def test_the_search_finds_english_and_passes_indonesian():
    assert english_in("<p>Produk 'Kopi' updated and published.</p><th>Created</th>") == [
        "Created",
        "updated and published",
    ]
    assert english_in("<p>Produk 'Kopi' diperbarui dan diterbitkan.</p><th>Dibuat</th>") == []


def test_login_and_password_reset_pages_are_in_indonesian():
    client = Client()
    for url in (
        reverse("wagtailadmin_login"),
        reverse("wagtailadmin_password_reset"),
        reverse("wagtailadmin_password_reset_done"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert english_in(response.content.decode()) == [], url


def test_the_message_after_saving_a_product_is_in_indonesian(client, store, chans):
    mine = objects_of(store, chans, "ZQA")
    client.force_login(mine["_editor"])
    product = mine["catalog.product"]
    form = client.get(reverse("wagtailsnippets_catalog_product:edit", args=[product.pk])).context["form"]
    data = _form_data(form)
    data["action-publish"] = "publish"
    response = client.post(
        reverse("wagtailsnippets_catalog_product:edit", args=[product.pk]), data, follow=True
    )
    body = response.content.decode()
    assert "diperbarui dan diterbitkan" in body, visible_text(body)[:1500]
    assert english_in(body) == []


def _form_data(form) -> dict:
    """The data a browser would send back for an unchanged form (formsets included)."""
    data = {}
    forms = [
        form,
        *[f for formset in form.formsets.values() for f in [formset.management_form, *formset.forms]],
    ]
    for f in forms:
        for name in f.fields:
            value = f[name].value()
            if isinstance(f.fields[name].widget, DraftailRichTextArea):
                value = f.fields[name].widget.format_value(value)  # the editor posts Draft.js JSON, not HTML
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            data[f.add_prefix(name)] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


def test_an_indonesian_editor_meets_no_english_on_any_admin_screen(client, store, chans):
    """Every GET of the permission matrix's sweep, as the editor of store A on store A's own objects."""
    mine = objects_of(store, chans, "ZQA")
    client.force_login(mine["_editor"])
    client.raise_request_exception = False
    lookup = _sweep_model_lookup(mine)
    found, pages = {}, 0
    for pattern in admin_sweep.admin_patterns():
        for url in admin_sweep.gets_for(pattern, mine, lookup):
            response = client.get(url, follow=True)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            pages += 1
            for phrase in english_in(response.content.decode()):
                found.setdefault(phrase, url)
    print(f"\n{pages} admin pages read at {timezone.now():%H:%M}")
    assert pages > 200
    assert found == {}, "\n".join(f"{phrase!r} on {url}" for phrase, url in sorted(found.items()))


def test_wagtails_whats_new_label_follows_each_editors_language(client, store):
    """Wagtail 8.0 formats the help menu's "What's new in Wagtail 8.0" once, in the language active when the menu is
    first built; ``cms.wagtail_hooks.translate_whats_new_label`` rebuilds it per request."""
    english = make_editor(store, username="editor-en")
    profile = UserProfile.get_for_user(english)
    profile.preferred_language = "en"
    profile.save()
    for user, label in ((make_editor(store), "Yang baru di Wagtail"), (english, "What's new in Wagtail")):
        client.force_login(user)
        assert label in client.get(reverse("wagtailadmin_home")).content.decode()


#: Our copies of Wagtail templates -> (Wagtail's template, [(Wagtail's text, ours)]); see the module docstring.
TEMPLATE_COPIES = {
    "cms/wagtail_locale/templates/wagtailadmin/shared/headers/_actions.html": (
        "admin/templates/wagtailadmin/shared/headers/_actions.html",
        [('aria-label="Actions"', 'aria-label="{% translate "Actions" %}"')],
    ),
    "cms/wagtail_locale/templates/wagtailadmin/home.html": (
        "admin/templates/wagtailadmin/home.html",
        [('value="Search"', 'value="{% translate "Search" %}"')],
    ),
    "cms/templates/wagtailadmin/shared/side_panel_toggle.html": (
        "admin/templates/wagtailadmin/shared/side_panel_toggle.html",
        [("{{ count|intcomma }}", "{{ count|default:0|intcomma }}")],
    ),
}


def _body(template: str) -> str:
    """The template without our comment and without the {% extends %} / {% load %} lines a copy adds."""
    template = re.sub(r"\{% comment %\}.*?\{% endcomment %\}\n", "", template, flags=re.S)
    return re.sub(r"^\{% (?:extends|load) [^%]*%\}\n", "", template, flags=re.M).strip()


@pytest.mark.parametrize("ours", sorted(TEMPLATE_COPIES))
def test_wagtail_template_copies_differ_from_wagtails_only_where_meant(ours):
    theirs, changes = TEMPLATE_COPIES[ours]
    copy = _body((ROOT / ours).read_text())
    for wagtails, mine in changes:
        assert mine in copy
        copy = copy.replace(mine, wagtails)
    original = (Path(wagtail.__file__).parent / theirs).read_text()
    assert copy in original, f"{ours} no longer matches Wagtail's {theirs}"
