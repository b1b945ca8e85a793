"""Wagtail admin views that store scoping narrows or replaces (``catalog.admin_guards``), attacked one by one.

The permission matrix (``tests/test_permission_matrix.py``) GETs every admin URL; these tests show each door with
the request an attacker would send, the refusal, and that the editor's own work still goes through.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import checks
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.log_actions import log
from wagtail.models import Page

from checkout.models import Voucher
from cms.models import ContentPage
from tests.factories import make_curator, make_editor, make_product

pytestmark = pytest.mark.django_db


def voucher(store, chans, code):
    return Voucher.objects.create(
        store=store, code=code, kind="fixed", value=Decimal(5000), channel=chans["indonesia"],
        ends_at=timezone.now() + timedelta(days=30),
    )


def image_in(collection, title):
    return get_image_model().objects.create(title=title, file=get_test_image_file(), collection=collection)


def bulk_url(app_label, model_name, action):
    return reverse("wagtail_bulk_action", args=[app_label, model_name, action])


def test_bulk_delete_confirmation_of_another_stores_voucher_is_404_on_get(client, store, other_store, chans):
    theirs = voucher(other_store, chans, "RAHASIA-B")
    client.force_login(make_editor(store))
    response = client.get(bulk_url("checkout", "voucher", "delete") + f"?id={theirs.pk}")
    assert response.status_code == 404
    assert "RAHASIA-B" not in response.content.decode()


def test_bulk_confirmation_with_mixed_ids_names_only_the_editors_own(client, store, other_store, chans):
    mine, theirs = voucher(store, chans, "PUNYA-A"), voucher(other_store, chans, "RAHASIA-B")
    client.force_login(make_editor(store))
    url = bulk_url("checkout", "voucher", "delete")
    body = client.get(url + f"?id={mine.pk}&id={theirs.pk}").content.decode()
    assert "PUNYA-A" in body and "RAHASIA-B" not in body
    everything = client.get(url + "?id=all").content.decode()
    assert "PUNYA-A" in everything and "RAHASIA-B" not in everything


def test_editor_still_bulk_deletes_their_own_vouchers_and_never_another_stores(client, store, other_store, chans):
    mine, theirs = voucher(store, chans, "PUNYA-A"), voucher(other_store, chans, "RAHASIA-B")
    client.force_login(make_editor(store))
    response = client.post(bulk_url("checkout", "voucher", "delete") + f"?id={mine.pk}&id={theirs.pk}")
    assert response.status_code == 302
    assert not Voucher.objects.filter(pk=mine.pk).exists()
    assert Voucher.objects.filter(pk=theirs.pk).exists()


def test_bulk_page_actions_do_not_name_another_stores_draft(client, store, other_store):
    draft = other_store.storefront.add_child(instance=ContentPage(title="Draf rahasia B", slug="draf", live=False))
    client.force_login(make_editor(store))
    for action in ("delete", "move", "publish", "unpublish"):
        response = client.get(bulk_url("wagtailcore", "page", action) + f"?id={draft.pk}")
        assert response.status_code == 404, action
        listing = client.get(bulk_url("wagtailcore", "page", action) + f"?id=all&childOf={other_store.storefront.pk}")
        assert "Draf rahasia B" not in listing.content.decode(), action


def test_page_chooser_refuses_to_open_another_stores_draft_as_parent(client, store, other_store):
    draft = other_store.storefront.add_child(instance=ContentPage(title="Draf rahasia B", slug="draf", live=False))
    client.force_login(make_editor(store))
    response = client.get(reverse("wagtailadmin_choose_page_child", args=[draft.pk]))
    assert response.status_code == 404
    assert "Draf rahasia B" not in response.content.decode()
    assert client.get(reverse("wagtailadmin_choose_page_child", args=[other_store.storefront.pk])).status_code == 404
    assert client.get(reverse("wagtailadmin_choose_page_child", args=[store.storefront.pk])).status_code == 200


def test_site_history_lists_only_the_editors_store(client, store, other_store, chans):
    mine, theirs = make_product(store, "Kopi punya A"), make_product(other_store, "Batik rahasia B")
    log(voucher(other_store, chans, "RAHASIA-B"), "wagtail.create")
    client.force_login(make_editor(store))
    body = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert mine.title in body
    assert theirs.title not in body and "RAHASIA-B" not in body
    export = client.get(reverse("wagtailadmin_reports:site_history") + "?export=csv")
    assert b"Batik rahasia B" not in b"".join(export.streaming_content if export.streaming else [export.content])


def test_site_history_user_filter_does_not_name_another_stores_editor(client, store, other_store):
    product = make_product(other_store, "Batik B")
    product.save_revision(user=make_editor(other_store, username="editor-rahasia-b"))
    client.force_login(make_editor(store))
    assert "editor-rahasia-b" not in client.get(reverse("wagtailadmin_reports:site_history")).content.decode()


def test_curator_site_history_still_shows_every_stores_products(client, store, other_store):
    make_product(store, "Kopi A")
    make_product(other_store, "Batik B")
    client.force_login(make_curator())
    body = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Kopi A" in body and "Batik B" in body


def test_page_types_usage_names_the_editors_own_draft_not_another_stores(client, store, other_store):
    client.force_login(make_editor(store))
    url = reverse("wagtailadmin_reports:page_types_usage")
    store.storefront.add_child(instance=ContentPage(title="Draf punya A", slug="draf-a", live=False))
    assert "Draf punya A" in client.get(url).content.decode()
    other_store.storefront.add_child(instance=ContentPage(title="Draf rahasia B", slug="draf-b", live=False))
    body = client.get(url).content.decode()
    assert "Draf rahasia B" not in body


def test_tag_autocomplete_and_popular_tags_show_only_the_editors_collections(client, store, other_store):
    image_in(store.collection, "A").tags.add("kopi-arabika")
    image_in(other_store.collection, "B").tags.add("pemasok-rahasia")
    client.force_login(make_editor(store))
    assert client.get(reverse("wagtailadmin_tag_autocomplete") + "?term=pemasok").json() == []
    assert client.get(reverse("wagtailadmin_tag_autocomplete") + "?term=kopi").json() == ["kopi-arabika"]
    for name in ("wagtailimages:index", "wagtailimages_chooser:choose"):
        body = client.get(reverse(name)).content.decode()
        assert "kopi-arabika" in body and "pemasok-rahasia" not in body, name


def test_product_search_in_the_admin_answers(client, store):
    make_product(store, "Kopi Robusta Ijen")
    client.force_login(make_editor(store))
    response = client.get(reverse("wagtailsnippets_catalog_product:list") + "?q=robusta")
    assert response.status_code == 200
    assert "Kopi Robusta Ijen" in response.content.decode()


def test_system_check_fails_without_the_admin_scope_middleware(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "catalog.middleware.AdminScopeMiddleware"]
    errors = [e for e in checks.run_checks(tags=[checks.Tags.security]) if e.id == "catalog.E001"]
    assert errors


def test_superuser_bulk_confirmation_is_unchanged(client, store, other_store, chans, django_user_model):
    theirs = voucher(other_store, chans, "RAHASIA-B")
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.id", "pw-root-123"))
    body = client.get(bulk_url("checkout", "voucher", "delete") + f"?id={theirs.pk}").content.decode()
    assert "RAHASIA-B" in body
    assert Page.objects.filter(pk=other_store.storefront.pk).exists()


def test_locked_pages_and_workflow_reports_do_not_name_another_stores_editors(client, store, other_store):
    theirs = make_editor(other_store, username="editor-rahasia-b")
    draft = other_store.storefront.add_child(instance=ContentPage(title="Draf B", slug="draf-b", live=False))
    draft.save_revision(user=theirs)
    workflow = draft.get_workflow()
    if workflow is not None:
        workflow.start(draft, theirs)
    ContentPage.objects.filter(pk=draft.pk).update(locked=True, locked_by=theirs, locked_at=timezone.now())
    client.force_login(make_editor(store))
    for name in ("wagtailadmin_reports:locked_pages", "wagtailadmin_reports:workflow"):
        assert "editor-rahasia-b" not in client.get(reverse(name)).content.decode(), name
