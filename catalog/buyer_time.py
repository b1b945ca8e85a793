"""The time zone a buyer reads times in.

Server side, a buyer page uses the zone of its channel's main country (Indonesia: ``Asia/Jakarta``, WIB; the
International channel: ``Asia/Kuala_Lumpur``), activated by ``catalog.middleware.ChannelMiddleware``; the admin
keeps ``settings.TIME_ZONE``. Times are rendered as ``<time datetime="…" data-local>`` (``{% local_time %}``), and
``themes/local-time.js`` rewrites them in the browser's own zone (a buyer in Makassar or London reads their own
time), without a cookie: pages stay shareable by a CDN and the visitor keeps no extra cookie. Without JavaScript
the server's zone is shown with its name.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from functools import lru_cache

from babel.core import get_global
from babel.dates import get_timezone_name
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

# Countries with several zones: the one most of its buyers live in (Babel lists them alphabetically).
MAIN_ZONE = {"ID": "Asia/Jakarta", "MY": "Asia/Kuala_Lumpur", "US": "America/New_York", "AU": "Australia/Sydney"}
# Indonesians name their three zones by these abbreviations; the Indonesian interface writes just "WIB".
INDONESIAN_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT",
}


@lru_cache(maxsize=64)
def zone_for_country(country: str) -> str:
    country = (country or "").upper()
    if country in MAIN_ZONE:
        return MAIN_ZONE[country]
    zones = get_global("territory_zones").get(country)
    return zones[0] if zones else settings.TIME_ZONE


def zone_label(zone: str, moment: datetime | None = None, language: str | None = None) -> str:
    """How the interface names ``zone``: "WIB" in Indonesian, "WIB (Western Indonesia Time)" in English,
    "Malaysia Time" / "Waktu Malaysia" elsewhere (CLDR's names, through Babel)."""
    language = (language or get_language() or "id").split("-")[0]
    moment = (moment or timezone.now()).astimezone(zoneinfo.ZoneInfo(zone))
    name = get_timezone_name(moment, "long", locale=language)
    abbreviation = INDONESIAN_ABBREVIATIONS.get(zone)
    if abbreviation is None:
        return name
    return abbreviation if language == "id" else f"{abbreviation} ({name})"
