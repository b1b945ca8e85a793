"""The error pages' stylesheet, inline on purpose: an error page must render when the database, the cache or the
static files do not. The Content-Security-Policy allows exactly this block by its hash (``STYLE_HASH`` in
``style-src``), so no ``'unsafe-inline'`` is needed and no other inline style runs."""

from __future__ import annotations

import base64
import hashlib

STYLE = (
    'body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1b;'
    "background:#faf7f2}"
    "main{max-width:34rem;margin:12vh auto;padding:0 1.25rem}"
    "h1{font-size:1.5rem;line-height:1.3}"
    "p{line-height:1.55}"
    "a.button{display:inline-block;margin-top:.5rem;padding:.7rem 1.1rem;border-radius:.4rem;background:#1f5f3f;"
    "color:#fff;text-decoration:none}"
)
STYLE_HASH = "'sha256-" + base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode() + "'"
