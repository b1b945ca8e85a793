"""A Redis cache that degrades to a miss when Redis does not answer (issue 11.6).

``ResilientRedisCache`` is Django's ``RedisCache`` with every call guarded: a connection error or a timeout is
answered as a miss (``get`` → default, ``get_many`` → ``{}``, ``add``/``delete``/``touch`` → ``False``, ``set`` does
nothing, ``incr`` raises ``ValueError`` as for a missing key), so the shop reads from the database instead and
pages are only slower. Configure it where ``REDIS_URL`` is used::

    CACHES = {"default": {"BACKEND": "catalog.resilient_cache.ResilientRedisCache", "LOCATION": REDIS_URL,
                          "OPTIONS": {"breaker_seconds": 5, "socket_connect_timeout": 0.25, "socket_timeout": 0.5}}}

- **Short socket timeouts** (defaults above): an unreachable Redis costs a request at most about half a second.
- **Circuit breaker**: after a failure, the process skips Redis for ``breaker_seconds`` (every call is a miss at
  once), then tries again with the next call. One warning is logged when an outage starts and one line when Redis
  answers again, per process, not one per request.
- **No stale entries after the outage**: keys written or deleted while Redis was unreachable (a channel saved, a
  price changed, a session updated) are remembered (up to ``MAX_PENDING_KEYS`` per process) and deleted when Redis
  answers again, so an entry written before the outage cannot outlive a change made during it.
- ``cache.is_unavailable()`` tells callers that Redis is known to be down (the page cache is bypassed then);
  ``cache_unavailable()`` asks Django's default cache and is ``False`` for any other backend.

Errors other than connection errors and timeouts (a wrong type, a read-only replica) are misses too, but do not
open the breaker.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache import cache as default_cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger("opop.cache")

MAX_PENDING_KEYS = 10_000
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}


class Breaker:
    """Per-process outage state: when to try Redis again and which keys to drop once it answers."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.retry_at = 0.0
        self.down_since: float | None = None
        self.pending: set[str] = set()
        self.overflowed = False
        self.lock = threading.Lock()

    def is_open(self) -> bool:
        return time.monotonic() < self.retry_at

    def trip(self, exc: Exception) -> None:
        now = time.monotonic()
        self.retry_at = now + self.seconds
        if self.down_since is None:
            self.down_since = now
            logger.warning(
                "Cache unreachable (%s: %s): served as a miss, Redis retried every %ss until it answers.",
                type(exc).__name__,
                exc,
                self.seconds,
            )

    def remember(self, keys) -> None:
        with self.lock:
            for key in keys:
                if len(self.pending) >= MAX_PENDING_KEYS:
                    self.overflowed = True
                    return
                self.pending.add(key)

    def take_pending(self) -> list[str]:
        with self.lock:
            keys, self.pending = list(self.pending), set()
            if self.overflowed:
                logger.warning(
                    "More than %s keys changed during the cache outage; some entries may stay stale "
                    "until they expire.",
                    MAX_PENDING_KEYS,
                )
                self.overflowed = False
        return keys


class ResilientRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, breaker_seconds: float = 5, **options):
        super().__init__(servers, **{**DEFAULT_OPTIONS, **options})
        self.breaker = Breaker(float(breaker_seconds))
        self._outage_errors = (self._lib.ConnectionError, self._lib.TimeoutError)

    def _guard(self, name: str, fallback, *args, written=()):
        """Run ``RedisCacheClient.<name>(*args)``; a miss (``fallback``) when Redis is down or failing."""
        breaker = self.breaker
        if breaker.is_open():
            breaker.remember(written)
            return fallback
        try:
            result = getattr(super(), name)(*args)
        except self._outage_errors as exc:
            breaker.trip(exc)
            breaker.remember(written)
            return fallback
        except self._lib.RedisError as exc:
            logger.warning("Cache error on %s (%s: %s): served as a miss.", name, type(exc).__name__, exc)
            breaker.remember(written)
            return fallback
        if breaker.down_since is not None:
            self._recovered()
        return result

    def _recovered(self) -> None:
        breaker = self.breaker
        seconds = time.monotonic() - breaker.down_since
        breaker.down_since = None
        keys = breaker.take_pending()
        try:
            client = self.get_client(None, write=True)
            for start in range(0, len(keys), 500):
                client.delete(*keys[start : start + 500])
        except self._lib.RedisError as exc:
            breaker.remember(keys)
            breaker.trip(exc)
            return
        logger.warning(
            "Cache answers again after %.1fs; %s key(s) changed meanwhile dropped.", seconds, len(keys)
        )

    def add(self, key, value, timeout):
        return self._guard("add", False, key, value, timeout, written=(key,))

    def get(self, key, default):
        return self._guard("get", default, key, default)

    def set(self, key, value, timeout):
        return self._guard("set", None, key, value, timeout, written=(key,))

    def touch(self, key, timeout):
        return self._guard("touch", False, key, timeout)

    def delete(self, key):
        return self._guard("delete", False, key, written=(key,))

    def get_many(self, keys):
        return self._guard("get_many", {}, keys)

    def has_key(self, key):
        return self._guard("has_key", False, key)

    def incr(self, key, delta):
        missing = object()
        result = self._guard("incr", missing, key, delta, written=(key,))
        if result is missing:
            raise ValueError(f"Key '{key}' not found (cache unreachable).")
        return result

    def set_many(self, data, timeout):
        return self._guard("set_many", None, data, timeout, written=tuple(data))

    def delete_many(self, keys):
        return self._guard("delete_many", None, keys, written=tuple(keys))

    def clear(self):
        return self._guard("clear", False)


class ResilientRedisCache(RedisCache):
    """Django's ``RedisCache``, answering misses while Redis is unreachable (see the module docstring)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient

    def is_unavailable(self) -> bool:
        """Redis failed recently (the breaker is open): callers may skip work that only pays off with a cache."""
        return self._cache.breaker.down_since is not None


def cache_unavailable() -> bool:
    """Django's default cache is a ``ResilientRedisCache`` that cannot reach Redis right now."""
    check = getattr(default_cache, "is_unavailable", None)
    return bool(check and check())
