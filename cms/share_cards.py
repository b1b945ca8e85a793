"""Share cards: the picture a chat app or social network shows when a product or a storefront is shared.

A card is composed with Pillow from what a buyer would want to see at a glance: the product photo (or the store's
banner), the name, the price in the channel of the page being shared, and the store's name and logo on its brand
colour. Two sizes: ``og`` (1200 × 630, Open Graph and Twitter cards) and ``square`` (1080 × 1080, a promo image a
store posts as a WhatsApp status or on Instagram).

A card is made once per change: its address carries a digest of everything drawn on it (``CardContent.digest``),
so the page links the current card, a change links a new one, and the file behind an address never changes
(``Cache-Control: immutable``). The first request for an address composes the card and keeps it in the default
storage (``share-cards/<digest>.jpg``); later requests read the stored file. Photos are read from a bounded
rendition, never from the original upload.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont, ImageOps

from catalog.models import Channel, ProductListing
from catalog.money import format_money

FORMAT_VERSION = 1
SIZES = {"og": (1200, 630), "square": (1080, 1080)}
FONTS = Path(__file__).parent / "fonts"
PHOTO_RENDITION = "max-1080x1080|format-jpeg"
TEXT_ON_BRAND = "#ffffff"  # the brand's primary colour is checked for white text (themes.brand.palette_errors)


@dataclass(frozen=True)
class CardContent:
    title: str
    price: str  # already formatted for the channel ("Rp45.000", "RM18.00"), empty for a storefront
    store_name: str
    brand_colour: str
    photo: object | None = None  # a Wagtail image
    logo: object | None = None

    def digest(self, size: str) -> str:
        images = tuple(
            (image.pk, image.file.name) if image is not None else None for image in (self.photo, self.logo)
        )
        raw = repr((FORMAT_VERSION, size, self.title, self.price, self.store_name, self.brand_colour, images))
        return hashlib.sha256(raw.encode()).hexdigest()[:20]


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _picture(image, box: tuple[int, int]) -> Image.Image | None:
    if image is None:
        return None
    rendition = image.get_rendition(PHOTO_RENDITION)
    with rendition.file.open("rb") as handle:
        picture = Image.open(handle)
        picture.load()
    return ImageOps.fit(picture.convert("RGB"), box, Image.Resampling.LANCZOS)


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font, width_px: int, max_lines: int) -> list[str]:
    """Words laid out in lines no wider than ``width_px`` (measured with the font), at most ``max_lines``, the last
    one ending in an ellipsis when the text is longer."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width_px:
            lines[-1] = candidate
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        while lines[-1] and draw.textlength(lines[-1] + "…", font=font) > width_px:
            lines[-1] = lines[-1][:-1]
        lines[-1] = lines[-1].rstrip(" ,.") + "…"
    return lines or [""]


def _text_block(draw, content: CardContent, origin: tuple[int, int], width: int, scale: float) -> None:
    x, y = origin
    title_font = _font(int(54 * scale), bold=True)
    for line in _wrapped(draw, content.title, title_font, width, 3):
        draw.text((x, y), line, font=title_font, fill=TEXT_ON_BRAND)
        y += int(66 * scale)
    if content.price:
        y += int(20 * scale)
        draw.text((x, y), content.price, font=_font(int(64 * scale), bold=True), fill=TEXT_ON_BRAND)
        y += int(84 * scale)
    draw.text((x, y + int(10 * scale)), content.store_name, font=_font(int(34 * scale)), fill=TEXT_ON_BRAND)


def _logo(canvas: Image.Image, logo, corner: tuple[int, int], side: int) -> None:
    picture = _picture(logo, (side, side))
    if picture is None:
        return
    mask = Image.new("L", (side, side), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, side - 1, side - 1), fill=255)
    canvas.paste(picture, corner, mask)


def compose(content: CardContent, size: str = "og") -> bytes:
    """The card as JPEG bytes: photo on the left (og) or on top (square), text on the brand colour beside it."""
    width, height = SIZES[size]
    canvas = Image.new("RGB", (width, height), content.brand_colour)
    draw = ImageDraw.Draw(canvas)
    if size == "og":
        photo_box, text_origin, text_width, scale = (height, height), (height + 48, 60), width - height - 96, 1.0
    else:
        photo_box, text_origin, text_width, scale = (width, 660), (56, 700), width - 112 - 136, 1.0
    photo = _picture(content.photo, photo_box)
    if photo is not None:
        canvas.paste(photo, (0, 0))
    else:
        text_origin, text_width = (60, 60), width - 120
    _text_block(draw, content, text_origin, text_width, scale)
    _logo(canvas, content.logo, (width - 136, height - 136), 96)
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue()


def stored_card(content: CardContent, size: str) -> str:
    """The storage name of the card, composing and storing it on first use."""
    name = f"share-cards/{content.digest(size)}-{size}.jpg"
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(compose(content, size)))
        if saved != name:  # composed twice at once: the first one stays
            default_storage.delete(saved)
    return name


def _store_images(storefront, store):
    logo = (storefront.logo if storefront is not None else None) or store.logo
    colour = storefront.brand.primary if storefront is not None else "#1f5135"
    return logo, colour


def product_content(product, channel: Channel, price, photo) -> CardContent:
    """A product's card: ``price`` is its lowest price in ``channel`` (what a card in a listing shows), ``photo``
    its first photo."""
    store = product.store
    storefront = getattr(store, "storefront", None)
    logo, colour = _store_images(storefront, store)
    return CardContent(
        title=product.translated("title", channel.language),
        price=format_money(price, channel.currency) if price is not None else "",
        store_name=store.name,
        brand_colour=colour,
        photo=photo,
        logo=logo,
    )


def product_content_from_listing(product, channel: Channel) -> CardContent | None:
    listing = (
        ProductListing.objects.filter(product=product, channel=channel, visible=True).select_related("image").first()
    )
    if listing is None:
        return None
    return product_content(product, channel, listing.price, listing.image)


def storefront_content(storefront) -> CardContent:
    store = storefront.store
    logo, colour = _store_images(storefront, store)
    return CardContent(
        title=store.name,
        price="",
        store_name=storefront.tagline or store.legal_seller or "",
        brand_colour=colour,
        photo=storefront.banner,
        logo=logo,
    )
