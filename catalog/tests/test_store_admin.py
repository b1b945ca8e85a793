"""Stores: created from the admin or the command with everything they need; editors see only their own."""

import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from catalog.models import Store
from tests.factories import UserFactory, make_editor

pytestmark = pytest.mark.django_db


def store_form(**overrides):
    data = {
        "name": "Madu Sidogiri", "slug": "madu-sidogiri", "legal_seller": "Kopontren Sidogiri", "story": "",
        "logo": "", "contact_email": "madu@sidogiri.id", "whatsapp": "0812 3456 7890", "is_active": "on",
        "origin_address": "", "origin_province_code": "", "origin_regency_code": "", "origin_postcode": "",
        "low_stock_threshold": "5",
        "order_notifications": "each",
    }
    data.update(overrides)
    return data


def test_admin_creates_a_store_with_group_collection_and_storefront(client, home, chans):
    client.force_login(UserFactory(is_superuser=True))
    response = client.post(reverse("wagtailsnippets_catalog_store:add"), store_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    store = Store.objects.get(slug="madu-sidogiri")
    assert store.whatsapp == "+6281234567890"
    assert store.editors_group and store.collection
    assert store.storefront.live
    assert GroupCollectionPermission.objects.filter(group=store.editors_group, collection=store.collection).exists()
    assert GroupPagePermission.objects.filter(group=store.editors_group, page=store.storefront).exists()


def test_admin_store_form_refuses_a_bad_whatsapp_number(client, home, chans):
    client.force_login(UserFactory(is_superuser=True))
    response = client.post(reverse("wagtailsnippets_catalog_store:add"), store_form(whatsapp="12"))
    assert response.status_code == 200
    assert "Nomor WhatsApp tidak dikenali" in response.content.decode()
    assert not Store.objects.filter(slug="madu-sidogiri").exists()


def test_editor_cannot_create_a_store(client, store):
    client.force_login(make_editor(store))
    response = client.post(reverse("wagtailsnippets_catalog_store:add"), store_form())
    assert response.status_code in (302, 403)
    assert not Store.objects.filter(slug="madu-sidogiri").exists()


def test_editor_edits_their_store_but_cannot_change_its_address_or_switch_it_off(client, store):
    client.force_login(make_editor(store))
    edit = reverse("wagtailsnippets_catalog_store:edit", args=[store.pk])
    body = client.get(edit).content.decode()
    assert 'name="payout_account_number"' not in body  # bank accounts are the payout app's, with approval
    data = store_form(name="Kopi An Nur Baru", slug="dibajak", is_active="", whatsapp="081234567890")
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    store.refresh_from_db()
    assert store.name == "Kopi An Nur Baru"
    assert store.slug == "kopi-an-nur" and store.is_active


def test_create_store_command(chans, home, capsys):
    call_command("create_store", "Batik Tebuireng", legal_seller="Kopontren Tebuireng", email="b@tebuireng.id",
                 whatsapp="0813-1111-2222")
    store = Store.objects.get(slug="batik-tebuireng")
    assert store.storefront and store.editors_group
    assert "Created store Batik Tebuireng" in capsys.readouterr().out


def test_create_store_command_refuses_bad_input_with_one_line(chans, home):
    with pytest.raises(CommandError) as error:
        call_command("create_store", "Salah", legal_seller="K", email="bukan-email", whatsapp="0812-3456-7890")
    assert "contact_email" in str(error.value) and "\n" not in str(error.value)
    assert not Store.objects.filter(name="Salah").exists()


def test_create_store_command_exits_non_zero(tmp_path):
    import os

    # A throw-away SQLite file, whatever database the test run itself uses.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"OPOP_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "shop.settings.test"})
    result = subprocess.run(
        [sys.executable, "manage.py", "create_store", "X", "--legal-seller", "K", "--email", "x@x.id",
         "--whatsapp", "12"],
        capture_output=True, text=True, env=env,
    )
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0


def test_editor_sets_the_low_stock_threshold_of_their_home_and_bad_numbers_are_refused(client, store):
    client.force_login(make_editor(store))
    edit = reverse("wagtailsnippets_catalog_store:edit", args=[store.pk])
    base = {"name": store.name, "slug": store.slug, "whatsapp": "081234567890"}
    for bad in ("-1", "lima", ""):
        response = client.post(edit, store_form(**base, low_stock_threshold=bad))
        assert response.status_code == 200 and "low_stock_threshold" in response.context["form"].errors
    assert client.post(edit, store_form(**base, low_stock_threshold="12")).status_code == 302
    store.refresh_from_db()
    assert store.low_stock_threshold == 12
