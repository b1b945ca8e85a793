"""Photo coaching: what would make a product photo sell better, measured when it is uploaded.

Advice, never a gate: every check gives a score (0-100) and, below its threshold, a reason in plain language. The
measurements run on a copy at most ``SAMPLE_SIDE`` pixels on its longer side (JPEGs are decoded at reduced size
with ``Image.draft``), so a large upload costs milliseconds; the original's size comes from its header.

| check | measured | advice below |
|---|---|---|
| size | shorter side of the original | 1,000 px (sharp zoom on a phone) |
| exposure | mean luminance, share of crushed shadows (≤ 8) and blown highlights (≥ 247) | mean 70-215, ≤ 25 % crushed, ≤ 40 % blown with little contrast |
| sharpness | steepest edges (99.5th percentile of an edge filter) ÷ the photo's contrast (99.5th − 0.5th percentile of luminance) | 0.5 (a sharp step gives about 3, the same step blurred over a few pixels a fraction of 1) |
| framing | centre of the edges' weight, from the middle | subject centre within 22 % of the frame |
| background | edge density in the outer band against the middle | outer band busier than 0.9 × the middle and above 8 % strong edges |
| card shape | aspect ratio (cards crop to a square) | between 0.75 and 1.33 |

Tilt is not measured: a horizon or a table edge cannot be told from a product's own lines reliably enough to advise.
The thresholds are pinned by ``cms/tests/test_photo_checks.py`` on generated images.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFilter, ImageOps, ImageStat

SAMPLE_SIDE = 512
MIN_SHORT_SIDE = 1000
DARK_MEAN, BRIGHT_MEAN = 70, 215
CRUSHED, BLOWN = 8, 247
MAX_CRUSHED_SHARE, MAX_BLOWN_SHARE, FLAT_STDDEV = 0.25, 0.40, 35
SHARP_STEEPNESS = 0.5
MAX_CENTRE_OFFSET = 0.22
BUSY_EDGE, BUSY_SHARE, BUSY_RATIO = 40, 0.08, 0.9
SQUARE_RANGE = (0.75, 1.33)
PASS = 70  # a check scoring below this gives its advice


ADVICE = {
    "size": _(
        "The photo is small for a sharp zoom (its shorter side is %(short)d px; 1,000 px or more is better). "
        "Take it again at the camera's full size."
    ),
    "dark": _("The photo is too dark: buyers cannot see the product's colours. Shoot near a window in daylight, "
              "or turn on more light."),
    "washed_out": _("The photo looks washed out: too much light or the flash made it pale. Avoid direct sun and the "
                    "flash; use soft daylight."),
    "sharpness": _("The photo is blurred. Hold the phone still (lean on a table), tap the product on the screen to "
                   "focus, and wipe the lens."),
    "framing": _("The product is not in the middle of the photo. Put it in the centre, so that cards, which show "
                 "the middle of the photo, do not cut it off."),
    "background": _("The background is busy and draws the eye away from the product. Use a plain cloth, a wall or "
                    "a table top behind it."),
    "card_shape": _("The photo is much wider or taller than a square; product cards show a square from its middle. "
                    "Leave space around the product, or take a square photo."),
}


@dataclass(frozen=True)
class Check:
    name: str
    score: int
    reason: str = ""  # a key of ADVICE, when the check does not pass
    params: dict = field(default_factory=dict)

    @property
    def advice(self) -> str:
        """The advice in the active language (stored as a key, so each editor reads it in their own)."""
        if self.score >= PASS or not self.reason:
            return ""
        return str(ADVICE[self.reason]) % self.params if self.params else str(ADVICE[self.reason])


@dataclass(frozen=True)
class PhotoReport:
    score: int
    checks: tuple[Check, ...]

    @property
    def advice(self) -> list[str]:
        return [c.advice for c in self.checks if c.advice]

    def as_json(self) -> list[dict]:
        return [asdict(c) for c in self.checks]


def _check(name: str, score: float, reason: str, **params) -> Check:
    score = max(0, min(100, round(score)))
    return Check(name, score, reason if score < PASS else "", params if score < PASS else {})


def _size(width: int, height: int) -> Check:
    short = min(width, height)
    return _check("size", 100 * short / MIN_SHORT_SIDE, "size", short=short)


def _exposure(grey: Image.Image) -> Check:
    histogram = grey.histogram()
    total = sum(histogram) or 1
    crushed = sum(histogram[: CRUSHED + 1]) / total
    blown = sum(histogram[BLOWN:]) / total
    stat = ImageStat.Stat(grey)
    mean, stddev = stat.mean[0], stat.stddev[0]
    if mean < DARK_MEAN or crushed > MAX_CRUSHED_SHARE:
        return _check("exposure", 100 * min(mean / DARK_MEAN, MAX_CRUSHED_SHARE / max(crushed, 1e-9)) * 0.69, "dark")
    if mean > BRIGHT_MEAN or (blown > MAX_BLOWN_SHARE and stddev < FLAT_STDDEV):
        return _check("exposure", 69 * min((255 - mean) / (255 - BRIGHT_MEAN), stddev / FLAT_STDDEV), "washed_out")
    return _check("exposure", 100, "")


def _percentile(histogram: list[int], share: float) -> int:
    total, running = sum(histogram) or 1, 0
    for value, count in enumerate(histogram):
        running += count
        if running >= share * total:
            return value
    return len(histogram) - 1


def _sharpness(grey: Image.Image, edges: Image.Image) -> Check:
    """How steep the steepest edges are for the photo's contrast: a sharp step of contrast C gives an edge response
    of about 3·C, the same step blurred over a few pixels a fraction of it."""
    tones = grey.histogram()
    contrast = max(1, _percentile(tones, 0.995) - _percentile(tones, 0.005))
    steepness = _percentile(edges.histogram(), 0.995) / contrast
    return _check("sharpness", 100 * min(1.0, steepness / SHARP_STEEPNESS), "sharpness")


def _edge_weight_centre(edges: Image.Image) -> tuple[float, float]:
    """Where the edges' weight lies, as fractions of width and height (0.5, 0.5 is the middle)."""
    small = edges.resize((64, 64), Image.Resampling.BOX)
    values = small.tobytes()  # one byte per pixel (mode L)
    total = float(sum(values)) or 1.0
    cx = sum((i % 64) * v for i, v in enumerate(values)) / total / 63
    cy = sum((i // 64) * v for i, v in enumerate(values)) / total / 63
    return cx, cy


def _framing(edges: Image.Image) -> Check:
    cx, cy = _edge_weight_centre(edges)
    offset = max(abs(cx - 0.5), abs(cy - 0.5))
    return _check("framing", 100 if offset <= MAX_CENTRE_OFFSET else 100 * (0.5 - offset) / (0.5 - MAX_CENTRE_OFFSET) * 0.69, "framing")


def _strong_share(region: Image.Image) -> float:
    histogram = region.histogram()
    return sum(histogram[BUSY_EDGE:]) / (sum(histogram) or 1)


def _background(edges: Image.Image) -> Check:
    width, height = edges.size
    band_x, band_y = width // 6, height // 6
    middle = _strong_share(edges.crop((band_x, band_y, width - band_x, height - band_y)))
    whole = _strong_share(edges)
    middle_area = (width - 2 * band_x) * (height - 2 * band_y)
    outer = (whole * width * height - middle * middle_area) / max(1, width * height - middle_area)
    busy = outer > BUSY_SHARE and outer > BUSY_RATIO * middle
    return _check("background", 40 if busy else 100, "background")


def _card_shape(width: int, height: int) -> Check:
    ratio = width / height if height else 1
    low, high = SQUARE_RANGE
    inside = low <= ratio <= high
    return _check("card_shape", 100 if inside else 100 * min(ratio / low, high / ratio) * 0.69, "card_shape")


def assess(fileobj, width: int, height: int) -> PhotoReport:
    """The report for an image file whose original size is ``width`` × ``height``."""
    with Image.open(fileobj) as picture:
        picture.draft("RGB", (SAMPLE_SIDE, SAMPLE_SIDE))
        sample = ImageOps.exif_transpose(picture).convert("RGB")
    sample.thumbnail((SAMPLE_SIDE, SAMPLE_SIDE))
    grey = sample.convert("L")
    edges = grey.filter(ImageFilter.FIND_EDGES)
    edges = edges.crop((2, 2, edges.width - 2, edges.height - 2))  # the filter's frame is not the photo's
    checks = (_size(width, height), _exposure(grey), _sharpness(grey, edges), _framing(edges), _background(edges),
              _card_shape(width, height))
    weights = {"size": 2, "exposure": 2, "sharpness": 2, "framing": 1, "background": 1, "card_shape": 1}
    mean = sum(c.score * weights[c.name] for c in checks) / sum(weights.values())
    # Never above the weakest check: a photo with any advice scores below PASS, so "needs work" is one number.
    return PhotoReport(round(min(mean, min(c.score for c in checks))), checks)
