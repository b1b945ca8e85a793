"""Product photos for the demo, drawn with Pillow so the repository ships no binary assets.

Each kind of product gets its own drawing (a coffee can, a batik cloth, a honey jar, a soap bar, a date box,
a prayer mat, ...) and the colours vary by a seed, so a storefront with eight products shows eight different
pictures. ``draw(kind, label, seed)`` returns JPEG bytes; nothing here touches the database.
"""

from __future__ import annotations

import colorsys
import io
import math
import random
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter, ImageFont

SIZE = 800


@lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow >= 10.1 bundles a scalable default font, so the drawing does not depend on system fonts.
    return ImageFont.load_default(size=size)


def _hsl(h: float, s: float, lightness: float) -> tuple[int, int, int]:
    r, g, b = colorsys.hls_to_rgb(h % 1.0, lightness, s)
    return int(r * 255), int(g * 255), int(b * 255)


def _background(rnd: random.Random, hue: float) -> Image.Image:
    """Soft studio backdrop: a vertical gradient with a floor shadow, like a marketplace product shot."""
    top, bottom = _hsl(hue, 0.35, 0.93), _hsl(hue, 0.30, 0.80)
    img = Image.new("RGB", (SIZE, SIZE), top)
    d = ImageDraw.Draw(img)
    for y in range(SIZE):
        t = y / SIZE
        d.line([(0, y), (SIZE, y)], fill=tuple(int(top[i] + (bottom[i] - top[i]) * t) for i in range(3)))
    return img


def _shadow(img: Image.Image, box: tuple[int, int, int, int]) -> None:
    layer = Image.new("L", img.size, 0)
    ImageDraw.Draw(layer).ellipse(box, fill=110)
    layer = layer.filter(ImageFilter.GaussianBlur(18))
    img.paste((40, 40, 40), (0, 0), layer)


def _centered_text(d: ImageDraw.ImageDraw, cx: int, y: int, text: str, size: int, fill, max_width: int) -> None:
    while size > 14:
        font = _font(size)
        left, top, right, bottom = d.textbbox((0, 0), text, font=font)
        if right - left <= max_width:
            break
        size -= 2
    d.text((cx - (right - left) // 2, y), text, font=font, fill=fill)


def _short(label: str, limit: int = 18) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


# --- drawings ----------------------------------------------------------------------------------------------


def _coffee_can(img, d, rnd, hue, label):
    _shadow(img, (210, 650, 590, 720))
    body = _hsl(hue, 0.55, 0.35)
    band = _hsl(hue + 0.08, 0.65, 0.85)
    x0, x1, y0, y1 = 250, 550, 170, 680
    d.rectangle((x0, y0, x1, y1), fill=body)
    # metallic shading stripes
    for i in range(0, 60, 6):
        shade = tuple(min(255, c + 40 - i) for c in body)
        d.line([(x0 + 20 + i, y0), (x0 + 20 + i, y1)], fill=shade, width=3)
    d.ellipse((x0, y1 - 30, x1, y1 + 30), fill=body)
    d.ellipse((x0, y0 - 30, x1, y0 + 30), fill=(190, 190, 196), outline=(120, 120, 128), width=4)
    d.ellipse((x0 + 110, y0 - 12, x0 + 190, y0 + 10), outline=(110, 110, 120), width=4)  # ring pull
    d.rectangle((x0, 330, x1, 520), fill=band)
    # a cup with steam on the label
    d.rounded_rectangle((365, 420, 435, 480), radius=10, fill=(90, 55, 35))
    d.arc((425, 432, 455, 466), -90, 90, fill=(90, 55, 35), width=6)
    for sx in (380, 400, 420):
        d.arc((sx - 8, 375, sx + 8, 415), 90, 270, fill=(120, 90, 70), width=3)
    _centered_text(d, 400, 345, _short(label, 16).upper(), 30, (60, 35, 20), 280)
    # coffee beans scattered on the floor
    for _ in range(7):
        bx, by = rnd.randint(60, 740), rnd.randint(690, 770)
        if 220 < bx < 580:
            continue
        d.ellipse((bx - 18, by - 12, bx + 18, by + 12), fill=(85, 50, 30))
        d.arc((bx - 14, by - 10, bx + 14, by + 10), 200, 340, fill=(50, 28, 15), width=3)


def _coffee_pouch(img, d, rnd, hue, label):
    _shadow(img, (200, 660, 600, 730))
    color = _hsl(hue, 0.45, 0.30)
    d.polygon([(240, 200), (560, 200), (600, 690), (200, 690)], fill=color)
    d.rectangle((240, 170, 560, 215), fill=tuple(max(0, c - 30) for c in color))  # zip seal
    d.ellipse((300, 330, 500, 530), fill=(240, 228, 205))
    for i in range(5):  # a coffee bean drawn on the window
        d.ellipse((360, 370 + i * 2, 440, 490 - i * 2), outline=(110, 70, 40), width=2)
    d.line([(400, 375), (392, 430), (408, 485)], fill=(110, 70, 40), width=6)
    _centered_text(d, 400, 560, _short(label, 18), 30, (245, 235, 215), 360)
    _centered_text(d, 400, 610, "KOPI BUBUK", 22, (220, 200, 170), 360)


def _batik(img, d, rnd, hue, label):
    _shadow(img, (130, 650, 670, 730))
    base = _hsl(hue, 0.55, 0.28)
    ink = _hsl(hue + 0.1, 0.70, 0.75)
    cloth = Image.new("RGB", (520, 520), base)
    cd = ImageDraw.Draw(cloth)
    motif = rnd.choice(["kawung", "parang", "truntum"])
    if motif == "kawung":
        for y in range(0, 520, 64):
            for x in range(0, 520, 64):
                cx, cy = x + 32, y + 32
                for dx, dy in ((0, -16), (0, 16), (-16, 0), (16, 0)):
                    w, h = (12, 18) if dx == 0 else (18, 12)
                    cd.ellipse((cx + dx - w, cy + dy - h, cx + dx + w, cy + dy + h), fill=ink, outline=base, width=2)
                cd.ellipse((cx - 4, cy - 4, cx + 4, cy + 4), fill=base)
    elif motif == "parang":
        for k in range(-520, 1040, 70):
            pts = [(k + t, t + 12 * math.sin(t / 18)) for t in range(0, 560, 8)]
            cd.line(pts, fill=ink, width=14)
            cd.line([(x + 24, y) for x, y in pts], fill=_hsl(hue + 0.05, 0.5, 0.55), width=5)
    else:
        for y in range(0, 520, 52):
            for x in range((y // 52 % 2) * 26, 520, 52):
                for a in range(8):
                    ang = a * math.pi / 4
                    cd.line([(x, y), (x + 16 * math.cos(ang), y + 16 * math.sin(ang))], fill=ink, width=3)
                cd.ellipse((x - 5, y - 5, x + 5, y + 5), fill=ink)
    cd.rectangle((0, 0, 519, 519), outline=ink, width=10)
    cloth = cloth.rotate(-6, expand=True, fillcolor=(0, 0, 0, 0), resample=Image.BICUBIC)
    mask = Image.new("L", (520, 520), 255).rotate(-6, expand=True, resample=Image.BICUBIC)
    img.paste(cloth, (400 - cloth.width // 2, 390 - cloth.height // 2), mask)
    d.rounded_rectangle((250, 690, 550, 760), radius=14, fill=(255, 255, 255))
    _centered_text(d, 400, 705, _short(label, 20), 30, base, 280)


def _sarung(img, d, rnd, hue, label):
    _shadow(img, (150, 640, 650, 720))
    cloth = Image.new("RGB", (460, 480), _hsl(hue, 0.55, 0.35))
    cd = ImageDraw.Draw(cloth)
    colors = [_hsl(hue + o, 0.6, lightness) for o, lightness in ((0.0, 0.22), (0.05, 0.55), (0.5, 0.7), (0.0, 0.45))]
    step = rnd.choice([40, 48, 56])
    for i, x in enumerate(range(0, 460, step)):
        cd.rectangle((x, 0, x + step // 3, 480), fill=colors[i % len(colors)])
    for i, y in enumerate(range(0, 480, step)):
        cd.rectangle((0, y, 460, y + step // 4), fill=colors[(i + 1) % len(colors)])
    cd.rectangle((160, 0, 300, 480), outline=_hsl(hue + 0.5, 0.7, 0.8), width=6)  # kepala sarung
    img.paste(cloth, (170, 150))
    # folded bottom edge
    d.polygon([(170, 630), (630, 630), (600, 670), (200, 670)], fill=_hsl(hue, 0.5, 0.25))
    _centered_text(d, 400, 700, _short(label, 20), 32, _hsl(hue, 0.5, 0.2), 420)


def _honey_jar(img, d, rnd, hue, label):
    _shadow(img, (220, 660, 580, 730))
    honey = _hsl(0.09 + (hue % 0.05), 0.85, 0.45)
    d.rounded_rectangle((250, 250, 550, 690), radius=60, fill=honey, outline=(200, 150, 60), width=6)
    d.rounded_rectangle((275, 270, 305, 650), radius=12, fill=_hsl(0.12, 0.9, 0.7))  # glass highlight
    d.rounded_rectangle((270, 190, 530, 255), radius=12, fill=_hsl(hue, 0.5, 0.35))  # lid
    for x in range(285, 520, 18):
        d.line([(x, 195), (x, 250)], fill=_hsl(hue, 0.5, 0.25), width=3)
    d.rounded_rectangle((290, 390, 510, 560), radius=16, fill=(255, 248, 225))
    # honeycomb on the label
    for row in range(2):
        for col in range(4):
            cx, cy = 330 + col * 46 + (23 if row else 0), 420 + row * 40
            d.regular_polygon((cx, cy, 20), 6, fill=_hsl(0.11, 0.9, 0.55), outline=(160, 110, 20))
    _centered_text(d, 400, 505, _short(label, 16), 26, (110, 70, 10), 200)
    # honey dipper
    d.line([(560, 600), (700, 470)], fill=(150, 100, 50), width=10)
    for i in range(4):
        d.ellipse((540 - i * 6, 590 + i * 8, 600 - i * 6, 640 + i * 8), outline=(150, 100, 50), width=5)


def _soap(img, d, rnd, hue, label):
    _shadow(img, (170, 560, 630, 650))
    color = _hsl(hue, 0.45, 0.72)
    d.rounded_rectangle((190, 330, 610, 600), radius=70, fill=tuple(max(0, c - 25) for c in color))
    d.rounded_rectangle((190, 310, 610, 570), radius=70, fill=color)
    d.rounded_rectangle((240, 350, 560, 530), radius=50, outline=tuple(max(0, c - 45) for c in color), width=5)
    _centered_text(d, 400, 420, _short(label, 14).upper(), 32, tuple(max(0, c - 90) for c in color), 290)
    for _ in range(3):  # leaves
        lx, ly = rnd.randint(80, 200), rnd.randint(120, 300)
        d.ellipse((lx, ly, lx + 110, ly + 45), fill=_hsl(0.3, 0.5, 0.38))
        d.line([(lx + 5, ly + 22), (lx + 105, ly + 22)], fill=_hsl(0.3, 0.5, 0.25), width=3)
    for _ in range(12):  # bubbles
        bx, by, r = rnd.randint(430, 760), rnd.randint(80, 300), rnd.randint(10, 34)
        d.ellipse((bx - r, by - r, bx + r, by + r), outline=(255, 255, 255), width=3)


def _snack(img, d, rnd, hue, label):
    _shadow(img, (200, 660, 600, 730))
    color = _hsl(hue, 0.75, 0.5)
    d.polygon([(230, 170), (570, 170), (590, 680), (210, 680)], fill=color)
    for x in range(230, 571, 14):  # crimped seals
        d.polygon([(x, 170), (x + 7, 150), (x + 14, 170)], fill=color)
        d.polygon([(x - 20, 680), (x - 13, 700), (x - 6, 680)], fill=color)
    d.ellipse((280, 280, 520, 520), fill=(255, 245, 210))
    for _ in range(9):  # keripik
        cx, cy = rnd.randint(330, 470), rnd.randint(330, 470)
        d.ellipse((cx - 28, cy - 20, cx + 28, cy + 20), fill=_hsl(0.11, 0.8, 0.6), outline=_hsl(0.08, 0.8, 0.4), width=2)
    _centered_text(d, 400, 200, "CAMILAN", 26, (255, 255, 255), 300)
    _centered_text(d, 400, 560, _short(label, 18), 32, (255, 255, 255), 330)


def _dates(img, d, rnd, hue, label):
    _shadow(img, (130, 640, 670, 730))
    box = _hsl(hue, 0.45, 0.38)
    d.polygon([(140, 330), (660, 330), (640, 680), (160, 680)], fill=box)
    d.polygon([(140, 330), (660, 330), (620, 290), (180, 290)], fill=tuple(min(255, c + 40) for c in box))
    d.rectangle((180, 360, 620, 650), fill=(245, 235, 215))
    for row in range(3):
        for col in range(5):
            cx, cy = 225 + col * 88, 405 + row * 90
            d.ellipse((cx - 36, cy - 22, cx + 36, cy + 22), fill=(95, 45, 25))
            d.arc((cx - 28, cy - 16, cx + 28, cy + 16), 200, 330, fill=(150, 80, 45), width=4)
    d.rounded_rectangle((230, 160, 570, 260), radius=20, fill=(250, 245, 230))
    _centered_text(d, 400, 180, "KURMA", 30, box, 300)
    _centered_text(d, 400, 220, _short(label, 20), 24, (90, 60, 40), 320)


def _prayer_mat(img, d, rnd, hue, label):
    _shadow(img, (150, 680, 650, 750))
    base = _hsl(hue, 0.6, 0.33)
    trim = _hsl(hue + 0.12, 0.7, 0.72)
    d.rectangle((200, 110, 600, 700), fill=base)
    d.rectangle((225, 135, 575, 675), outline=trim, width=10)
    for y in range(150, 665, 24):
        d.regular_polygon((237, y, 7), 4, fill=trim)
        d.regular_polygon((563, y, 7), 4, fill=trim)
    # mihrab arch
    d.rectangle((290, 300, 510, 600), fill=tuple(min(255, c + 35) for c in base))
    d.pieslice((290, 190, 510, 410), 180, 360, fill=tuple(min(255, c + 35) for c in base))
    d.arc((290, 190, 510, 410), 180, 360, fill=trim, width=6)
    d.line([(290, 300), (290, 600), (510, 600), (510, 300)], fill=trim, width=6)
    d.ellipse((385, 240, 415, 270), fill=trim)  # lamp
    d.line([(400, 200), (400, 240)], fill=trim, width=3)
    for x in range(205, 600, 10):  # fringe
        d.line([(x, 700), (x, 725)], fill=(235, 225, 200), width=3)
        d.line([(x, 85), (x, 110)], fill=(235, 225, 200), width=3)
    d.rounded_rectangle((250, 740, 550, 790), radius=12, fill=(255, 255, 255))
    _centered_text(d, 400, 750, _short(label, 20), 26, base, 280)


def _logo(img, d, rnd, hue, label):
    d.ellipse((120, 120, 680, 680), fill=_hsl(hue, 0.55, 0.35))
    d.ellipse((160, 160, 640, 640), outline=_hsl(hue + 0.1, 0.6, 0.8), width=8)
    # a simple dome and crescent: a pesantren's own mark
    d.pieslice((290, 250, 510, 470), 180, 360, fill=(250, 245, 230))
    d.rectangle((290, 360, 510, 470), fill=(250, 245, 230))
    d.ellipse((380, 190, 420, 230), fill=(250, 245, 230))
    initials = "".join(w[0] for w in label.replace("-", " ").split() if w[:1].isalpha())[:3].upper()
    _centered_text(d, 400, 500, initials or "OPOP", 72, (250, 245, 230), 360)


DRAWINGS = {
    "coffee_can": _coffee_can,
    "coffee_pouch": _coffee_pouch,
    "batik": _batik,
    "sarung": _sarung,
    "honey": _honey_jar,
    "soap": _soap,
    "snack": _snack,
    "dates": _dates,
    "prayer_mat": _prayer_mat,
    "logo": _logo,
}


def draw(kind: str, label: str, seed: int = 0, *, size: int = SIZE, quality: int = 82) -> bytes:
    """Draw a product photo of ``kind`` with ``label`` on it; same arguments, same bytes."""
    rnd = random.Random(f"{kind}:{label}:{seed}")
    hue = rnd.random()
    img = _background(rnd, hue + 0.5)
    DRAWINGS[kind](img, ImageDraw.Draw(img), rnd, hue, label)
    if size != SIZE:
        img = img.resize((size, size), Image.LANCZOS)
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()
