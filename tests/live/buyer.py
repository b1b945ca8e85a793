"""A buyer driving the live shop over HTTP the way a browser does: cookies kept, CSRF tokens read from the forms,
``Origin`` and ``Sec-Fetch-Site`` sent with every form.

The production cookies are ``Secure``; a browser behind the TLS proxy sends them back, ``requests`` does not over
plain HTTP on loopback (a cookie policy on the session's jar is not enough: ``requests`` copies the cookies into a
new jar with the default policy for every request), so this buyer sends its ``Cookie`` header itself.
"""

from __future__ import annotations

import re
from collections import Counter

import requests

from tests.factories import CHECKOUT_ADDRESS as ADDRESS

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HIDDEN = re.compile(r'name="(idempotency_key|snapshot)" value="([^"]*)"')
SHIPPING = re.compile(r'name="(shipping_\d+)" value="([^"]+)"')



class Buyer:
    def __init__(self, shop, timeout: float = 30):
        self.shop = shop
        self.timeout = timeout
        self.session = requests.Session()
        self.answers: Counter = Counter()  # (status, Retry-After header) of every response

    def _headers(self, **extra: str) -> dict[str, str]:
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.session.cookies)
        return {**extra, "Cookie": cookies} if cookies else extra

    def _seen(self, response: requests.Response) -> requests.Response:
        self.answers[(response.status_code, response.headers.get("Retry-After"))] += 1
        return response

    def get(self, path: str) -> requests.Response:
        return self._seen(
            self.session.get(
                self.shop.url + path, headers=self._headers(), timeout=self.timeout, allow_redirects=False
            )
        )

    def post(self, path: str, data: dict, token: str | None = None) -> requests.Response:
        headers = self._headers(Origin=self.shop.url, **{"Sec-Fetch-Site": "same-origin"})
        if token:
            data = {**data, "csrfmiddlewaretoken": token}
        elif cookie := self.session.cookies.get("csrftoken"):
            headers["X-CSRFToken"] = cookie
        return self._seen(
            self.session.post(
                self.shop.url + path, data=data, headers=headers, timeout=self.timeout, allow_redirects=False
            )
        )

    def add_to_cart(self, variant_id: int, quantity: int = 1) -> requests.Response:
        page = self.get("/cart/")  # sets the CSRF cookie, sent back in the header
        if page.status_code != 200:
            return page
        return self.post("/cart/add/", {"variant": variant_id, "quantity": quantity})

    def prepare_order(self) -> tuple[list[requests.Response], dict | None, str | None]:
        """Checkout page, then two refreshes (address, then shipping): every response, and the form data and CSRF
        token that "place" needs (``None`` when a step did not answer with the page)."""
        responses = [self.get("/checkout/")]
        data = dict(ADDRESS)
        for _ in range(2):
            page = responses[-1]
            if page.status_code != 200:
                return responses, None, None
            token = CSRF_FIELD.search(page.text)
            data.update(SHIPPING.findall(page.text))
            responses.append(self.post("/checkout/", {**data, "action": "refresh"}, token and token.group(1)))
        page = responses[-1]
        if page.status_code != 200:
            return responses, None, None
        token = CSRF_FIELD.search(page.text)
        data.update(SHIPPING.findall(page.text))
        data.update(HIDDEN.findall(page.text), action="place")
        return responses, data, token and token.group(1)

    def place(self, data: dict, token: str | None) -> requests.Response:
        """Press "place order": 302 to the order's page when placed, the checkout page again when refused."""
        return self.post("/checkout/", data, token)

    def place_order(self) -> list[requests.Response]:
        """The whole checkout: every response, the last one the placement when it got that far."""
        responses, data, token = self.prepare_order()
        if data is None:
            return responses
        return [*responses, self.place(data, token)]
