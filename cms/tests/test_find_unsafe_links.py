"""``manage.py find_unsafe_links [--fix]`` finds hostile links stored before the link rule, wherever they sit (page
rows, drafts, rich text, snippets, redirects), and blanks them."""

import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.contrib.redirects.models import Redirect

from catalog.models import Product
from cms.models import ContentPage, StorefrontPage
from tests.factories import make_product

pytestmark = pytest.mark.django_db


def hero(link):
    return {
        "type": "hero",
        "value": {"heading": "Promo", "text": "", "image": None, "button_label": "Klik", "button_link": link},
    }


def faq(answer_html):
    item = {"question": "Bagaimana?", "answer": answer_html}
    return {
        "type": "faq",
        "value": {"heading": "Tanya", "items": [{"type": "item", "value": item, "id": "q1"}]},
    }


@pytest.fixture
def hostile(store):
    """Hostile links in every place a value from before the validator may sit."""
    storefront = StorefrontPage.objects.get(store=store)
    storefront.body = [hero("JaVaScRiPt:alert(1)"), faq('<p><a href="vbscript:msgbox(1)">x</a></p>')]
    storefront.save_revision().publish()
    storefront = StorefrontPage.objects.get(pk=storefront.pk)
    storefront.body = [hero("java\tscript:alert('draft')")]
    storefront.save_revision()  # a draft: only the latest revision has it
    page = storefront.add_child(
        instance=ContentPage(
            title="Tentang", slug="tentang", body='<p><a href="javascript:alert(2)">a</a></p>'
        )
    )
    product = make_product(store)
    Product.objects.filter(pk=product.pk).update(description='<p><a href="data:text/html,x">b</a></p>')
    redirect = Redirect.objects.create(old_path="/lama", redirect_link="javascript:alert(3)")
    return {"storefront": storefront, "page": page, "product": product, "redirect": redirect}


def run(*args):
    out = io.StringIO()
    call_command("find_unsafe_links", *args, stdout=out)
    return out.getvalue()


def test_the_command_lists_every_stored_hostile_link_and_fails(hostile):
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"^8 unsafe link\(s\) found; run with --fix to blank them\.$"):
        call_command("find_unsafe_links", stdout=out)
    lines = out.getvalue().splitlines()
    storefront = hostile["storefront"]
    expected = [
        f"cms.storefrontpage #{storefront.pk}\tbody[0].hero.button_link\t'JaVaScRiPt:alert(1)'".split("\t"),
        "body[1].faq.items[0].answer\t'vbscript:msgbox(1)'".split("\t"),
        "body[0].hero.button_link\t\"java\\tscript:alert('draft')\"".split("\t"),
        "body\t'javascript:alert(2)'".split("\t"),
        "description\t'data:text/html,x'".split("\t"),
        "redirect_link\t'javascript:alert(3)'".split("\t"),
    ]
    assert len(lines) == 8, lines
    for want in expected:
        assert any(all(part in line for part in want[-2:]) for line in lines), want
    assert any(f"revision {storefront.latest_revision_id}\t" in line and "draft" in line for line in lines)
    live = [line for line in lines if f"revision {storefront.live_revision_id}\t" in line]
    assert len(live) == 2  # the published revision holds the hero and the FAQ answer too


def test_fix_blanks_them_everywhere_and_the_storefront_shows_no_script(hostile, client):
    out = run("--fix")
    assert out.splitlines()[-1] == "8 unsafe link(s) blanked."
    assert sum(line.startswith("fixed\t") for line in out.splitlines()) == 8
    assert run() == "No unsafe links found.\n"
    storefront = StorefrontPage.objects.get(pk=hostile["storefront"].pk)
    assert storefront.body[0].value["button_link"] == ""
    draft = storefront.get_latest_revision_as_object()
    assert draft.body[0].value["button_link"] == ""
    hostile["redirect"].refresh_from_db()
    assert hostile["redirect"].redirect_link == ""
    assert 'href="#"' in Product.objects.get(pk=hostile["product"].pk).description
    html = client.get(storefront.url).content.decode().lower()
    assert "script:" not in html


def test_a_clean_site_passes(store):
    assert run() == "No unsafe links found.\n"
