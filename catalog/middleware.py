from django.conf import settings
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject

from .admin_guards import guard_for
from .buyer_time import zone_for_country
from .channels import get_request_channel


class ChannelMiddleware:
    """Puts ``request.channel`` on every request and activates the channel's language and time zone on buyer pages.

    The admin keeps the editor's own language preference (Wagtail sets it), so this only applies
    outside ``/admin/``. Paths in ``settings.OPOP_NO_CHANNEL_PATHS`` (machine endpoints such as the payment
    providers' webhooks) never look the channel up: no session, no cache, so they keep working with Redis down.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.channel = SimpleLazyObject(lambda: get_request_channel(request))
        # The active language is per thread: without a per-request override an English buyer page would leave
        # the worker in English, and Wagtail falls back to that for an editor with no language preference.
        # The same for the time zone: buyer pages read times in the zone of the channel's main country.
        language, zone = settings.LANGUAGE_CODE, settings.TIME_ZONE
        skip = ("/admin/", "/django-admin/", *getattr(settings, "OPOP_NO_CHANNEL_PATHS", ()))
        if not request.path.startswith(skip):
            channel = request.channel
            if channel:
                language, zone = channel.language, zone_for_country(channel.default_country)
                request.LANGUAGE_CODE = channel.language
        with translation.override(language), timezone.override(zone):
            return self.get_response(request)


class AdminScopeMiddleware:
    """Runs ``catalog.admin_guards`` before the Wagtail admin views that store scoping must narrow or replace.

    Required wherever the library's admin is used (a system check, ``catalog.E001``, says so when it is missing).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        guard = guard_for(match.view_name if match else None)
        if guard is None:
            return None
        return guard(request, view_func, view_args, view_kwargs)
