"""Issue 10.6: nobody can fill the database through the webhooks. Rejected bodies are kept as digest, size and a
short prefix; per source address only so many are stored a minute (then 429, nothing written); old ones are pruned
by the periodic job. None of it needs Redis."""

import os
from datetime import timedelta
from io import StringIO

import pytest
import responses
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from checkout.payments.models import PaymentEvent
from checkout.payments.rejections import PREFIX_CHARS, RejectionLimiter, Verdict, prune_rejected_events

from .conftest import gross_of, mt_notification, mt_status_body, open_attempt, post_midtrans

pytestmark = pytest.mark.django_db


def stored_bytes() -> int:
    """What the events table holds: its size on PostgreSQL, the stored text elsewhere."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size('payments_paymentevent')")
            return cursor.fetchone()[0]
    return sum(len(e.raw_body) + len(e.detail) + len(e.event_id) for e in PaymentEvent.objects.all())


def random_body(n=16 * 1024) -> bytes:
    return os.urandom(n // 2).hex().encode()


def test_200_unsigned_random_bodies_grow_storage_by_a_small_bounded_amount(client, keys, settings):
    settings.OPOP_REJECTED_NOTIFICATIONS_PER_MINUTE = 20
    before = stored_bytes()
    codes = [
        client.post("/payments/midtrans/notification", data=random_body(), content_type="application/json").status_code
        for _ in range(200)
    ]
    assert codes.count(400) == 20 and codes.count(429) == 180
    rows = PaymentEvent.objects.filter(signature_valid=False)
    assert rows.count() == 21  # 20 rejected bodies + one "limit reached" row for the address
    assert all(len(e.raw_body) <= PREFIX_CHARS for e in rows)
    rejected = rows.filter(outcome="rejected").first()
    assert rejected.body_size == 16 * 1024 and len(rejected.body_digest) == 64
    assert str(rejected.source_address) == "127.0.0.1"
    # 200 × 16 KiB were posted (3.2 MB); the table grew by tens of kilobytes at most.
    assert stored_bytes() - before < 200 * 1024


def test_rate_limited_sender_gets_retry_after_and_signed_notifications_are_never_limited(
    client, idr_checkout, settings
):
    settings.OPOP_REJECTED_NOTIFICATIONS_PER_MINUTE = 3
    for _ in range(5):
        response = client.post("/payments/stripe/webhook", data=random_body(200), content_type="application/json")
    assert response.status_code == 429 and response["Retry-After"] == "60"

    attempt = open_attempt(idr_checkout)
    with responses.RequestsMock() as rm:
        rm.add(
            responses.GET,
            f"https://api.sandbox.midtrans.com/v2/{attempt.provider_id}/status",
            json=mt_status_body(attempt.provider_id, "settlement", gross_of(attempt)),
        )
        signed = post_midtrans(client, mt_notification(attempt.provider_id, gross=gross_of(attempt)))
    assert signed.status_code == 200 and signed.content == b"applied"


def test_the_same_rejected_body_twice_is_one_row_that_counts_its_repeats(client, keys):
    body = random_body(300)
    for _ in range(3):
        assert client.post("/payments/midtrans/notification", data=body, content_type="application/json").status_code == 400
    event = PaymentEvent.objects.get()
    assert event.repeats == 2 and event.outcome == "rejected"


def test_an_oversized_body_is_recorded_without_it(client, keys):
    big = random_body(70 * 1024)
    response = client.post("/payments/midtrans/notification", data=big, content_type="application/json")
    assert response.status_code == 413
    event = PaymentEvent.objects.get()
    assert event.raw_body == "" and event.body_size == len(big) and "too large" in event.detail


def test_limiter_counts_per_address_in_a_sliding_minute_and_forgets_old_addresses():
    limiter = RejectionLimiter(max_addresses=2)
    assert [limiter.verdict("a", limit=2, now=t) for t in (0, 1, 2, 3)] == [
        Verdict.STORE,
        Verdict.STORE,
        Verdict.LIMIT_REACHED,
        Verdict.DROP,
    ]
    assert limiter.verdict("b", limit=2, now=3) == Verdict.STORE  # another address has its own quota
    assert limiter.verdict("a", limit=2, now=61) == Verdict.STORE  # the minute slid past the first two
    limiter.verdict("c", limit=2, now=62)  # a third address: the least recently seen ("b") is forgotten
    assert "b" not in limiter._hits and len(limiter._hits) == 2


REDIS_DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there: every cache call fails
    }
}
# Production's backend (shop/settings/base.py): an unreachable Redis is a miss (catalog.resilient_cache).
REDIS_DOWN_AS_MISS = {"default": {**REDIS_DOWN["default"], "BACKEND": "catalog.resilient_cache.ResilientRedisCache"}}


@override_settings(CACHES=REDIS_DOWN)
def test_receiving_verifying_limiting_and_storing_notifications_never_touch_the_cache(client, idr_checkout, keys):
    """Issue 11.6 for the payments path: no channel lookup (``OPOP_NO_CHANNEL_PATHS``), no session, an in-process
    limiter. A forged body, an unknown order and a late status are answered as usual with Redis unreachable."""
    attempt = open_attempt(idr_checkout)
    junk = client.post("/payments/midtrans/notification", data=b"junk", content_type="application/json")
    assert junk.status_code == 400
    unknown = post_midtrans(client, mt_notification("OPOP-999-1-xxxxxxxx", gross="1000.00"))
    assert unknown.status_code == 200 and unknown.content == b"unknown_attempt"
    pending = mt_notification(attempt.provider_id, status="pending", status_code="201", gross=gross_of(attempt))
    assert post_midtrans(client, pending).content == b"ignored"  # already pending: nothing to change
    assert post_midtrans(client, pending).content == b"duplicate"
    assert PaymentEvent.objects.count() == 3


@override_settings(CACHES=REDIS_DOWN_AS_MISS)
def test_a_settlement_is_applied_with_redis_down(client, idr_checkout, keys):
    """Applying the money is Redis-free; moving stock invalidates cached pages, which is a miss with Redis down."""
    attempt = open_attempt(idr_checkout)
    with responses.RequestsMock() as rm:
        rm.add(
            responses.GET,
            f"https://api.sandbox.midtrans.com/v2/{attempt.provider_id}/status",
            json=mt_status_body(attempt.provider_id, "settlement", gross_of(attempt)),
        )
        assert post_midtrans(client, mt_notification(attempt.provider_id, gross=gross_of(attempt))).status_code == 200
    attempt.refresh_from_db()
    assert attempt.status == "paid"


def test_retention_job_deletes_old_rejected_events_and_keeps_signed_ones(client, idr_checkout, keys):
    client.post("/payments/midtrans/notification", data=b"old junk", content_type="application/json")
    PaymentEvent.objects.create(gateway="midtrans", event_id="mt-signed", signature_valid=True, raw_body="{}")
    PaymentEvent.objects.update(received_at=timezone.now() - timedelta(days=31))
    client.post("/payments/midtrans/notification", data=b"new junk", content_type="application/json")

    out = StringIO()
    call_command("run_periodic_jobs", "--once", stdout=out, stderr=StringIO())
    assert "prune_rejected_notifications: 1 rejected notification(s) deleted" in out.getvalue()
    assert sorted(PaymentEvent.objects.values_list("signature_valid", flat=True)) == [False, True]
    assert prune_rejected_events() == 0
