"""E-mail settings from the environment, for both supported Django lines.

Django 6.1 replaced ``EMAIL_BACKEND`` and the other ``EMAIL_*`` connection settings with ``MAILERS`` (the old ones
warn and go in Django 7.0, and the two may not be mixed); Django 5.2 knows only the old ones. ``email_settings``
returns whichever the running Django wants, from the same variables: ``EMAIL_BACKEND``, and for SMTP
``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_HOST_USER``, ``EMAIL_HOST_PASSWORD``, ``EMAIL_USE_TLS``, ``EMAIL_USE_SSL``,
``EMAIL_TIMEOUT``. ``DEFAULT_FROM_EMAIL`` is not part of it (unchanged in 6.1).
"""

from __future__ import annotations

import os

import django

SMTP = "django.core.mail.backends.smtp.EmailBackend"
# MAILERS OPTIONS name → the Django 5.2 setting
LEGACY_NAMES = {
    "host": "EMAIL_HOST",
    "port": "EMAIL_PORT",
    "username": "EMAIL_HOST_USER",
    "password": "EMAIL_HOST_PASSWORD",
    "use_tls": "EMAIL_USE_TLS",
    "use_ssl": "EMAIL_USE_SSL",
    "timeout": "EMAIL_TIMEOUT",
}


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def smtp_options(environ=os.environ) -> dict:
    use_ssl = _flag("EMAIL_USE_SSL")
    use_tls = _flag("EMAIL_USE_TLS") and not use_ssl
    default_port = "465" if use_ssl else "587" if use_tls else "25"
    return {
        "host": environ.get("EMAIL_HOST", "localhost"),
        "port": int(environ.get("EMAIL_PORT", default_port)),
        "username": environ.get("EMAIL_HOST_USER", ""),
        "password": environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": use_tls,
        "use_ssl": use_ssl,
        "timeout": int(environ.get("EMAIL_TIMEOUT", "10")),
    }


def email_settings(default_backend: str, *, from_environment: bool = True, version=django.VERSION) -> dict:
    """``{"MAILERS": …}`` on Django 6.1+, ``{"EMAIL_BACKEND": …, "EMAIL_HOST": …}`` before."""
    backend = os.environ.get("EMAIL_BACKEND", default_backend) if from_environment else default_backend
    options = smtp_options() if backend == SMTP else {}  # other backends refuse unknown OPTIONS
    if tuple(version[:2]) >= (6, 1):
        return {"MAILERS": {"default": {"BACKEND": backend, "OPTIONS": options}}}
    return {"EMAIL_BACKEND": backend, **{LEGACY_NAMES[k]: v for k, v in options.items()}}
