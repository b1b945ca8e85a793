"""Onboarding (issue 13.6): the public application form, the curators' queue, approval and rejection."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Collection

from catalog.models import ApplicationStatus, Product, Store, StoreApplication
from catalog.services import applications
from cms.models import StorefrontPage
from tests.factories import make_curator, make_editor, make_product

pytestmark = pytest.mark.django_db

FORM_URL = "/daftar-toko/"

GOOD = {
    "pesantren_name": "Pondok Pesantren Darul Ulum",
    "cooperative_name": "Koperasi Pondok Darul Ulum",
    "legal_seller": "Koperasi Pondok Pesantren Darul Ulum",
    "contact_name": "Ustadz Ahmad",
    "email": "Koperasi@DarulUlum.example",
    "whatsapp": "0812-3456-7890",
    "products": "Kopi robusta, madu hutan",
    "nib": "9120 0012 34567",
    "halal_numbers": "ID35110000123450823\nid35110000999990823",
    "bank_name": "BSI",
    "bank_account_number": "7123-456-789",
    "bank_account_holder": "Koperasi Darul Ulum",
}


def _application(**overrides) -> StoreApplication:
    data = {**GOOD, "email": "koperasi@darululum.example", "whatsapp": "+6281234567890", "nib": "9120001234567",
            "halal_numbers": "", **overrides}
    return StoreApplication.objects.create(**data)


# --- the public form -------------------------------------------------------------------------------------------


def test_the_form_is_in_indonesian_with_a_csrf_token_and_never_cached(client, chans, home):
    response = client.get(FORM_URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Buka toko di marketplace OPOP" in body
    assert "csrfmiddlewaretoken" in body
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_good_application_is_saved_normalised_and_confirmed_by_email(
    client, chans, home, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM_URL, GOOD)
    assert response.status_code == 302 and response["Location"] == reverse("opop_store_application_sent")
    application = StoreApplication.objects.get()
    assert application.status == ApplicationStatus.PENDING
    assert application.email == "koperasi@darululum.example"
    assert application.whatsapp == "+6281234567890"
    assert application.nib == "9120001234567"
    assert application.halal_numbers == "ID35110000123450823\nID35110000999990823"
    assert application.bank_account_number == "7123456789"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["koperasi@darululum.example"]
    assert "Pondok Pesantren Darul Ulum" in message.subject and "Kami menerima" in message.subject
    assert "Koperasi Darul Ulum" in message.body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nib", "12345", "NIB (nomor berusaha dari OSS) terdiri dari 13 angka"),
        ("nib", "", "harus diisi"),
        ("whatsapp", "031-5678901", "telepon rumah"),
        ("whatsapp", "bukan nomor", "WhatsApp"),
        ("halal_numbers", "ID35110000123450823, HALAL-123", "HALAL-123"),
        ("email", "bukan-email", "alamat email yang valid"),
        ("bank_account_number", "12ab", "5 sampai 20 angka"),
        ("bank_name", "", "harus diisi"),
        ("pesantren_name", "", "harus diisi"),
    ],
)
def test_bad_input_shows_an_indonesian_error_and_saves_nothing(client, chans, home, field, value, message):
    response = client.post(FORM_URL, {**GOOD, field: value})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Perbaiki isian yang ditandai" in body
    assert message.lower() in body.lower(), body[body.find('class="error"') - 200:][:600]
    assert not StoreApplication.objects.exists()
    assert not mail.outbox


def test_a_second_pending_application_with_the_same_email_is_refused(client, chans, home):
    _application()
    response = client.post(FORM_URL, {**GOOD, "email": "KOPERASI@darululum.example"})
    assert "sudah menunggu ditinjau" in response.content.decode()
    assert StoreApplication.objects.count() == 1


def test_the_honeypot_pretends_success_and_saves_nothing(client, chans, home):
    response = client.post(FORM_URL, {**GOOD, "website": "https://spam.example"})
    assert response.status_code == 302
    assert not StoreApplication.objects.exists() and not mail.outbox


def test_a_flood_from_one_address_is_refused_with_429(client, chans, home):
    for n in range(applications.SUBMISSIONS.limit):
        assert client.post(FORM_URL, {**GOOD, "email": f"koperasi{n}@example.id"}).status_code == 302
    response = client.post(FORM_URL, {**GOOD, "email": "lagi@example.id"})
    assert response.status_code == 429
    assert "Terlalu banyak pendaftaran" in response.content.decode()
    assert StoreApplication.objects.count() == applications.SUBMISSIONS.limit


def test_the_form_refuses_a_post_without_csrf_token(chans, home):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(FORM_URL, GOOD)
    assert response.status_code == 403
    assert not StoreApplication.objects.exists()


# --- the review queue ------------------------------------------------------------------------------------------


def _approve(client, application, slug="darul-ulum"):
    return client.post(reverse("catalog_applications:approve", args=[application.pk]), {"slug": slug})


def test_curator_lists_and_opens_pending_applications(client, chans, home):
    application = _application()
    client.force_login(make_curator())
    listing = client.get(reverse("catalog_applications:list")).content.decode()
    assert "Pondok Pesantren Darul Ulum" in listing
    detail = client.get(reverse("catalog_applications:detail", args=[application.pk])).content.decode()
    assert "9120001234567" in detail and "Setujui dan buat toko" in detail


def test_approval_provisions_the_store_and_emails_a_one_time_set_password_link(
    client, chans, home, django_capture_on_commit_callbacks
):
    application = _application()
    curator = make_curator()
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = _approve(client, application)
    assert response.status_code == 302
    store = Store.objects.get(slug="darul-ulum")
    assert store.name == "Pondok Pesantren Darul Ulum" and store.whatsapp == "+6281234567890"
    assert store.editors_group and store.collection
    assert StorefrontPage.objects.filter(store=store, live=True).exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED and application.store == store
    assert application.reviewed_by == curator
    editor = get_user_model().objects.get(username="koperasi@darululum.example")
    assert not editor.has_usable_password()
    assert list(editor.groups.all()) == [store.editors_group]

    message = mail.outbox[-1]
    assert message.to == ["koperasi@darululum.example"] and "atur kata sandi" in message.subject
    link = re.search(r"http\S+/daftar-toko/kata-sandi/\S+/", message.body).group(0)
    path = link.split("127.0.0.1:8000", 1)[-1] if "127.0.0.1:8000" in link else link
    client.logout()
    form_page = client.get(path, follow=True)
    assert "Atur kata sandi" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    done = client.post(set_url, {"new_password1": "Kopi-Robusta-2026", "new_password2": "Kopi-Robusta-2026"})
    assert done.status_code == 302 and done["Location"] == reverse("opop_set_password_done")
    # The link works once.
    again = client.get(path, follow=True).content.decode()
    assert "kedaluwarsa" in again

    signed_in = client.post(
        "/admin/login/", {"username": "koperasi@darululum.example", "password": "Kopi-Robusta-2026"}, follow=True
    )
    assert signed_in.wsgi_request.user == editor
    assert "Siapkan Pondok Pesantren Darul Ulum untuk buka" in signed_in.content.decode()


def test_the_new_editor_is_scoped_to_their_store_only(client, chans, home, other_store):
    application = _application()
    store = applications.approve_application(application.pk, make_curator(), slug="darul-ulum")
    foreign = make_product(other_store, "Batik Rahasia", slug="batik-rahasia", sku="BATIK-RAHASIA")
    editor = get_user_model().objects.get(username="koperasi@darululum.example")
    client.force_login(editor)
    assert client.get(reverse("wagtailsnippets_catalog_store:edit", args=[store.pk])).status_code == 200
    refused = client.get(reverse("wagtailsnippets_catalog_product:edit", args=[foreign.pk]))
    assert refused.status_code in (302, 403, 404)
    assert "Batik Rahasia" not in client.get(reverse("wagtailsnippets_catalog_product:list")).content.decode()
    assert client.get(reverse("catalog_applications:list")).status_code == 403


def test_approving_twice_says_so_and_changes_nothing(client, chans, home):
    application = _application()
    client.force_login(make_curator())
    _approve(client, application)
    stores = Store.objects.count()
    response = _approve(client, application, slug="darul-ulum-2")
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("sudah ditinjau" in m for m in messages), messages
    assert Store.objects.count() == stores


def _nothing_created(before_groups, before_collections):
    assert not Store.objects.filter(slug__startswith="darul-ulum").exists()
    assert Group.objects.count() == before_groups and Collection.objects.count() == before_collections
    assert not get_user_model().objects.filter(email="koperasi@darululum.example").exists()


def test_a_taken_slug_is_refused_with_a_message_and_nothing_half_done(client, chans, home, store):
    application = _application()
    client.force_login(make_curator())
    groups, collections = Group.objects.count(), Collection.objects.count()
    response = _approve(client, application, slug=store.slug)
    assert response.status_code == 400
    assert f"/{store.slug}/ sudah dipakai" in response.content.decode()
    _nothing_created(groups, collections)
    application.refresh_from_db()
    assert application.is_pending


def test_a_slug_taken_by_a_page_rolls_the_whole_approval_back(client, chans, home):
    from cms.models import ContentPage

    home.add_child(instance=ContentPage(title="Tentang", slug="darul-ulum"))
    application = _application()
    curator = make_curator()
    groups, collections = Group.objects.count(), Collection.objects.count()
    with pytest.raises(ValidationError):
        applications.approve_application(application.pk, curator, slug="darul-ulum")
    _nothing_created(groups, collections)


def test_an_email_that_already_has_an_account_is_refused(client, chans, home, store):
    get_user_model().objects.create_user("lama", email="koperasi@darululum.example")
    application = _application()
    client.force_login(make_curator())
    groups, collections = Group.objects.count(), Collection.objects.count()
    response = _approve(client, application)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("sudah ada" in m for m in messages), messages
    assert not Store.objects.filter(slug="darul-ulum").exists()
    assert Group.objects.count() == groups and Collection.objects.count() == collections
    application.refresh_from_db()
    assert application.is_pending


def test_rejection_emails_the_reason(client, chans, home, django_capture_on_commit_callbacks):
    application = _application()
    client.force_login(make_curator())
    url = reverse("catalog_applications:reject", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "NIB belum terdaftar di OSS atas nama koperasi."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    message = mail.outbox[-1]
    assert message.to == ["koperasi@darululum.example"] and "tidak disetujui" in message.subject
    assert "NIB belum terdaftar di OSS atas nama koperasi." in message.body
    assert "/daftar-toko/" in message.body  # where to apply again
    assert not Store.objects.filter(slug="darul-ulum").exists()


def test_rejection_without_a_reason_is_refused(client, chans, home):
    application = _application()
    client.force_login(make_curator())
    response = client.post(reverse("catalog_applications:reject", args=[application.pk]), {"reason": "  "})
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.is_pending and not mail.outbox


def test_store_editors_get_403_and_products_are_untouched(client, chans, home, store):
    application = _application()
    make_product(store, "Kopi", slug="kopi", sku="KOPI-1")
    client.force_login(make_editor(store))
    for name in ("list",):
        assert client.get(reverse(f"catalog_applications:{name}")).status_code == 403
    assert client.get(reverse("catalog_applications:detail", args=[application.pk])).status_code == 403
    assert _approve(client, application).status_code == 403
    application.refresh_from_db()
    assert application.is_pending and Product.objects.count() == 1


def test_a_weak_or_mismatched_password_is_refused_in_indonesian_and_not_set(client, chans, home):
    from catalog.tasks import set_password_url

    application = _application()
    applications.approve_application(application.pk, make_curator(), slug="darul-ulum")
    editor = get_user_model().objects.get(username="koperasi@darululum.example")
    form_page = client.get(set_password_url(editor).split("127.0.0.1:8000", 1)[-1], follow=True)
    set_url = form_page.redirect_chain[-1][0]
    for first, second in (("Kopi-Robusta-2026", "Kopi-Robusta-2027"), ("123", "123")):
        response = client.post(set_url, {"new_password1": first, "new_password2": second})
        body = response.content.decode()
        assert response.status_code == 200 and "Kata sandi Anda belum diatur" in body
        editor.refresh_from_db()
        assert not editor.has_usable_password()
