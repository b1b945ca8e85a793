"""Uploads are bounded and the server never decodes an oversized original (issue 10, finding 5).

Attack: an editor uploads an 11,000 × 11,000 PNG of 15 KB (121 million pixels, over a gigabyte decoded), and a
40 MB document. Every upload path refuses them with a message in Indonesian: the image form, multiple upload and
the chooser's upload tab, for images and documents. An oversized image already stored (from before the limit) is
never decoded by an admin page, the chooser or a storefront: patched Pillow refuses to decode during those requests.
"""

import io
import json

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from PIL import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from tests.factories import make_editor

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
TOO_MANY_PIXELS = "terlalu banyak piksel"  # Indonesian: the admin's language for an editor without a preference
TOO_BIG = "terlalu besar"


def bomb_png() -> bytes:
    """11,000 × 11,000 pixels in about 15 KB: a 1-bit image of one colour compresses to almost nothing."""
    buffer = io.BytesIO()
    PILImage.new("1", (11_000, 11_000), 0).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb():
    data = bomb_png()
    assert len(data) < 20_000
    return data


@pytest.fixture
def editor(client, store):
    client.force_login(make_editor(store))
    return client


def image_upload(name, content):
    return SimpleUploadedFile(name, content, content_type="image/png")


def test_pillow_refuses_what_wagtail_refuses():
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert PILImage.MAX_IMAGE_PIXELS == settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS


def test_the_bomb_is_refused_by_the_image_form(editor, bomb):
    response = editor.post(reverse("wagtailimages:add"), {
        "title": "bom", "file": image_upload("bom.png", bomb), "tags": "", "alt_text": "x",
    })
    assert response.status_code == 200
    assert TOO_MANY_PIXELS in response.content.decode()
    assert not get_image_model().objects.exists()


def test_the_bomb_is_refused_by_multiple_upload(editor, bomb):
    response = editor.post(reverse("wagtailimages:add_multiple"), {"files[]": image_upload("bom.png", bomb)})
    data = json.loads(response.content)
    assert data["success"] is False and TOO_MANY_PIXELS in data["error_message"]
    assert not get_image_model().objects.exists()


def test_the_bomb_is_refused_by_the_chooser_upload(editor, bomb):
    response = editor.post(reverse("wagtailimages_chooser:create"), {
        "image-chooser-upload-title": "bom", "image-chooser-upload-file": image_upload("bom.png", bomb),
        "image-chooser-upload-tags": "", "image-chooser-upload-alt_text": "x",
    })
    assert TOO_MANY_PIXELS in response.content.decode()
    assert not get_image_model().objects.exists()


def test_an_image_just_under_the_limit_is_accepted(editor):
    buffer = io.BytesIO()
    PILImage.new("1", (6_000, 6_000), 0).save(buffer, "PNG", optimize=True)
    response = editor.post(reverse("wagtailimages:add"), {
        "title": "besar", "file": image_upload("besar.png", buffer.getvalue()), "tags": "", "alt_text": "x",
    })
    assert response.status_code == 302
    assert get_image_model().objects.get().width == 6_000


def document_upload(size):
    return SimpleUploadedFile("sertifikat.pdf", b"%PDF-1.4\n" + b"0" * (size - 9), content_type="application/pdf")


def test_a_40_mb_document_is_refused(editor):
    response = editor.post(reverse("wagtaildocs:add"), {"title": "besar", "file": document_upload(40 * MB), "tags": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert TOO_BIG in body
    assert "Ekstensi berkas" not in body  # no second, misleading error about the (empty) file's extension
    assert not get_document_model().objects.exists()


def test_an_oversized_document_is_refused_by_multiple_upload_and_the_chooser(editor):
    size = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE + 1
    response = editor.post(reverse("wagtaildocs:add_multiple"), {"files[]": document_upload(size)})
    data = json.loads(response.content)
    assert data["success"] is False and TOO_BIG in data["error_message"]
    response = editor.post(reverse("wagtaildocs_chooser:create"), {
        "document-chooser-upload-title": "besar", "document-chooser-upload-file": document_upload(size),
        "document-chooser-upload-tags": "",
    })
    assert TOO_BIG in response.content.decode()
    assert not get_document_model().objects.exists()


def test_a_document_within_the_limit_is_accepted(editor):
    response = editor.post(reverse("wagtaildocs:add"), {"title": "ok", "file": document_upload(MB), "tags": ""})
    assert response.status_code == 302


# --- an oversized original already stored -------------------------------------------------------------------------


@pytest.fixture
def stored_bomb(store, bomb):
    """An image row whose original is the bomb, as if uploaded before the limit existed."""
    image = get_image_model().objects.create(
        title="Bom lama", file=get_test_image_file(), collection=store.collection, alt_text="bom"
    )
    name = image.file.storage.save("original_images/bom-lama.png", ContentFile(bomb))
    get_image_model().objects.filter(pk=image.pk).update(file=name, width=11_000, height=11_000)
    # A fresh load, not refresh_from_db(): Django re-reads the dimensions of a file assigned to a loaded instance,
    # and Pillow refuses even the header of an image above twice its limit.
    return get_image_model().objects.get(pk=image.pk)


@pytest.fixture
def no_decoding(monkeypatch):
    """Any decode of image data during the test is a failure."""
    decoded = []

    def refuse(self, *args, **kwargs):
        decoded.append(self.size)
        raise AssertionError(f"an image of {self.size} was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)
    return decoded


def test_admin_pages_never_decode_an_oversized_original(editor, stored_bomb, no_decoding):
    for url in (
        reverse("wagtailimages:index"),
        reverse("wagtailimages:edit", args=[stored_bomb.pk]),
        reverse("wagtailimages:delete", args=[stored_bomb.pk]),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtailimages_chooser:chosen", args=[stored_bomb.pk]),
    ):
        response = editor.get(url)
        assert response.status_code == 200, url
    preview = editor.get(reverse("wagtailimages:preview", args=[stored_bomb.pk, "max-165x165"]))
    assert preview.status_code == 404
    assert no_decoding == []
    assert not stored_bomb.renditions.exists()


def test_storefront_showing_an_oversized_logo_does_not_decode_it(client, store, stored_bomb, no_decoding):
    page = store.storefront
    page.logo = stored_bomb
    page.save_revision().publish()
    response = client.get(page.url)
    assert response.status_code == 200
    assert no_decoding == []


def test_surprise_wagtail_makes_admin_thumbnails_from_the_original_on_a_get(editor, store):
    """Wagtail's image listing renders ``max-165x165`` renditions while answering the GET, decoding each original
    the first time: this is why an original above the limit must never reach the decoder."""
    image = get_image_model().objects.create(title="Kopi", file=get_test_image_file(), collection=store.collection)
    assert not image.renditions.exists()
    editor.get(reverse("wagtailimages:index"))
    assert image.renditions.filter(filter_spec="max-165x165").exists()
