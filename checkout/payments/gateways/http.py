"""HTTP plumbing shared by the provider gateways."""

import requests
from django.conf import settings


class TimeoutSession(requests.Session):
    """A ``requests.Session`` that always has a timeout (midtransclient sets none: it would wait forever)."""

    def __init__(self, timeout: float | None = None):
        super().__init__()
        self.timeout = timeout or settings.PAYMENT_HTTP_TIMEOUT

    def request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        return super().request(method, url, **kwargs)
