"""A store's objects use only that store's images and documents.

An image or document belongs to the store whose collection (``Store.collection``, made by ``provision_store``)
holds it, or to a sub-collection of it; anything else is the marketplace's shared library. Every field of a
store-owned object that refers to one (a store's logo, a storefront's logo and banner, gallery and banner blocks
inside StreamFields, images and document links inside rich text, a product's photos and halal certificate) may
refer only to the store's own media; administrators may also use the shared library. Another store's image or
document is refused in the form, whoever submits it: it would show that store's file on this store's pages, and
break when that store deletes it.

The references are found the way Wagtail's reference index finds them: foreign keys, and ``extract_references``
of StreamField and rich-text fields, so a new field or block is covered without being listed here.
``StoreMediaFormMixin`` applies the rule to a form; ``catalog.scoping.StoreScopedFormMixin`` (every store-owned
snippet) and ``cms.forms.StorePageForm`` (storefront and content pages) use it.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from catalog.models import Store

FOREIGN_MEDIA_MESSAGE = _(
    "This image or document belongs to another store. Choose one from your store's own collection."
)


def _media_model(model):
    for media in (get_image_model(), get_document_model()):
        if model is not None and issubclass(model, media):
            return media
    return None


def media_references(instance):
    """``(field name, media model, pk)`` for every image and document ``instance`` refers to."""
    for field in instance._meta.get_fields():
        if not getattr(field, "concrete", False):
            continue
        if field.is_relation and field.many_to_one:
            media = _media_model(field.related_model)
            value = field.value_from_object(instance)
            if media is not None and value is not None:
                yield field.name, media, str(value)
        elif hasattr(field, "extract_references"):
            value = field.value_from_object(instance)
            if value is None:
                continue
            for model, pk, _model_path, _content_path in field.extract_references(value):
                media = _media_model(model)
                if media is not None:
                    yield field.name, media, str(pk)


def owning_stores(collection_ids) -> dict[int, int | None]:
    """Collection id → id of the store whose collection holds it (itself or an ancestor), or None (shared)."""
    paths = dict(Collection.objects.filter(pk__in=set(collection_ids)).values_list("pk", "path"))
    step = Collection.steplen
    prefixes = {path[:i] for path in paths.values() for i in range(step, len(path) + 1, step)}
    store_by_path = dict(Store.objects.filter(collection__path__in=prefixes).values_list("collection__path", "pk"))
    owners = {}
    for collection_id, path in paths.items():
        owners[collection_id] = next(
            (store_by_path[path[:i]] for i in range(len(path), 0, -step) if path[:i] in store_by_path), None
        )
    return owners


def media_allowed(collection_owner: int | None, store_id: int, *, allow_shared: bool) -> bool:
    if collection_owner is None:
        return allow_shared
    return collection_owner == store_id


def foreign_media_fields(instance, store_id: int, *, allow_shared: bool) -> list[str]:
    """Names of the fields of ``instance`` that refer to media ``store_id`` may not use."""
    by_model = defaultdict(dict)
    for field_name, model, pk in media_references(instance):
        by_model[model].setdefault(pk, set()).add(field_name)
    refused = set()
    for model, fields_by_pk in by_model.items():
        rows = dict(model.objects.filter(pk__in=list(fields_by_pk)).values_list("pk", "collection_id"))
        owners = owning_stores(rows.values())
        for pk, collection_id in rows.items():
            if not media_allowed(owners.get(collection_id), store_id, allow_shared=allow_shared):
                refused |= fields_by_pk[str(pk)]
    return sorted(refused)


class StoreMediaFormMixin:
    """After the instance is built from the form, refuse every field that uses another store's media.

    ``media_store_id()`` names the store the object belongs to (None: not a store's object, nothing to check).
    """

    def media_store_id(self) -> int | None:
        raise NotImplementedError

    def _post_clean(self):
        super()._post_clean()
        store_id = self.media_store_id()
        if store_id is None:
            return
        user = getattr(self, "for_user", None)
        allow_shared = bool(user is not None and user.is_superuser)
        for name in foreign_media_fields(self.instance, store_id, allow_shared=allow_shared):
            self.add_error(name if name in self.fields else None, FOREIGN_MEDIA_MESSAGE)
