"""Photo coaching: each check tells a good product photo from a poor one on generated images, the upload keeps
the report (advice, never a refusal), and the editor reads it in the admin, in their language."""

import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFilter

from catalog.models import ProductImage
from cms import photo_checks
from cms.models import ShopImage
from tests.factories import make_editor, make_product

TAN = (235, 230, 220)


def product_photo(size=(1200, 1200), centre=(0.5, 0.5), light=1.0, background=TAN, busy=False, blur=0):
    """A can-shaped product with a label on a plain table top, like the programme's training photos."""
    picture = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(picture)
    width, height = size
    if busy:
        rnd = random.Random(1)
        for _ in range(400):
            x, y = rnd.randrange(width), rnd.randrange(height)
            colour = tuple(rnd.randrange(256) for _ in range(3))
            draw.rectangle((x, y, x + rnd.randrange(10, 60), y + rnd.randrange(10, 60)), fill=colour)
    cx, cy, r = int(centre[0] * width), int(centre[1] * height), int(min(size) * 0.22)
    draw.rounded_rectangle((cx - r, cy - int(r * 1.4), cx + r, cy + int(r * 1.4)), 30, fill=(150, 40, 30),
                           outline=(20, 20, 20), width=8)
    for i in range(8):
        draw.text((cx - r + 30, cy - r + i * 40), "KOPI ROBUSTA DAMPIT", fill=(255, 255, 255))
    draw.rectangle((cx - r + 20, cy + 20, cx + r - 20, cy + 60), fill=(240, 200, 40))
    if light != 1.0:
        picture = picture.point(lambda v: max(0, min(255, int(v * light))))
    if blur:
        picture = picture.filter(ImageFilter.GaussianBlur(blur))
    return picture


def jpeg(picture) -> bytes:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)
    return out.getvalue()


def report_of(picture):
    return photo_checks.assess(io.BytesIO(jpeg(picture)), *picture.size)


def scores(report):
    return {check.name: check.score for check in report.checks}


def failing(report):
    return {check.name for check in report.checks if check.advice}


def test_a_sharp_well_lit_centred_photo_passes_every_check():
    report = report_of(product_photo())
    assert failing(report) == set() and report.score >= 95


@pytest.mark.parametrize(("photo", "check"), [
    (product_photo(size=(600, 600)), "size"),
    (product_photo(light=0.25), "exposure"),
    (product_photo(background=(255, 255, 255), light=1.6), "exposure"),
    (product_photo(blur=4), "sharpness"),
    (product_photo(centre=(0.2, 0.25)), "framing"),
    (product_photo(busy=True), "background"),
    (product_photo(size=(2400, 1000)), "card_shape"),
], ids=["small", "dark", "washed-out", "blurred", "off-centre", "busy", "wide"])
def test_each_fault_is_caught_by_its_own_check_and_only_that_one(photo, check):
    report = report_of(photo)
    assert failing(report) == {check}
    assert report.score < report_of(product_photo()).score


def test_sharpness_falls_as_the_blur_grows():
    sharp, slight, heavy = (scores(report_of(product_photo(blur=b)))["sharpness"] for b in (0, 4, 8))
    assert sharp == 100 and sharp > slight > heavy and heavy < photo_checks.PASS


def test_the_size_advice_names_the_shorter_side(settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        advice = report_of(product_photo(size=(800, 600))).advice
    assert any("600 px" in line for line in advice)


@pytest.mark.django_db
def test_a_dark_blurred_upload_is_kept_with_advice_the_editor_reads_in_indonesian(client, store):
    editor = make_editor(store)
    client.force_login(editor)
    upload = SimpleUploadedFile("kopi.jpg", jpeg(product_photo(light=0.25, blur=4)), content_type="image/jpeg")
    response = client.post(reverse("wagtailimages:add"), {"title": "Kopi gelap", "file": upload,
                                                         "collection": store.collection_id})
    assert response.status_code == 302, response.content.decode()[:2000]
    image = ShopImage.objects.get(title="Kopi gelap")
    assert failing(image.photo_report) == {"exposure", "sharpness"}
    html = client.get(reverse("wagtailimages:edit", args=[image.pk])).content.decode()
    assert "Saran foto" in html and f"Skor foto: {image.photo_score}/100" in html
    assert "Foto terlalu gelap" in html and "Foto buram" in html


@pytest.mark.django_db
def test_replacing_the_photo_with_a_good_one_raises_the_product_score(client, store):
    client.force_login(make_editor(store))
    product = make_product(store, "Kopi Robusta", slug="kopi-robusta")
    poor = ShopImage.objects.create(title="buram", file=SimpleUploadedFile("a.jpg", jpeg(product_photo(blur=6))),
                                    collection_id=store.collection_id)
    item = ProductImage.objects.create(product=product, image=poor, alt_text="Kopi")
    edit = reverse("wagtailsnippets_catalog_product:edit", args=[product.pk])
    before = client.get(edit).content.decode()
    assert f'data-photo-score="{poor.photo_score}"' in before and "Foto buram" in before
    good = ShopImage.objects.create(title="tajam", file=SimpleUploadedFile("b.jpg", jpeg(product_photo())),
                                    collection_id=store.collection_id)
    item.image = good
    item.save()
    after = client.get(edit).content.decode()
    assert good.photo_score > poor.photo_score
    assert f'data-photo-score="{good.photo_score}"' in after and "Foto buram" not in after


@pytest.mark.django_db
def test_the_seller_home_lists_products_whose_photos_need_work_weakest_first(client, store, other_store):
    client.force_login(make_editor(store))
    blurred = make_product(store, "Kopi Buram", slug="kopi-buram")
    sharp = make_product(store, "Kopi Tajam", slug="kopi-tajam")
    theirs = make_product(other_store, "Madu Buram", slug="madu-buram")
    for product, photo in ((blurred, product_photo(blur=6)), (sharp, product_photo()), (theirs, product_photo(blur=6))):
        image = ShopImage.objects.create(title=product.slug, file=SimpleUploadedFile("p.jpg", jpeg(photo)),
                                         collection_id=product.store.collection_id)
        ProductImage.objects.create(product=product, image=image, alt_text=product.title)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Foto yang perlu diperbaiki" in html and "Kopi Buram" in html
    assert "Kopi Tajam" not in html.split("opop-weak-photos")[1] and "Madu Buram" not in html
