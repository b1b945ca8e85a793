"""The one link rule (``catalog.links``): every spelling of a hostile scheme is refused, ordinary links pass."""

import pytest
from django.core.exceptions import ValidationError

from catalog.links import (
    LinkValidator,
    is_safe_link,
    neutralise_links_in_html,
    normalise_link,
    safe_link_or,
    unsafe_links_in_html,
)

# Every spelling of a script link tried against the storefront: what a browser runs, or would run if the value
# reached an attribute without escaping.
HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\rscript:alert(1)",
    "\x01javascript:alert(1)",
    "\x00javascript:alert(1)",
    "javascript:alert(1)\x00",
    "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "java&Tab;script:alert(1)",
    "file:///etc/passwd",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "\\/evil.example/",
    " //evil.example/",
    "https:/evil.example/",
    "https:evil.example",
    "http://",
]

FINE = [
    "/kopi-an-nur/produk/",
    "produk/",
    "p/kopi-kaleng/",
    "?hal=2",
    "#faq",
    "/cari/?q=kopi&hal=2",
    "https://wa.me/6281234567890?text=Halo%20kak",
    "https://www.instagram.com/kopi.annur/",
    "HTTPS://shopee.co.id/kopiannur",
    "http://pesantren.example/",
    "  https://tokopedia.com/kopiannur  ",
]


@pytest.mark.parametrize("link", HOSTILE)
def test_every_spelling_of_a_hostile_link_is_refused(link):
    assert not is_safe_link(link)
    assert not is_safe_link(link, contact=True)
    with pytest.raises(ValidationError) as refused:
        LinkValidator()(link)
    assert refused.value.code == "unsafe_link"
    assert safe_link_or(link) == "#"


@pytest.mark.parametrize("link", FINE)
def test_relative_and_web_links_pass(link):
    LinkValidator()(link)
    assert safe_link_or(link) == normalise_link(link)


@pytest.mark.parametrize("link", ["mailto:toko@example.com", "tel:+6281234567890", "TEL:+62812"])
def test_mailto_and_tel_only_where_the_field_allows_contact_links(link):
    assert not is_safe_link(link)
    assert is_safe_link(link, contact=True)
    LinkValidator(contact=True)(link)


@pytest.mark.parametrize("link", ["/kopi-an-nur/", "produk/", "#faq", "mailto:a@b.example"])
def test_a_field_for_another_sites_address_wants_an_absolute_web_link(link):
    assert not is_safe_link(link, relative=False)
    assert is_safe_link("https://www.tiktok.com/@kopiannur", relative=False)


def test_normalising_does_what_the_browser_does_before_reading_the_scheme():
    assert normalise_link("  \x01JaVa\tScRi\npt:alert(1) ") == "javascript:alert(1)"
    assert normalise_link("HTTPS://Example.COM/Path") == "https://Example.COM/Path"
    assert normalise_link(None) == ""


def test_the_empty_link_is_left_to_the_fields_required_flag():
    assert is_safe_link("")
    assert safe_link_or("") == "#"
    assert safe_link_or(None, "") == ""


def test_the_validator_is_comparable_for_migrations():
    assert LinkValidator() == LinkValidator()
    assert LinkValidator(contact=True) != LinkValidator()
    assert LinkValidator(relative=False).deconstruct() == (
        "catalog.links.LinkValidator",
        (),
        {"relative": False},
    )


def test_rich_text_hrefs_the_rule_refuses_become_hash_and_the_rest_is_untouched():
    markup = (
        "<p><a href=\"javascript:alert(1)\">a</a><a href='JAVA&#x09;SCRIPT:x'>b</a><a href=vbscript:x>c</a>"
        '<svg><a xlink:href="javascript:alert(1)">d</a></svg><a data-href="javascript:x" href="/ok/">e</a>'
        '<a href="mailto:toko@example.id">f</a><a href="https://wa.me/62812?text=a&amp;b">g</a></p>'
    )
    assert neutralise_links_in_html(markup) == (
        '<p><a href="#">a</a><a href="#">b</a><a href="#">c</a>'
        '<svg><a xlink:href="#">d</a></svg><a data-href="javascript:x" href="/ok/">e</a>'
        '<a href="mailto:toko@example.id">f</a><a href="https://wa.me/62812?text=a&amp;b">g</a></p>'
    )
    assert unsafe_links_in_html(markup) == [
        "javascript:alert(1)",
        "JAVA&#x09;SCRIPT:x",
        "vbscript:x",
        "javascript:alert(1)",
    ]
