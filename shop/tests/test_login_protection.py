"""Brute-force protection of the admin sign-in (issue 10, finding 4), attacked as reported.

Attack: 40 wrong admin passwords in 16 s, then the right one, which worked. Now the right password is refused
(429, with the reason) until the lockout ends (time-machine moves the clock), per account and address, per address
and per account; the lock cannot be stretched by hammering it, and a password reset lets the owner in at once.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from axes.exceptions import AxesBackendRequestParameterRequired
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from catalog.throttle import client_address
from shop.login_protection import LOCKED_MESSAGE
from tests.factories import UserFactory
from tests.i18n import shown

pytestmark = pytest.mark.django_db

LOGIN = reverse("wagtailadmin_login")
RIGHT = "pw-test-123"
LOCKED = shown(LOCKED_MESSAGE, minutes=15)


@pytest.fixture
def admin_user():
    return UserFactory(username="admin", email="admin@example.id", is_superuser=True, is_staff=True)


def sign_in(client, username, password, address="203.0.113.7", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, times, username="admin", address="203.0.113.7"):
    for attempt in range(times):
        response = sign_in(client, username, f"salah-{attempt}", address)
        assert not signed_in(client)
    return response


def test_forty_wrong_passwords_then_the_right_one_is_refused_until_the_lockout_ends(client, admin_user):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, 40)
        response = sign_in(client, "admin", RIGHT)
        assert response.status_code == 429
        assert LOCKED in response.content.decode()
        assert not signed_in(client)
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert sign_in(client, "admin", RIGHT).status_code == 429
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert sign_in(client, "admin", RIGHT).status_code == 302
        assert signed_in(client)


def test_five_failures_lock_the_account_at_that_address_only(client, admin_user):
    fail(client, 4)
    assert sign_in(client, "admin", RIGHT).status_code == 302  # four are forgiven by a success
    client.logout()
    fail(client, 5)
    assert sign_in(client, "admin", RIGHT).status_code == 429
    assert sign_in(client, "admin", RIGHT, address="198.51.100.20").status_code == 302


def test_hammering_a_lock_does_not_stretch_it(client, admin_user):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, 5)
    for minute in range(1, 15, 3):
        with time_machine.travel(start + timedelta(minutes=minute), tick=False):
            fail(client, 3)
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert sign_in(client, "admin", RIGHT).status_code == 302


def test_one_address_trying_many_accounts_is_locked(client, admin_user):
    for index in range(20):
        sign_in(client, f"tebakan-{index}", "salah")
    assert sign_in(client, "admin", RIGHT).status_code == 429


def test_many_addresses_guessing_one_account_lock_it_and_a_password_reset_lets_the_owner_in(client, admin_user):
    for index in range(4):
        fail(client, 5, address=f"192.0.2.{index + 1}")
    assert sign_in(client, "admin", RIGHT, address="198.51.100.20").status_code == 429
    reset_password(client, "admin@example.id", "kata-sandi-baru-2026")
    response = sign_in(client, "admin", "kata-sandi-baru-2026", address="198.51.100.20")
    assert response.status_code == 302 and signed_in(client)
    assert not AccessAttempt.objects.filter(username="admin").exists()


def reset_password(client, email, new_password):
    client.post(reverse("wagtailadmin_password_reset"), {"email": email})
    link = re.search(r"/admin/password_reset/confirm/[^\s]+/", mail.outbox[-1].body).group(0)
    form_url = client.get(link).url
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302, response.content.decode()[:2000]


def test_spoofed_forwarded_for_does_not_escape_the_lock_behind_a_proxy(client, admin_user, settings):
    settings.OPOP_TRUSTED_PROXY_COUNT = 1  # nginx appends the real address to whatever the client sent
    for attempt in range(5):
        spoofed = f"10.9.8.{attempt}, 203.0.113.7"
        sign_in(client, "admin", "salah", address="127.0.0.1", HTTP_X_FORWARDED_FOR=spoofed)
    response = sign_in(client, "admin", RIGHT, address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.7")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


@pytest.mark.parametrize(
    "proxies, remote, forwarded, expected",
    [
        (0, "203.0.113.7", "1.2.3.4", "203.0.113.7"),  # no proxy: the header is the client's word, ignored
        (1, "127.0.0.1", "1.2.3.4, 203.0.113.7", "203.0.113.7"),
        (2, "127.0.0.1", "1.2.3.4, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, "127.0.0.1", "", "127.0.0.1"),  # a proxy that did not set it: fall back
        (1, "127.0.0.1", "bukan-alamat", "127.0.0.1"),
        (1, "127.0.0.1", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_behind_trusted_proxies(settings, proxies, remote, forwarded, expected):
    settings.OPOP_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_login_protection_is_wired_in():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert "axes.middleware.AxesMiddleware" in settings.MIDDLEWARE
    assert settings.AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is False


def test_surprise_axes_refuses_a_sign_in_without_a_request(client, admin_user):
    """django-axes' backend needs the request (to count by address): Django's test ``client.login()`` calls
    ``authenticate()`` without one and raises. Tests sign in through the login page, or use ``force_login``."""
    with pytest.raises(AxesBackendRequestParameterRequired):
        client.login(username="admin", password=RIGHT)
    assert sign_in(client, "admin", RIGHT).status_code == 302
