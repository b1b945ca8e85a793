"""Phone photos lose their GPS position, owner name and serial numbers before anything is stored or shown."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

from cms.image_privacy import EXIF_IFD, GPS_IFD, without_personal_metadata
from tests.factories import make_editor

pytestmark = pytest.mark.django_db

ORIENTATION = 0x0112
BODY_SERIAL = 0xA431
OWNER = 0xA430
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="7,15.5S"/></rdf:RDF></x:xmpmeta>'
)


def phone_photo(fmt="JPEG", *, gps=True, size=(64, 48)) -> bytes:
    """A photo as a phone writes it: orientation, maker, GPS position, owner name, body serial number, XMP."""
    image = PILImage.new("RGB", size, (180, 120, 60))
    exif = PILImage.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "Samsung"
    if gps:
        position = exif.get_ifd(GPS_IFD)
        position.update({1: "S", 2: (7.0, 15.0, 30.0), 3: "E", 4: (112.0, 45.0, 0.0)})
        camera = exif.get_ifd(EXIF_IFD)
        camera.update({OWNER: "Ustadz Ahmad", BODY_SERIAL: "R58N123456"})
    out = io.BytesIO()
    params = {"exif": exif.tobytes()}
    if gps and fmt == "JPEG":
        params["xmp"] = XMP
    image.save(out, fmt, **params)
    return out.getvalue()


def metadata_of(data: bytes) -> dict:
    with PILImage.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        return {
            "gps": dict(exif.get_ifd(GPS_IFD)),
            "camera": dict(exif.get_ifd(EXIF_IFD)),
            "orientation": exif.get(ORIENTATION),
            "maker": exif.get(0x010F),
            "xmp": image.info.get("xmp"),
            "size": image.size,
        }


def test_an_admin_upload_is_stored_without_position_owner_or_serial(client, store):
    client.force_login(make_editor(store))
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Kopi", "alt_text": "Kopi kaleng", "tags": "",
         "file": SimpleUploadedFile("IMG_20261128.jpg", phone_photo(), content_type="image/jpeg")},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="Kopi")
    with image.open_file() as f:
        stored = f.read()
    meta = metadata_of(stored)
    assert meta["gps"] == {} and meta["xmp"] is None
    assert OWNER not in meta["camera"] and BODY_SERIAL not in meta["camera"]
    # What Wagtail needs to show it upright, and the harmless rest, stays.
    assert meta["orientation"] == 6 and meta["maker"] == "Samsung" and meta["size"] == (64, 48)
    assert image.file_size == len(stored)  # the recorded size and hash describe the stored file
    rendition = image.get_rendition("fill-32x32|format-jpeg")
    with rendition.file.open("rb") as f:
        assert metadata_of(f.read())["gps"] == {}


def test_the_multiple_upload_screen_strips_too(client, store):
    client.force_login(make_editor(store))
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("madu.jpg", phone_photo(), content_type="image/jpeg")},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    image = get_image_model().objects.get()
    with image.open_file() as f:
        assert metadata_of(f.read())["gps"] == {}


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_lose_the_position_too(fmt):
    cleaned = without_personal_metadata(io.BytesIO(phone_photo(fmt)))
    assert cleaned is not None
    meta = metadata_of(cleaned)
    assert meta["gps"] == {} and OWNER not in meta["camera"] and meta["size"] == (64, 48)


def test_a_photo_without_personal_metadata_is_stored_byte_for_byte():
    plain = phone_photo(gps=False)
    assert without_personal_metadata(io.BytesIO(plain)) is None
