"""QR codes of campaign links, drawn with segno (pure Python): an inline SVG for the admin page and a PNG for a
flyer. Error correction M (15 % of the code may be lost: a folded or smudged flyer still scans), dark modules on
white with the standard four-module quiet zone, so any phone camera reads it on any background."""

from __future__ import annotations

import io

import segno
from django.urls import reverse

ERROR_LEVEL = "m"
BORDER = 4
PNG_SCALE = 16  # a version-3 code (37 modules + border) is 720 px: sharp on an A5 flyer


def campaign_path(campaign) -> str:
    return reverse("opop_campaign_link", args=[campaign.code])


def campaign_url(request, campaign) -> str:
    """The absolute address the QR code holds: on the host the admin is served from (the shop's own)."""
    return request.build_absolute_uri(campaign_path(campaign))


def make_qr(url: str):
    return segno.make(url, error=ERROR_LEVEL, boost_error=False)


def qr_svg(url: str, *, title: str = "") -> str:
    return make_qr(url).svg_inline(scale=4, border=BORDER, dark="#000", light="#fff", title=title or None)


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    make_qr(url).save(buffer, kind="png", scale=PNG_SCALE, border=BORDER, dark="#000", light="#fff")
    return buffer.getvalue()
