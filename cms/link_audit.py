"""Find (and blank) links stored before ``catalog.links`` guarded every field: ``manage.py find_unsafe_links``.

What is scanned, on every installed model:

- every ``URLField`` and every field validated by ``catalog.links.LinkValidator`` (with that validator's options);
- every ``RichTextField``: each ``href`` (mailto:/tel: allowed, as Wagtail's editor offers them);
- every ``StreamField``, through its block definitions: ``SafeURLBlock`` and Wagtail's ``URLBlock`` values, and the
  ``href``\\s of ``RichTextBlock`` values, however deep the block sits;
- for models with revisions (pages, snippets with drafts), the latest revision and the live revision as well, so a
  draft or the content shown to buyers cannot keep what the row no longer has.

Fixing blanks a refused link (an empty field; ``#`` for an ``href`` inside rich text). A row is saved through
``save(update_fields=...)`` so the page-cache signals run; a revision's stored content is edited in place (no new
revision: the draft stays the draft, the page's status does not change). Older revisions are left as they are:
reverting to one goes through the editor, which refuses the link again, and templates render it as ``#``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Revision

from catalog.links import LinkValidator, is_safe_link, neutralise_links_in_html, unsafe_links_in_html

from .blocks import SafeURLBlock


@dataclass
class Finding:
    label: str  # "cms.storefrontpage #12 Kopi An Nur" (+ " revision 45")
    field: str  # "body[0].hero.button_link"
    value: str

    def line(self) -> str:
        return f"{self.label}\t{self.field}\t{self.value!r}"


@dataclass
class _Target:
    """One field's stored value being scanned, and how to write the cleaned value back."""

    label: str
    findings: list[Finding] = field(default_factory=list)


def _link_options(model_field) -> dict | None:
    for validator in model_field.validators:
        if isinstance(validator, LinkValidator):
            return {"contact": validator.contact, "relative": validator.relative}
    if isinstance(model_field, models.URLField):
        return {}
    return None


def scanned_fields(model) -> list[tuple[str, str, Any]]:
    """``(name, kind, options)`` of a model's fields that hold typed links: kind is link, rich or stream."""
    found = []
    for model_field in model._meta.local_concrete_fields:
        if isinstance(model_field, StreamField):
            found.append((model_field.name, "stream", model_field.stream_block))
        elif isinstance(model_field, RichTextField):
            found.append((model_field.name, "rich", None))
        elif (options := _link_options(model_field)) is not None:
            found.append((model_field.name, "link", options))
    return found


# StreamField raw data ----------------------------------------------------------------------------------------------


def _clean_block(block, raw, path: str, target: _Target):
    """Return ``raw`` with refused links blanked, recording a finding for each."""
    if isinstance(block, blocks.StreamBlock):
        return [
            _clean_stream_child(block, child, f"{path}[{i}]", target) for i, child in enumerate(raw or [])
        ]
    if isinstance(block, blocks.ListBlock):
        return [_clean_list_item(block, item, f"{path}[{i}]", target) for i, item in enumerate(raw or [])]
    if isinstance(block, blocks.StructBlock):
        if not isinstance(raw, dict):
            return raw
        return {
            name: _clean_block(block.child_blocks[name], value, f"{path}.{name}", target)
            if name in block.child_blocks
            else value
            for name, value in raw.items()
        }
    if isinstance(block, blocks.RichTextBlock):
        return _clean_rich(raw, path, target)
    if isinstance(block, (SafeURLBlock, blocks.URLBlock)):
        return _clean_link(raw, path, target, {"contact": getattr(block, "contact", False)})
    return raw


def _clean_stream_child(block, child, path, target):
    if not isinstance(child, dict) or child.get("type") not in block.child_blocks:
        return child
    name = child["type"]
    return {
        **child,
        "value": _clean_block(block.child_blocks[name], child.get("value"), f"{path}.{name}", target),
    }


def _clean_list_item(block, item, path, target):
    if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
        return {**item, "value": _clean_block(block.child_block, item["value"], path, target)}
    return _clean_block(block.child_block, item, path, target)


def _clean_rich(raw, path, target):
    if not isinstance(raw, str):
        return raw
    refused = unsafe_links_in_html(raw)
    target.findings.extend(Finding(target.label, path, href) for href in refused)
    return neutralise_links_in_html(raw) if refused else raw


def _clean_link(raw, path, target, options):
    if isinstance(raw, str) and raw and not is_safe_link(raw, **options):
        target.findings.append(Finding(target.label, path, raw))
        return ""
    return raw


def clean_value(kind: str, options, value, name: str, target: _Target):
    """The cleaned value of one field (raw stream data for a StreamField), recording findings on ``target``."""
    if kind == "stream":
        return _clean_block(options, value, name, target)
    if kind == "rich":
        return _clean_rich(value, name, target)
    return _clean_link(value, name, target, options)


# Rows and revisions ------------------------------------------------------------------------------------------------


def _label(obj) -> str:
    return f"{obj._meta.label_lower} #{obj.pk} {str(obj)[:60]}"


def _stored(obj, name: str, kind: str):
    value = getattr(obj, name)
    return list(value.raw_data) if kind == "stream" else value


def _scan_row(model, obj, fields, fix: bool) -> list[Finding]:
    target = _Target(_label(obj))
    changes = {}
    for name, kind, options in fields:
        before = len(target.findings)
        cleaned = clean_value(kind, options, _stored(obj, name, kind), name, target)
        if len(target.findings) > before:
            model_field = model._meta.get_field(name)
            changes[name] = model_field.to_python(cleaned) if kind == "stream" else cleaned
    if fix and changes:
        # update(), not save(): no model validation or save() side effect can stop the clean-up.
        model._default_manager.filter(pk=obj.pk).update(**changes)
    return target.findings


def _scan_revision(revision, label: str, fields, fix: bool) -> list[Finding]:
    target = _Target(f"{label} revision {revision.pk}")
    content = dict(revision.content or {})
    for name, kind, options in fields:
        if name not in content:
            continue
        stored = content[name]
        as_text = kind == "stream" and isinstance(stored, str)
        value = json.loads(stored or "[]") if as_text else stored
        before = len(target.findings)
        cleaned = clean_value(kind, options, value, name, target)
        if len(target.findings) > before:
            content[name] = json.dumps(cleaned) if as_text else cleaned
    if fix and target.findings:
        Revision.objects.filter(pk=revision.pk).update(content=content)
    return target.findings


def _revision_ids(obj) -> list[int]:
    ids = {getattr(obj, "latest_revision_id", None), getattr(obj, "live_revision_id", None)}
    return sorted(pk for pk in ids if pk)


def scan_model(model, fix: bool = False) -> list[Finding]:
    fields = scanned_fields(model)
    if not fields:
        return []
    findings = []
    for obj in model._default_manager.order_by("pk").iterator(chunk_size=200):
        findings += _scan_row(model, obj, fields, fix)
        for revision in Revision.objects.filter(pk__in=_revision_ids(obj)).order_by("pk"):
            findings += _scan_revision(revision, _label(obj), fields, fix)
    return findings


def find_unsafe_links(fix: bool = False) -> list[Finding]:
    """Every refused link stored anywhere; with ``fix``, blanked in the same transaction."""
    findings = []
    with transaction.atomic():
        for model in apps.get_models():
            if model._meta.proxy or not model._meta.managed:
                continue
            findings += scan_model(model, fix=fix)
    return findings
