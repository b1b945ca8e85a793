"""The legal texts the buyer agrees to at checkout, without checkout knowing where they live.

``checkout`` never imports ``cms``. The terms and the privacy policy are pages editors of the marketplace write in
Wagtail (``cms.LegalPage``); what checkout needs from them is plain data: the page's title and address for the
consent box's links, and its id and live revision id for the consent record. ``settings.OPOP_LEGAL_DOCUMENTS``
names the provider, a dotted path to ``(request) -> iterable of mappings`` with the keys of ``LegalDocument``
(the reference shop names ``cms.legal.current_documents``). Without a provider, or while the pages do not exist,
the consent box shows plain text and the checkout records ``settings.OPOP_TERMS_VERSION`` only.

The consent is stored as plain ids on the ``Checkout`` (``terms_page_id``, ``terms_revision_id``, ...) next to
``consented_at``: a revision published later is a new id, so an older consent keeps pointing at the text the buyer
was shown (docs/checkout.md, "Terms and privacy").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils.module_loading import import_string

TERMS = "terms"
PRIVACY = "privacy"
KINDS = (TERMS, PRIVACY)


@dataclass(frozen=True)
class LegalDocument:
    kind: str  # TERMS or PRIVACY
    title: str
    url: str
    page_id: int
    revision_id: int | None
    published_at: datetime | None = None

    @classmethod
    def from_mapping(cls, data: Mapping) -> LegalDocument:
        return cls(
            kind=str(data["kind"]),
            title=str(data["title"]),
            url=str(data["url"]),
            page_id=int(data["page_id"]),
            revision_id=int(data["revision_id"]) if data.get("revision_id") else None,
            published_at=data.get("published_at"),
        )


@dataclass(frozen=True)
class Consent:
    """What the buyer agreed to: the live terms and privacy pages when they placed the order (either may be
    missing when the shop has no such page)."""

    terms: LegalDocument | None = None
    privacy: LegalDocument | None = None

    @property
    def complete(self) -> bool:
        return self.terms is not None and self.privacy is not None

    def version_label(self) -> str:
        """A short label for ``Checkout.terms_version``: the revision ids, else the configured version."""
        if self.terms is None and self.privacy is None:
            return settings.OPOP_TERMS_VERSION
        parts = [f"{doc.kind}:{doc.revision_id or '-'}" for doc in (self.terms, self.privacy) if doc is not None]
        return " ".join(parts)[:32]

    def record(self) -> dict:
        """The consent's fields of ``Checkout``."""
        return {
            "terms_version": self.version_label(),
            "terms_page_id": self.terms.page_id if self.terms else None,
            "terms_revision_id": self.terms.revision_id if self.terms else None,
            "privacy_page_id": self.privacy.page_id if self.privacy else None,
            "privacy_revision_id": self.privacy.revision_id if self.privacy else None,
        }


def _provider():
    path = getattr(settings, "OPOP_LEGAL_DOCUMENTS", "")
    return import_string(path) if path else None


def current_documents(request) -> dict[str, LegalDocument]:
    """Kind → the live legal page the buyer is shown now (empty without a provider or pages)."""
    provider = _provider()
    if provider is None:
        return {}
    documents = (LegalDocument.from_mapping(item) for item in provider(request))
    return {doc.kind: doc for doc in documents if doc.kind in KINDS}


def current_consent(request) -> Consent:
    documents = current_documents(request)
    return Consent(terms=documents.get(TERMS), privacy=documents.get(PRIVACY))
