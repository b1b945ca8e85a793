"""Which channel (currency, language, countries) a visitor is in. Chosen per request, stored in the session."""

from django.conf import settings
from django.utils import translation

from .models import Channel

SESSION_KEY = "opop_channel"


def get_channels():
    return list(Channel.objects.filter(is_active=True))


def get_default_channel() -> Channel | None:
    qs = Channel.objects.filter(is_active=True)
    return qs.filter(slug=settings.OPOP_DEFAULT_CHANNEL).first() or qs.first()


def get_request_channel(request) -> Channel | None:
    slug = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if slug:
        channel = Channel.objects.filter(is_active=True, slug=slug).first()
        if channel:
            return channel
    return get_default_channel()


def set_request_channel(request, channel: Channel) -> None:
    request.session[SESSION_KEY] = channel.slug
    translation.activate(channel.language)
