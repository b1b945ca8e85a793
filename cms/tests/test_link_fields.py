"""Guards for future fields: every block or model field that holds a typed link goes through the link rule, and
Wagtail's own ``URLBlock`` is pinned (it is not enough on its own)."""

import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from wagtail import blocks

from catalog.links import LinkValidator
from cms.blocks import CONTENT_BLOCKS, STOREFRONT_BLOCKS, SafeURLBlock

LINKISH = re.compile(r"(^|_)(link|url|href|website)(_|$)")

# Fields named like links that no editor or buyer types (set by the shop or a payment provider's API).
NOT_TYPED = {
    ("payments", "paymentattempt", "redirect_url"),  # from the payment provider's API
    ("shop", "bareproduct", "image_url"),  # benchmark rows, filled from stored image files
    ("catalog", "stockalert", "product_url"),  # built by the shop from the product page's own address
}


def _child_blocks(block, path):
    if isinstance(block, blocks.ListBlock):
        yield from _child_blocks(block.child_block, f"{path}[]")
    for name, child in getattr(block, "child_blocks", {}).items():
        yield f"{path}.{name}", name, child
        yield from _child_blocks(child, f"{path}.{name}")


def test_every_link_in_a_block_is_a_safe_url_block():
    for top_name, top in STOREFRONT_BLOCKS + CONTENT_BLOCKS:
        for path, name, child in _child_blocks(top, top_name):
            if LINKISH.search(name) or isinstance(child, blocks.URLBlock):
                assert isinstance(child, SafeURLBlock), (
                    f"{path} is a {type(child).__name__}, not a SafeURLBlock"
                )


def test_every_model_field_named_like_a_link_has_the_link_validator():
    for model in apps.get_models():
        if model._meta.app_label not in {"catalog", "cms", "checkout", "payments", "themes", "shop"}:
            continue
        for field in model._meta.local_concrete_fields:
            key = (model._meta.app_label, model._meta.model_name, field.name)
            typed = LINKISH.search(field.name) or isinstance(field, models.URLField)
            if typed and isinstance(field, models.CharField) and key not in NOT_TYPED:
                assert any(isinstance(v, LinkValidator) for v in field.validators), (
                    f"{key} has no LinkValidator"
                )


@pytest.mark.parametrize("link", ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x"])
def test_wagtails_url_block_refuses_script_links(link):
    with pytest.raises(ValidationError):
        blocks.URLBlock().clean(link)


def test_surprise_wagtails_url_block_takes_ftp_and_no_relative_address():
    """Why blocks use ``SafeURLBlock``: Wagtail's ``URLBlock`` is Django's form ``URLField`` (http, https, ftp,
    ftps; a relative address is refused or read as a host)."""
    assert blocks.URLBlock().clean("ftp://files.example/katalog.pdf") == "ftp://files.example/katalog.pdf"
    with pytest.raises(ValidationError):
        blocks.URLBlock().clean("/kopi-an-nur/produk/")


def test_safe_url_block_cleans_to_what_the_browser_reads_and_allows_contact_links_only_when_asked():
    assert SafeURLBlock().clean("  HTTPS://wa.me/62812 ") == "https://wa.me/62812"
    assert SafeURLBlock().clean("produk/") == "produk/"
    with pytest.raises(ValidationError):
        SafeURLBlock().clean("tel:+62812")
    assert SafeURLBlock(contact=True).clean("tel:+62812") == "tel:+62812"
    with pytest.raises(ValidationError):
        SafeURLBlock(contact=True).clean("java\tscript:alert(1)")
    assert SafeURLBlock(required=False).clean("") == ""
