"""Every GET an editor can send to the admin, generated from the URL resolver (used by the permission matrix).

Each admin URL pattern becomes one or more concrete GET requests:

- an object id in the URL is filled with store B's object of the model the pattern belongs to (the same mapping as
  the POST matrix: Wagtail's viewset registry for snippets, the id's name for the core admin);
- ``app_label``/``model_name`` are filled with every store-owned model, every page type, images, documents and
  users;
- the bulk-action dispatcher is filled from Wagtail's bulk-action registry: every action of every model, with
  ``?id=`` of store B's objects, and ``?id=all`` (with ``childOf`` for pages);
- listings, reports, choosers and searches are also asked for the word every one of store B's names contains
  (``rahasia``), and the admin API for store B's page tree.

Store B's objects carry a marker (``ZQB``) in every name, code and number, so "nothing of store B leaked" is one
search in the body. A pattern the generator cannot fill fails the test rather than being skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import Page, Revision

SEARCH_WORD = "rahasia"
# Requests that must not be sent: they end the session or raise on purpose.
SKIPPED = {"wagtailadmin_logout", "wagtailadmin_error_test"}


@dataclass(frozen=True)
class Pattern:
    namespace: str
    name: str
    route: str
    kwargs: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.namespace}:{self.name}" if self.namespace else self.name


def admin_patterns() -> list[Pattern]:
    found = []
    for route, namespace, pattern in _walk(get_resolver().url_patterns):
        if not route.startswith("admin/") or pattern.name in SKIPPED or route.endswith(".*/$"):
            continue
        if route == "admin/test404/":
            continue
        found.append(Pattern(namespace or "", pattern.name or "", route, tuple(pattern.pattern.regex.groupindex)))
    return found


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace, pattern


def fill(route: str, values: dict) -> str:
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), path)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".")
    return "/" + path


def model_targets(objects) -> list:
    """(model, object of store B) for everything the generic ``app_label/model_name`` URLs are tried with."""
    targets = {}
    for obj in objects.values():
        if not hasattr(obj, "_meta"):
            continue
        model = type(obj)
        if isinstance(obj, Page):
            obj = obj.specific
            model = type(obj)
        targets.setdefault(model, obj)
    return list(targets.items())


def _base_values(pattern: Pattern, target, objects) -> dict | None:
    revision = Revision.objects.filter(object_id=str(target.pk)).order_by("-pk").first()
    values = {}
    for name in pattern.kwargs:
        if name in ("app_label", "app_name", "content_type_app_name"):
            values[name] = target._meta.app_label
        elif name in ("model_name", "content_type_model_name"):
            values[name] = target._meta.model_name
        elif name in ("revision_id",):
            values[name] = revision.pk if revision else 1
        elif name == "revision_id_a":
            values[name] = "earliest"
        elif name == "revision_id_b":
            values[name] = "latest"
        elif name == "destination_id":
            values[name] = objects["page"].pk
        elif name == "filter_spec":
            values[name] = "max-165x165"
        elif name in ("action_name",):
            values[name] = "publish"
        elif name in ("uidb64", "token"):
            values[name] = "x"
        else:
            values[name] = target.pk
    return values


def _query_variants(pattern: Pattern, objects) -> list[str]:
    if pattern.kwargs and set(pattern.kwargs) - {"app_label", "model_name", "app_name"}:
        return [""]
    variants = ["", f"?q={SEARCH_WORD}"]
    if pattern.namespace.startswith("wagtailadmin_api"):
        storefront = objects["page"].pk
        variants += [f"?search={SEARCH_WORD}", f"?child_of={storefront}", f"?descendant_of={storefront}",
                     f"?id={objects['draft_page'].pk}"]
    if "autocomplete" in pattern.name:
        variants.append(f"?term={SEARCH_WORD}")
    return variants


def bulk_action_gets(pattern: Pattern, objects) -> list[str]:
    urls = []
    for model, target in model_targets(objects) + [(Page, objects["draft_page"])]:
        opts = model._meta
        for action in bulk_action_registry.get_bulk_actions_for_model(opts.app_label, opts.model_name):
            base = fill(pattern.route, {"app_label": opts.app_label, "model_name": opts.model_name,
                                        "action": action.action_type})
            urls.append(f"{base}?id={target.pk}")
            urls.append(f"{base}?id=all&childOf={objects['page'].pk}")
    return urls


def gets_for(pattern: Pattern, objects, model_for_pattern) -> list[str]:
    """The GET URLs to try for one pattern, with store B's objects."""
    if pattern.label == "wagtail_bulk_action":
        return bulk_action_gets(pattern, objects)
    generic = {"app_label", "model_name", "app_name", "content_type_app_name"} & set(pattern.kwargs)
    if generic:
        targets = model_targets(objects)
    else:
        target = model_for_pattern(pattern)
        targets = [(type(target), target)] if target is not None else [(None, objects["page"])]
    urls = []
    for _model, target in targets:
        values = _base_values(pattern, target, objects)
        base = fill(pattern.route, values)
        urls += [base + query for query in _query_variants(pattern, objects)]
    return list(dict.fromkeys(urls))


