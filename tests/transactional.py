"""Helpers for transactional tests (live server, concurrency): what a flush between them takes away."""


def ensure_wagtail_roots() -> None:
    """Recreate what Wagtail's migrations insert (default locale, root page, root collection) if missing.

    A transactional test ends by flushing every table, migration-made rows included, so the next transactional
    test would start without a page tree. Doing it here is cheaper and more predictable than serialized rollback.
    """
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page

    # The flush also emptied django_content_type; post_migrate recreated the rows under new ids, but the
    # process-wide ContentType cache still holds the old ones (Page.save() would then fail validation).
    ContentType.objects.clear_cache()
    # After a serialized-rollback test the flush skips post_migrate entirely: put back the content types and
    # permissions that post_migrate would have made.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
