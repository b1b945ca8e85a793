"""Who is asking (the client's address behind trusted proxies) and how often they failed (cache counters).

Used by the admin's login protection (django-axes reads the address through ``client_address``, see
``shop/login_protection.py``) and by the checkout's voucher-guessing limit (``checkout.services.voucher_guard``).

**Client address.** ``REMOTE_ADDR`` is the address of whatever connected to Django. Behind a reverse proxy (nginx,
a load balancer, a CDN) that is the proxy, and the client is in ``X-Forwarded-For``, which each proxy appends to.
Only the entries added by proxies you run can be trusted (a client can send any ``X-Forwarded-For`` it likes), so
``OPOP_TRUSTED_PROXY_COUNT`` says how many proxies stand in front of Django: ``0`` (default) uses ``REMOTE_ADDR``
and ignores the header; ``1`` (nginx in front of gunicorn) takes the last entry of the header; ``2`` (a CDN in front
of nginx) the one before it, and so on. A header with fewer entries than that, or an entry that is not an IP
address, falls back to ``REMOTE_ADDR``.

**Failure counters.** A fixed window per key, started by the first failure: ``limit`` failures within ``window``
block the key until the window ends. They live in Django's cache: shared by every worker with ``REDIS_URL``,
per process with the local-memory cache of a single-process setup. While Redis is unreachable each process
counts on its own (``_ProcessCounts``), so an outage does not lift the limit.
"""

from __future__ import annotations

import hashlib
import ipaddress
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from .resilient_cache import cache_unavailable


def client_address(request) -> str:
    """The client's IP address, read through ``OPOP_TRUSTED_PROXY_COUNT`` proxies (see the module docstring)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = int(getattr(settings, "OPOP_TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class _ProcessCounts:
    """The same fixed windows kept in this process while the cache is unreachable (a miss there would read as "no
    failures"). Bounded: the oldest keys are forgotten first."""

    MAX_KEYS = 10_000

    def __init__(self):
        self._counts: OrderedDict[str, tuple[int, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> int:
        count, ends = self._counts.get(key, (0, 0.0))
        return count if ends > time.time() else 0

    def add_one(self, key: str, window_seconds: int) -> None:
        now = time.time()
        with self._lock:
            count, ends = self._counts.pop(key, (0, 0.0))
            self._counts[key] = (count + 1, ends) if ends > now else (1, now + window_seconds)
            while len(self._counts) > self.MAX_KEYS:
                self._counts.popitem(last=False)

    def delete(self, key: str) -> None:
        with self._lock:
            self._counts.pop(key, None)


_process_counts = _ProcessCounts()


@dataclass(frozen=True)
class FailureCounter:
    """``limit`` failures per key within ``window_seconds`` (from the first one) block that key until it ends.

    Counted in the cache (shared by the workers). While the cache is unreachable (``catalog.resilient_cache``)
    each process counts on its own, so a Redis outage still blocks after ``limit`` failures seen by one worker."""

    name: str
    limit: int
    window_seconds: int

    def _key(self, ident: str) -> str:
        digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
        return f"opop:throttle:{self.name}:{digest}"

    def failures(self, ident: str) -> int:
        key = self._key(ident)
        count = int(cache.get(key) or 0)
        return max(count, _process_counts.get(key)) if cache_unavailable() else count

    def blocked(self, ident: str) -> bool:
        return bool(ident) and self.failures(ident) >= self.limit

    def fail(self, ident: str) -> None:
        if not ident:
            return
        key = self._key(ident)
        if not cache.add(key, 1, self.window_seconds):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr(), or the cache is unreachable
                cache.add(key, 1, self.window_seconds)
        if cache_unavailable():
            _process_counts.add_one(key, self.window_seconds)

    def reset(self, ident: str) -> None:
        key = self._key(ident)
        _process_counts.delete(key)
        cache.delete(key)
