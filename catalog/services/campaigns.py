"""Campaign links: their codes, the visits they bring and the attribution they leave in the session.

- **Codes.** A link's code is typed by the editor or made from the campaign's name (``code_from_name``: accents
  folded, anything but letters and digits becomes one hyphen). A name that leaves nothing to make a code from
  (only emoji or punctuation, or a script without Latin letters) is refused with its reason (``CampaignError``),
  as is a typed code that is malformed or taken; a code made from a name that another campaign already uses gets
  the first free ``-2``, ``-3`` …
- **Visits.** ``record_visit`` runs in the ``/c/<code>/`` view, which is never cached: it remembers the campaign for
  its store in the session (``ATTRIBUTION_KEY``: store id → campaign id, the latest link per store wins) and counts
  the visit once per session and campaign (``SEEN_KEY``) in ``CampaignVisitDay`` (a count per day, nothing about
  the visitor). Link-preview fetchers (WhatsApp, Facebook, Telegram …) and other robots are not counted.
- **Attribution.** ``session_attribution`` is what checkout hands to placement: each store's order carries the
  campaign of that store the buyer arrived through, if any.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..models import Campaign, CampaignVisitDay
from ..models.campaign import CODE_MAX_LENGTH

ATTRIBUTION_KEY = "opop_campaigns"
SEEN_KEY = "opop_campaigns_seen"
MAX_SEEN = 50
CODE_MIN_LENGTH = 3
CODE_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# User agents that fetch a link without a person behind it: link previews of chat apps and social networks,
# search engines, monitors. Matched case-insensitively anywhere in the header.
ROBOT_MARKERS = (
    "bot", "crawler", "spider", "preview", "whatsapp", "facebookexternalhit", "facebookcatalog", "telegram",
    "slack", "discord", "skype", "curl", "wget", "python-requests", "httpclient",
)


class CampaignError(ValueError):
    """A campaign's name or code that cannot make a link; the message says why, in the editor's language."""


def clean_name(name: str) -> str:
    """The name as kept: spaces collapsed; control characters refused."""
    name = " ".join((name or "").split())
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") for ch in name):
        raise CampaignError(_("The name contains invisible control characters. Type it again without them."))
    if not name:
        raise CampaignError(_("Give the campaign a name."))
    return name


def code_from_name(name: str) -> str:
    """``"Promo Ramadan 🌙 #1!"`` → ``"promo-ramadan-1"``; raises ``CampaignError`` when nothing is left."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    code = slugify(folded).replace("_", "-")
    code = re.sub(r"-{2,}", "-", code).strip("-")[:CODE_MAX_LENGTH].strip("-")
    if len(code) < CODE_MIN_LENGTH:
        raise CampaignError(
            _("A link cannot be made from the name “%(name)s”: it needs at least %(n)s Latin letters or digits "
              "(A–Z, 0–9). Add some to the name, or type the link code yourself.")
            % {"name": name, "n": CODE_MIN_LENGTH}
        )
    return code


def check_code(code: str, *, exclude_pk=None) -> str:
    """A code the editor typed: lower-cased, well formed and free, or ``CampaignError`` saying which it is not."""
    code = (code or "").strip().lower()
    if not (CODE_MIN_LENGTH <= len(code) <= CODE_MAX_LENGTH) or not CODE_PATTERN.match(code):
        raise CampaignError(
            _("The link code may only hold Latin letters, digits and single hyphens between them, "
              "%(min)s to %(max)s characters, e.g. promo-ramadan.")
            % {"min": CODE_MIN_LENGTH, "max": CODE_MAX_LENGTH}
        )
    if Campaign.objects.filter(code=code).exclude(pk=exclude_pk).exists():
        raise CampaignError(_("The link code “%(code)s” is already used by another campaign. Choose another.")
                            % {"code": code})
    return code


def free_code(base: str, *, exclude_pk=None) -> str:
    """``base``, or ``base-2``, ``base-3`` … whichever no other campaign uses."""
    taken = set(
        Campaign.objects.filter(code__startswith=base).exclude(pk=exclude_pk).values_list("code", flat=True)
    )
    if base not in taken:
        return base
    for n in range(2, 10_000):
        suffix = f"-{n}"
        candidate = base[: CODE_MAX_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
    raise CampaignError(_("Choose another link code."))


def is_robot(user_agent: str) -> bool:
    agent = (user_agent or "").lower()
    return not agent or any(marker in agent for marker in ROBOT_MARKERS)


def _count_visit(campaign: Campaign, day) -> None:
    updated = CampaignVisitDay.objects.filter(campaign=campaign, day=day).update(visits=F("visits") + 1)
    if updated:
        return
    try:
        with transaction.atomic():
            CampaignVisitDay.objects.create(campaign=campaign, day=day, visits=1)
    except IntegrityError:  # another request created today's row meanwhile
        CampaignVisitDay.objects.filter(campaign=campaign, day=day).update(visits=F("visits") + 1)


def record_visit(session, campaign: Campaign, *, user_agent: str = "", now=None) -> bool:
    """Remember ``campaign`` for its store in ``session`` and count the visit if this session has not been
    counted for it yet. Returns True when a visit was counted. An inactive campaign, or a robot, counts
    nothing and leaves no attribution."""
    if not campaign.is_active or is_robot(user_agent):
        return False
    attribution = dict(session.get(ATTRIBUTION_KEY, {}))
    attribution[str(campaign.store_id)] = campaign.pk
    session[ATTRIBUTION_KEY] = attribution
    seen = list(session.get(SEEN_KEY, []))
    if campaign.pk in seen:
        return False
    session[SEEN_KEY] = ([campaign.pk] + seen)[:MAX_SEEN]
    _count_visit(campaign, timezone.localdate(now or timezone.now()))
    return True


def session_attribution(session) -> dict[int, int]:
    """Store id → id of the campaign the buyer last arrived through for that store, from the session."""
    raw = session.get(ATTRIBUTION_KEY, {}) if session is not None else {}
    result = {}
    for store_id, campaign_id in (raw.items() if isinstance(raw, dict) else ()):
        try:
            result[int(store_id)] = int(campaign_id)
        except (TypeError, ValueError):
            continue
    return result


def attributed_campaigns(attribution: dict[int, int]) -> dict[int, Campaign]:
    """The campaigns of ``attribution`` that still exist and belong to the store they are filed under."""
    if not attribution:
        return {}
    campaigns = Campaign.objects.filter(pk__in=set(attribution.values())).only("pk", "store_id", "source")
    by_pk = {c.pk: c for c in campaigns}
    return {
        store_id: by_pk[pk] for store_id, pk in attribution.items() if pk in by_pk and by_pk[pk].store_id == store_id
    }
