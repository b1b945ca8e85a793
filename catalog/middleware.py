from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from .channels import get_request_channel


class ChannelMiddleware:
    """Puts ``request.channel`` on every request and activates the channel's language on buyer pages.

    The admin keeps the editor's own language preference (Wagtail sets it), so this only applies
    outside ``/admin/``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.channel = SimpleLazyObject(lambda: get_request_channel(request))
        # The active language is per thread: without a per-request override an English buyer page would leave
        # the worker in English, and Wagtail falls back to that for an editor with no language preference.
        language = settings.LANGUAGE_CODE
        if not request.path.startswith(("/admin/", "/django-admin/")):
            channel = request.channel
            if channel:
                language = channel.language
                request.LANGUAGE_CODE = channel.language
        with translation.override(language):
            return self.get_response(request)
