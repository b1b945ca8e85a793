"""Where uploaded files live: local disk by default, an S3-compatible bucket when ``MEDIA_S3_BUCKET`` is set.

Local media suits the demo and a single server. Several web servers behind a load balancer need shared storage:
any S3-compatible service works (AWS S3, Cloudflare R2, MinIO, or an Indonesian provider's object storage), through
``django-storages`` (in the ``production`` extra).

Variables: ``MEDIA_S3_BUCKET`` (turns it on), ``MEDIA_S3_ENDPOINT_URL`` (anything but AWS), ``MEDIA_S3_REGION``,
``MEDIA_S3_ACCESS_KEY_ID`` / ``MEDIA_S3_SECRET_ACCESS_KEY`` (else boto3's usual chain: ``AWS_*`` variables, instance
role), ``MEDIA_S3_CUSTOM_DOMAIN`` (a CDN or public host in front of the bucket), ``MEDIA_S3_PREFIX`` (folder inside
the bucket, default ``media``), ``MEDIA_S3_SIGNED_URLS`` (``true`` for a private bucket: links expire; product
photos are public, so the default is plain URLs).
"""

from __future__ import annotations

import os

S3_BACKEND = "storages.backends.s3.S3Storage"


def _flag(environ, name: str) -> bool:
    return environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def s3_media_storage(environ=os.environ) -> dict | None:
    """The ``STORAGES["default"]`` entry for an S3-compatible bucket, or None when ``MEDIA_S3_BUCKET`` is unset."""
    bucket = environ.get("MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        return None
    options = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("MEDIA_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("MEDIA_S3_REGION") or None,
        "access_key": environ.get("MEDIA_S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("MEDIA_S3_SECRET_ACCESS_KEY") or None,
        "custom_domain": environ.get("MEDIA_S3_CUSTOM_DOMAIN") or None,
        "location": environ.get("MEDIA_S3_PREFIX", "media").strip("/"),
        "querystring_auth": _flag(environ, "MEDIA_S3_SIGNED_URLS"),
        # Wagtail names originals and renditions uniquely and never rewrites one: cache them long on the way out.
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=31536000"},
    }
    return {"BACKEND": S3_BACKEND, "OPTIONS": {k: v for k, v in options.items() if v is not None}}


def media_origins(environ=os.environ) -> list[str]:
    """Where the browser fetches uploaded images from when they are not on this site (the bucket or its CDN), for
    the Content-Security-Policy's ``img-src``. ``OPOP_CSP_MEDIA_ORIGINS`` (comma-separated) overrides the guess."""
    explicit = [o.strip() for o in environ.get("OPOP_CSP_MEDIA_ORIGINS", "").split(",") if o.strip()]
    if explicit:
        return explicit
    bucket = environ.get("MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        return []
    if environ.get("MEDIA_S3_CUSTOM_DOMAIN"):
        return [f"https://{environ['MEDIA_S3_CUSTOM_DOMAIN'].strip().strip('/')}"]
    endpoint = (environ.get("MEDIA_S3_ENDPOINT_URL") or "").strip().rstrip("/")
    if endpoint:
        scheme, _, host = endpoint.partition("://")
        return [endpoint, f"{scheme}://{bucket}.{host}"]
    region = (environ.get("MEDIA_S3_REGION") or "").strip()
    return [f"https://{bucket}.s3.amazonaws.com", *([f"https://{bucket}.s3.{region}.amazonaws.com"] if region else [])]
