"""Notifications that fail verification: kept for the audit trail, never a way to fill the database.

Anyone can POST to the webhook URLs. A rejected body (bad or missing signature, unreadable, too large) is stored
as one ``PaymentEvent`` holding its SHA-256 digest, its size and the first ``PREFIX_CHARS`` characters — never the
whole body — and the same body twice is one row (``repeats`` counts the copies). Per source address at most
``OPOP_REJECTED_NOTIFICATIONS_PER_MINUTE`` rejections are stored a minute; beyond that the sender gets 429 with
``Retry-After`` and nothing is written except one row per address and minute saying the limit was reached.

The limiter lives in the process (no Redis, no database: notifications must keep working when Redis is down,
and a flood must not cost a write per request). With several worker processes each allows its own quota, so the
bound is quota × workers per address and minute: still bounded. A restart forgets the counts (degrades to
allowing, never to refusing signed notifications: the limiter only ever counts rejected ones).
``prune_rejected_events`` deletes rejected rows after ``OPOP_REJECTED_EVENT_DAYS`` (30); ``run_periodic_jobs``
runs it.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .models import EventOutcome, PaymentEvent

PREFIX_CHARS = 512
WINDOW_SECONDS = 60
#: Addresses remembered at once; the least recently seen is forgotten first (bounded memory under a spray).
MAX_ADDRESSES = 10_000


def rejected_per_minute() -> int:
    return int(getattr(settings, "OPOP_REJECTED_NOTIFICATIONS_PER_MINUTE", 20))


class Verdict:
    STORE = "store"
    #: Over the limit, first time in this window: write the one "limit reached" row.
    LIMIT_REACHED = "limit_reached"
    #: Over the limit again: write nothing.
    DROP = "drop"


class RejectionLimiter:
    """Sliding one-minute window of rejections per source address, in this process."""

    def __init__(self, max_addresses: int = MAX_ADDRESSES):
        self._lock = threading.Lock()
        self._hits: OrderedDict[str, deque] = OrderedDict()
        self._limit_noted: dict[str, float] = {}
        self.max_addresses = max_addresses

    def verdict(self, address: str, *, limit: int, now: float | None = None) -> str:
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.pop(address, None) or deque()
            self._hits[address] = hits  # most recently seen last
            while hits and hits[0] <= now - WINDOW_SECONDS:
                hits.popleft()
            while len(self._hits) > self.max_addresses:
                forgotten, _hits = self._hits.popitem(last=False)
                self._limit_noted.pop(forgotten, None)
            if len(hits) < limit:
                hits.append(now)
                return Verdict.STORE
            if self._limit_noted.get(address, float("-inf")) > now - WINDOW_SECONDS:
                return Verdict.DROP
            self._limit_noted[address] = now
            return Verdict.LIMIT_REACHED

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()
            self._limit_noted.clear()


limiter = RejectionLimiter()


def client_address(request) -> str:
    """The sender's address: ``REMOTE_ADDR``, or the last hop of ``PAYMENT_CLIENT_IP_HEADER`` (e.g.
    ``HTTP_X_FORWARDED_FOR``) when a trusted proxy in front of the shop sets it."""
    header = getattr(settings, "PAYMENT_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()[:45]
    return (request.META.get("REMOTE_ADDR") or "")[:45]


@dataclass
class Rejection:
    http_status: int
    outcome: str
    event: PaymentEvent | None = None
    retry_after: int | None = None


def record_rejected(
    gateway: str, *, address: str, body: bytes, size: int, reason: str, http_status: int
) -> Rejection:
    """Store (or count) one rejected notification within the limits above; returns what to answer."""
    verdict = limiter.verdict(address or "-", limit=rejected_per_minute())
    if verdict == Verdict.DROP:
        return Rejection(429, EventOutcome.RATE_LIMITED, retry_after=WINDOW_SECONDS)
    if verdict == Verdict.LIMIT_REACHED:
        minute = timezone.now().strftime("%Y%m%d%H%M")
        event = _store(gateway, f"limit-{address}-{minute}", address, b"", 0, EventOutcome.RATE_LIMITED,
                       f"more than {rejected_per_minute()} rejected notifications a minute; later ones not stored")
        return Rejection(429, EventOutcome.RATE_LIMITED, event, retry_after=WINDOW_SECONDS)
    digest = hashlib.sha256(body).hexdigest()
    event = _store(gateway, f"rejected-{digest}", address, body, size, EventOutcome.REJECTED, reason, digest=digest)
    return Rejection(http_status, EventOutcome.REJECTED, event)


def _store(gateway, event_id, address, body: bytes, size, outcome, detail, *, digest="") -> PaymentEvent:
    event, created = PaymentEvent.objects.get_or_create(
        gateway=gateway,
        event_id=event_id[:255],
        defaults={
            "signature_valid": False,
            "raw_body": body[: PREFIX_CHARS * 4].decode("utf-8", "replace")[:PREFIX_CHARS],
            "body_size": size,
            "body_digest": digest,
            "source_address": address or None,
            "outcome": outcome,
            "detail": detail[:255],
        },
    )
    if not created:
        PaymentEvent.objects.filter(pk=event.pk).update(repeats=F("repeats") + 1)
    return event


def prune_rejected_events(*, now=None, keep_days: int | None = None, batch: int = 5000) -> int:
    """Delete rejected notifications older than ``keep_days`` (``OPOP_REJECTED_EVENT_DAYS``, 30); well-signed
    events are kept. Deletes at most ``batch`` rows per call (the periodic job comes back). Returns the count."""
    now = now or timezone.now()
    keep_days = keep_days if keep_days is not None else int(getattr(settings, "OPOP_REJECTED_EVENT_DAYS", 30))
    old = PaymentEvent.objects.filter(signature_valid=False, received_at__lt=now - timedelta(days=keep_days))
    ids = list(old.order_by("pk").values_list("pk", flat=True)[:batch])
    if not ids:
        return 0
    deleted, _by_model = PaymentEvent.objects.filter(pk__in=ids).delete()
    return deleted
