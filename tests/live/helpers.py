"""What live tests do to the shop, over HTTP, the way a browser or a provider would."""

from __future__ import annotations

import re

from checkout.payments.models import PaymentAttempt

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")


def start_payment_over_http(shop, checkout) -> tuple[int, str]:
    """The buyer presses "Bayar sekarang" on the checkout's page: (HTTP status, where the shop redirects).

    The production CSRF cookie is ``Secure``, which ``requests`` does not send back over plain HTTP; the header is
    set by hand, as a browser behind the TLS proxy would send it."""
    page = shop.get(f"/checkout/done/{checkout.token}/")
    page.raise_for_status()
    form_token = CSRF_FIELD.search(page.text).group(1)
    cookie = CSRF_COOKIE.search(page.headers.get("Set-Cookie", "")).group(1)
    response = shop.post(
        f"/checkout/pay/{checkout.token}/",
        data={"csrfmiddlewaretoken": form_token},
        headers={"Cookie": f"csrftoken={cookie}"},
    )
    return response.status_code, response.headers.get("Location", "")


def latest_attempt(checkout) -> PaymentAttempt:
    return PaymentAttempt.objects.filter(checkout=checkout).order_by("-number").first()
