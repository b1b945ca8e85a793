"""Which channel (currency, language, countries) a visitor is in. Chosen per request, stored in the session.

The active channels are read on every request (the middleware, the channel switch), so the list is kept in the
cache (shared between workers with Redis; per process otherwise) and dropped whenever a Channel is saved or
deleted (``catalog.signal_handlers``). A cached anonymous page hit then runs no channel query at all.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from .models import Channel

SESSION_KEY = "opop_channel"
CACHE_KEY = "opop:channels:active"
CACHE_SECONDS = 300  # a safety net only: saves and deletes invalidate at once


def get_channels() -> list[Channel]:
    channels = cache.get(CACHE_KEY)
    if channels is None:
        channels = list(Channel.objects.filter(is_active=True))
        cache.set(CACHE_KEY, channels, CACHE_SECONDS)
    return channels


def forget_channels(**kwargs) -> None:
    """Signal receiver: the next request reads the channels from the database again."""
    cache.delete(CACHE_KEY)


def get_default_channel() -> Channel | None:
    channels = get_channels()
    return next((c for c in channels if c.slug == settings.OPOP_DEFAULT_CHANNEL), None) or (
        channels[0] if channels else None
    )


def get_request_channel(request) -> Channel | None:
    slug = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if slug:
        channel = next((c for c in get_channels() if c.slug == slug), None)
        if channel:
            return channel
    return get_default_channel()


def set_request_channel(request, channel: Channel) -> None:
    request.session[SESSION_KEY] = channel.slug
    translation.activate(channel.language)
