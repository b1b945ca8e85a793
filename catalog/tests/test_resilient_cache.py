"""Issue 11.6: a Redis that does not answer is a cache miss, not an error (``catalog.resilient_cache``)."""

import logging
import socket
import time

import pytest
import redis

from catalog.resilient_cache import ResilientRedisCache

DEAD = "redis://127.0.0.1:1/0"  # nothing listens on port 1: every connection is refused at once
LIVE = "redis://127.0.0.1:6379/5"


def make_cache(location=DEAD, **options):
    return ResilientRedisCache(location, {"KEY_PREFIX": "opop-test-resilient", "OPTIONS": options})


def redis_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.2).close()
        return True
    except OSError:
        return False


def test_every_call_on_an_unreachable_redis_is_a_miss():
    cache = make_cache()
    assert cache.get("a") is None
    assert cache.get("a", "fallback") == "fallback"
    assert cache.set("a", 1) is None
    assert cache.add("a", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1}) == []
    assert cache.delete("a") is False
    assert cache.delete_many(["a", "b"]) is None
    assert cache.has_key("a") is False
    assert cache.touch("a") is False
    assert cache.get_or_set("a", 7) == 7
    with pytest.raises(ValueError):  # what a missing key raises, which callers already handle
        cache.incr("a")
    with pytest.raises(ValueError):
        cache.decr("a")
    assert cache.is_unavailable()


def test_the_breaker_skips_redis_for_a_while_after_a_failure(monkeypatch):
    cache = make_cache(breaker_seconds=60)
    assert cache.get("a") is None  # the failure that opens the breaker
    attempts = []
    monkeypatch.setattr(redis.Redis, "get", lambda *a, **k: attempts.append(1))
    for _ in range(100):
        assert cache.get("a") is None
    assert attempts == []  # not one connection attempt while the breaker is open


def test_an_outage_is_logged_once_not_per_request(caplog):
    cache = make_cache(breaker_seconds=0)  # every call retries Redis, and fails
    with caplog.at_level(logging.WARNING, logger="opop.cache"):
        for _ in range(50):
            cache.get("a")
            cache.set("a", 1)
    assert len(caplog.records) == 1
    assert "Cache unreachable" in caplog.records[0].getMessage()


def test_a_blackholed_redis_costs_a_call_at_most_the_socket_timeout():
    """A Redis that accepts connections and never answers (a hung server) is cut off by the socket timeout."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    port = listener.getsockname()[1]
    try:
        cache = make_cache(f"redis://127.0.0.1:{port}/0", socket_timeout=0.2, breaker_seconds=60)
        started = time.monotonic()
        assert cache.get("a") is None
        for _ in range(20):
            assert cache.get("a") is None
        assert time.monotonic() - started < 5  # one timeout (plus redis-py's retries), then the breaker
        assert cache.is_unavailable()
    finally:
        listener.close()


@pytest.mark.skipif(not redis_running(), reason="needs a Redis on 127.0.0.1:6379")
def test_keys_changed_during_the_outage_are_dropped_when_redis_answers_again(monkeypatch):
    cache = make_cache(LIVE, breaker_seconds=0)
    cache.set_many({"channels": "old list", "untouched": "kept"})
    real_get_client = cache._cache.get_client

    def unreachable(*args, **kwargs):
        raise redis.ConnectionError("down")

    monkeypatch.setattr(cache._cache, "get_client", unreachable)
    cache.delete("channels")  # a channel saved during the outage: the invalidation cannot reach Redis
    assert cache.get("channels") is None and cache.is_unavailable()
    monkeypatch.setattr(cache._cache, "get_client", real_get_client)

    assert cache.get("untouched") == "kept"  # the first call that succeeds drops what changed meanwhile
    assert cache.get("channels") is None  # the entry written before the outage does not come back
    assert not cache.is_unavailable()
    cache.delete_many(["channels", "untouched"])
