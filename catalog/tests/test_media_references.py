"""A store's objects use only its own images and documents (``catalog.media_scoping``).

Attack: the editor of store A knows (ids are sequential) the id of store B's image or document and submits it as
their store's logo, their storefront's logo, banner or gallery image, an image inside rich text, or their product's
halal certificate. Each is refused in the form with a message, and nothing is saved.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from catalog.media_scoping import FOREIGN_MEDIA_MESSAGE
from catalog.tests.test_product_admin import product_data
from catalog.tests.test_store_admin import store_form
from cms.models import ContentPage, StorefrontPage
from tests.factories import make_editor
from tests.i18n import shown

pytestmark = pytest.mark.django_db

REFUSED = shown(FOREIGN_MEDIA_MESSAGE)


def image_in(collection, title="Foto"):
    return get_image_model().objects.create(title=title, file=get_test_image_file(), collection=collection)


def document_in(collection, title="Sertifikat"):
    document = get_document_model()(title=title, collection=collection)
    document.file.save("sertifikat.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    return document


def refused(response) -> bool:
    return response.status_code == 200 and REFUSED in response.content.decode()


def storefront_data(page, **fields):
    data = {
        "title": page.title, "slug": page.slug, "tagline": "", "body": streamfield([]), "theme": page.theme,
        "primary_colour": "", "accent_colour": "", "font": "", "logo": "", "banner": "", "seo_title": "",
        "search_description": "", "go_live_at": "", "expire_at": "", "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


@pytest.fixture
def editor(client, store):
    client.force_login(make_editor(store))
    return client


def test_store_logo_from_another_store_is_refused(editor, store, other_store):
    theirs = image_in(other_store.collection)
    edit = reverse("wagtailsnippets_catalog_store:edit", args=[store.pk])
    data = store_form(name=store.name, slug=store.slug, logo=theirs.pk)
    assert refused(editor.post(edit, data))
    store.refresh_from_db()
    assert store.logo_id is None
    mine = image_in(store.collection)
    assert editor.post(edit, store_form(name=store.name, slug=store.slug, logo=mine.pk)).status_code == 302
    store.refresh_from_db()
    assert store.logo_id == mine.pk


def test_product_halal_certificate_from_another_store_is_refused(editor, store, other_store):
    add = reverse("wagtailsnippets_catalog_product:add")
    response = editor.post(add, product_data(halal_certificate=document_in(other_store.collection).pk))
    assert refused(response)
    mine = document_in(store.collection)
    assert editor.post(add, product_data(halal_certificate=mine.pk)).status_code == 302


def test_product_photo_from_another_store_is_refused_for_an_editor(editor, other_store):
    theirs = image_in(other_store.collection)
    data = product_data(images=[{"image": theirs.pk, "alt_text": "Foto"}])
    response = editor.post(reverse("wagtailsnippets_catalog_product:add"), data)
    assert "Pilih foto dari koleksi toko Anda sendiri" in response.content.decode()


@pytest.mark.parametrize("field", ["logo", "banner"])
def test_storefront_logo_and_banner_from_another_store_are_refused(editor, store, other_store, field):
    page = StorefrontPage.objects.get(store=store)
    theirs = image_in(other_store.collection)
    response = editor.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), storefront_data(page, **{field: theirs.pk}))
    assert refused(response)
    page.refresh_from_db()
    assert getattr(page, f"{field}_id") is None
    assert page.get_latest_revision().content.get(f"{field}") is None


def test_storefront_gallery_block_with_another_stores_image_is_refused(editor, store, other_store):
    page = StorefrontPage.objects.get(store=store)
    theirs = image_in(other_store.collection)
    body = streamfield([("gallery", {"heading": "Galeri", "images": _list_block([{"image": theirs.pk, "caption": ""}])})])
    response = editor.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), storefront_data(page, body=body))
    assert refused(response)
    mine = image_in(store.collection)
    body = streamfield([("gallery", {"heading": "Galeri", "images": _list_block([{"image": mine.pk, "caption": ""}])})])
    response = editor.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), storefront_data(page, body=body))
    assert response.status_code == 302, response.content.decode()[:3000]


def _list_block(items):
    data = {"count": len(items)}
    for index, item in enumerate(items):
        data[str(index)] = {"value": item, "deleted": "", "order": str(index), "id": f"item-{index}"}
    return data


def test_new_content_page_with_another_stores_image_in_rich_text_is_refused(editor, store, other_store):
    theirs = image_in(other_store.collection)
    parent = StorefrontPage.objects.get(store=store)
    embed = f'<embed embedtype="image" id="{theirs.pk}" format="fullwidth" alt="x"/>'
    data = nested_form_data({
        "title": "Tentang kami", "slug": "tentang", "body": rich_text(f"<p>Halo</p>{embed}"),
        "sections": streamfield([]), "seo_title": "", "search_description": "", "go_live_at": "", "expire_at": "",
        "comments": inline_formset([]),
    })
    response = editor.post(reverse("wagtailadmin_pages:add", args=["cms", "contentpage", parent.pk]), data)
    assert refused(response)
    assert not ContentPage.objects.filter(slug="tentang").exists()


def test_superuser_may_use_the_shared_library_but_not_another_stores_image(client, store, other_store, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.id", "pw-root-123"))
    edit = reverse("wagtailsnippets_catalog_store:edit", args=[store.pk])
    shared = image_in(Collection.get_first_root_node())
    assert client.post(edit, store_form(name=store.name, slug=store.slug, logo=shared.pk)).status_code == 302
    theirs = image_in(other_store.collection)
    assert refused(client.post(edit, store_form(name=store.name, slug=store.slug, logo=theirs.pk)))


def test_image_in_a_sub_collection_of_the_store_is_the_stores(editor, store):
    sub = store.collection.add_child(name="Logo")
    mine = image_in(sub)
    edit = reverse("wagtailsnippets_catalog_store:edit", args=[store.pk])
    assert editor.post(edit, store_form(name=store.name, slug=store.slug, logo=mine.pk)).status_code == 302


def test_document_chooser_lists_only_the_editors_documents(editor, store, other_store):
    document_in(store.collection, "Sertifikat punya A")
    document_in(other_store.collection, "Sertifikat rahasia B")
    body = editor.get(reverse("wagtaildocs_chooser:choose")).content.decode()
    assert "Sertifikat punya A" in body and "Sertifikat rahasia B" not in body
