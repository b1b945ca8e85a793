"""Uploaded photos lose where they were taken and whose camera took them, before they are stored.

Pesantren staff photograph products on their phones, and phones write the GPS position (the pesantren's, or a
student's home) and often the owner's name and the camera's serial number into the file. Renditions never carry
them (Willow writes no EXIF), but the original file is stored too, under its upload name, and is reachable by URL
on local media and on a public bucket. So ``ShopImage.save`` rewrites a new upload that carries any of it:

- EXIF: the GPS block, the camera owner's name, body and lens serial numbers; the rest (orientation, which Wagtail
  needs to turn renditions upright, colour space, exposure) is kept;
- XMP: dropped whole (it repeats the GPS position as ``exif:GPS…``; Pillow writes none unless asked).

JPEGs are re-saved with their own quantisation tables (``quality="keep"``), so the picture does not visibly change;
PNG and WebP are re-encoded losslessly / at high quality. Files without such metadata are stored untouched, and
formats Pillow cannot write back (GIF, AVIF, HEIC) are stored as uploaded (GIF has no EXIF; renditions of the
others carry none).
"""

from __future__ import annotations

import io

from PIL import Image

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
PERSONAL_EXIF_TAGS = (0xA430, 0xA431, 0xA435)  # CameraOwnerName, BodySerialNumber, LensSerialNumber
REWRITABLE = {"JPEG", "PNG", "WEBP"}


def _has_personal_data(image: Image.Image, exif: Image.Exif) -> bool:
    if exif.get_ifd(GPS_IFD) or GPS_IFD in exif:
        return True
    if any(tag in exif.get_ifd(EXIF_IFD) for tag in PERSONAL_EXIF_TAGS):
        return True
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    return bool(xmp)


def without_personal_metadata(fileobj) -> bytes | None:
    """The image's bytes without location, owner and serial-number metadata, or None when it has none (or its
    format cannot be written back): then the upload is stored as it is. Leaves ``fileobj`` at position 0."""
    fileobj.seek(0)
    try:
        with Image.open(fileobj) as image:
            if image.format not in REWRITABLE:
                return None
            exif = image.getexif()
            if not _has_personal_data(image, exif):
                return None
            exif.pop(GPS_IFD, None)
            camera = exif.get_ifd(EXIF_IFD)
            for tag in PERSONAL_EXIF_TAGS:
                camera.pop(tag, None)
            params = {"exif": exif.tobytes()}
            if image.info.get("icc_profile"):
                params["icc_profile"] = image.info["icc_profile"]
            if image.format == "JPEG":
                params.update(quality="keep", subsampling="keep")
            elif image.format == "WEBP":
                params.update(quality=95, lossless=bool(image.info.get("lossless")))
            out = io.BytesIO()
            image.save(out, format=image.format, **params)
            return out.getvalue()
    finally:
        fileobj.seek(0)
