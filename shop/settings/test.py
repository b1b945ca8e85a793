"""Fast, isolated test settings (bakerydemo style): locmem cache, MD5 hasher, immediate tasks."""

import os
import tempfile

from .base import *  # noqa: F403
from .mail import email_settings

SECRET_KEY = "test-only-not-secret"
DEBUG = False
OPOP_DEMO = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "opop-test"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
globals().update(email_settings("django.core.mail.backends.locmem.EmailBackend", from_environment=False))
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", tempfile.mkdtemp(prefix="opop-media-"))
ALLOWED_HOSTS = ["*"]
# An existing, empty directory: WhiteNoise warns "No directory at …/static/" on every request handler otherwise.
# The test client and the live server get static files from the finders (no collectstatic needed).
STATIC_ROOT = os.environ.get("TEST_STATIC_ROOT", tempfile.mkdtemp(prefix="opop-static-"))
