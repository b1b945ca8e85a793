from django.apps import AppConfig


class WagtailLocaleConfig(AppConfig):
    """Indonesian for the Wagtail admin strings that Wagtail's own ``id_ID`` catalogue leaves untranslated.

    The app holds ``locale/id/LC_MESSAGES/django.po``: msgids exactly as Wagtail writes them, so the file can be
    sent upstream as it is; and copies of the two Wagtail templates that write an English string without translation
    (``templates/``: the header's aria-label "Actions", the home page's hidden "Search" button). List it before the Wagtail apps in ``INSTALLED_APPS`` (the first app to
    translate a msgid wins)."""

    name = "cms.wagtail_locale"
    label = "opop_wagtail_locale"
    verbose_name = "Wagtail admin in Bahasa Indonesia (supplement)"
