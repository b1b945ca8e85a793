"""The one mechanism that keeps each store's editors inside their own store in the Wagtail admin.

Wagtail 8 has no row-level permissions for snippets: a viewset's ``get_queryset`` filters the listing only, and the
edit, delete, copy, history, usage, inspect, preview, revisions, lock, unpublish and chooser views load any object
whose id is in the URL. ``StoreScopedSnippetViewSet`` closes every one of those doors in four places:

1. **Permission policy.** ``StoreScopedPermissionPolicy`` is registered for the model in Wagtail's policy registry,
   so everything that asks "may this user do X to this object?" (edit/delete/lock views, bulk actions, the
   snippets API) also checks the object's store.
2. **URL patterns.** Every URL the viewset (and its chooser) generates is wrapped: when the URL carries a ``pk``,
   the object is looked up through the user's scoped queryset first, and a 404 is raised when it is outside it.
   Views added to the viewset later are covered without anyone remembering to add them.
3. **Querysets.** The listing (and its exports), the chooser and the multiple-chooser only see scoped rows.
4. **Forms.** The ``store`` field offers only the editor's own stores; with exactly one store it is removed from
   the form and set for them (and on edit, the store of an existing row can never be changed by an editor).

Bulk actions are checked by the ``before_bulk_action`` hook in ``catalog.wagtail_hooks`` (``deny_out_of_scope_bulk``).

Usage, for any model with a ``store_path`` (the ORM lookup from the model to its ``catalog.Store``; ``StoreOwned``
sets it to ``"store"``)::

    class OrderViewSet(StoreScopedSnippetViewSet):
        model = Order

    register_snippet(OrderViewSet)

Who sees what: superusers everything; store editors (members of a store's ``editors_group``) their stores only;
marketplace curators may *read* every store's rows of the models they have ``view_`` permission for (products), and
change none of them. Model-level permissions (``catalog.change_product`` etc.) still apply on top of the scope.
"""

from __future__ import annotations

import functools

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from catalog.media_scoping import StoreMediaFormMixin
from catalog.models import Store
from catalog.services.marketplace import CURATORS_GROUP

# Views that only read, for GET/HEAD requests: curators may open these for any store (if they have ``view_``
# permission on the model). Every other view, and every POST, needs the object to be in one of the user's own
# stores. Unknown (future) views fall on the strict side.
READ_ONLY_VIEW_NAMES = frozenset(
    {
        "inspect",
        "history",
        "history_results",
        "usage",
        "revisions_view",
        "revisions_compare",
        "workflow_history",
        "workflow_history_detail",
        "chosen",
    }
)
READ_ACTIONS = frozenset({"view", "choose"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# --- who manages / reads which stores ------------------------------------------------------------------------


def is_curator(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cache = getattr(user, "_opop_is_curator", None)
    if cache is None:
        cache = user.groups.filter(name=CURATORS_GROUP).exists()
        user._opop_is_curator = cache
    return cache


def managed_store_ids(user) -> set[int] | None:
    """Stores the user may change; ``None`` means all (active superusers)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    return set(Store.objects.for_user(user).values_list("pk", flat=True))


def readable_store_ids(user) -> set[int] | None:
    """Stores whose rows the user may read; ``None`` means all (superusers and curators)."""
    if getattr(user, "is_authenticated", False) and user.is_active and (user.is_superuser or is_curator(user)):
        return None
    return managed_store_ids(user)


def store_lookup_for(model: type[Model]) -> str:
    """The ORM path from ``model`` to the ``catalog.Store`` primary key (``pk`` for the Store model itself)."""
    if issubclass(model, Store):
        return "pk"
    path = getattr(model, "store_path", None)
    if not path:
        raise ImproperlyConfigured(f"{model._meta.label} has no store_path; it cannot be store-scoped.")
    return f"{path}_id" if "__" not in path else f"{path}__pk"


def scope_queryset(queryset: QuerySet, user, *, write: bool) -> QuerySet:
    """Filter ``queryset`` down to the rows of the stores the user may change (``write``) or read."""
    store_ids = managed_store_ids(user) if write else readable_store_ids(user)
    if store_ids is None:
        return queryset
    if not store_ids:
        return queryset.none()
    return queryset.filter(**{f"{store_lookup_for(queryset.model)}__in": store_ids})


def store_id_of(instance) -> int | None:
    """The store id an (unsaved) instance would belong to, following ``store_path``."""
    if isinstance(instance, Store):
        return instance.pk
    obj = instance
    parts = getattr(type(instance), "store_path", "store").split("__")
    for part in parts[:-1]:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return getattr(obj, f"{parts[-1]}_id", None)


# --- 1. permission policy --------------------------------------------------------------------------------------


class StoreScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions (``catalog.change_product`` …) AND the object's store being one of the user's.

    Read actions (``view``, ``choose``) are allowed across stores for curators; every other action only inside the
    user's own stores. Superusers pass everything.
    """

    def _allowed_store_ids(self, user, actions) -> set[int] | None:
        if set(actions) <= READ_ACTIONS:
            return readable_store_ids(user)
        return managed_store_ids(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        for action in actions:
            if not self.user_has_permission(user, action):
                continue
            store_ids = self._allowed_store_ids(user, [action])
            if store_ids is None or store_id_of(instance) in store_ids:
                return True
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        actions = [action for action in actions if self.user_has_permission(user, action)]
        queryset = self.model._default_manager.all()
        if not actions:
            return queryset.none()
        write = not set(actions) <= READ_ACTIONS
        return scope_queryset(queryset, user, write=write)

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        store_id = store_id_of(instance)
        return users.filter(Q(is_superuser=True) | Q(groups__store__pk=store_id)).distinct()


def register_store_scoped_policy(model: type[Model]) -> StoreScopedPermissionPolicy:
    """Register (once) the store-scoped policy for ``model`` in Wagtail's registry and return it."""
    existing = policy_registry.get_by_type(model, fallback=False)
    if isinstance(existing, StoreScopedPermissionPolicy) and existing.model is model:
        return existing
    policy = StoreScopedPermissionPolicy(model)
    # A fallback policy may already have been created by something asking too early (e.g. a system check);
    # replace it rather than leaving the model on the unscoped fallback.
    policy_registry.fallback_policies.pop(model, None)
    policy_registry.register(model, value=policy, exact_class=True)
    return policy


# --- 2. URL patterns -------------------------------------------------------------------------------------------


def scoped_view(view_func, model: type[Model], view_name: str):
    """Wrap a view so that an object id in its URL must belong to one of the user's stores, or it is a 404."""

    @functools.wraps(view_func)
    def wrapper(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            write = not (view_name in READ_ONLY_VIEW_NAMES and request.method in SAFE_METHODS)
            queryset = scope_queryset(model._default_manager.all(), request.user, write=write)
            try:
                found = queryset.filter(pk=pk).exists()
            except (ValueError, TypeError):
                found = False
            if not found:
                raise Http404(_("This does not exist or does not belong to your store."))
        return view_func(request, *args, **kwargs)

    wrapper.opop_store_scoped = True
    return wrapper


def scope_urlpatterns(urlpatterns, model: type[Model]):
    for pattern in urlpatterns:
        if hasattr(pattern, "url_patterns"):  # an include(): scope what it contains too
            scope_urlpatterns(pattern.url_patterns, model)
            continue
        if not getattr(pattern.callback, "opop_store_scoped", False):
            pattern.callback = scoped_view(pattern.callback, model, pattern.name or "")
    return urlpatterns


# --- 3. chooser --------------------------------------------------------------------------------------------------


class _ScopedChooserMixin:
    def get_object_list(self):
        return scope_queryset(super().get_object_list(), self.request.user, write=False)


class ScopedChooseView(_ScopedChooserMixin, ChooseView):
    pass


class ScopedChooseResultsView(_ScopedChooserMixin, ChooseResultsView):
    pass


class ScopedChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return scope_queryset(super().get_objects(pks), self.request.user, write=False)


class StoreScopedChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_multiple_view_class = ScopedChosenMultipleView

    def get_urlpatterns(self):
        return scope_urlpatterns(super().get_urlpatterns(), self.model)


# --- 4. forms ----------------------------------------------------------------------------------------------------


class StoreScopedFormMixin(StoreMediaFormMixin):
    """Limit the ``store`` field to the editor's stores; hide and set it when they have exactly one.

    Expects Wagtail's ``for_user`` form kwarg (``WagtailAdminModelForm`` keeps it as ``self.for_user``).
    Images and documents the object refers to must be the store's own (``catalog.media_scoping``), and the
    unique constraints that include the store are checked even when the store field is not on the form.
    """

    store_field_name = "store"

    def media_store_id(self):
        return store_id_of(self.instance)

    def _get_validation_exclusions(self):
        # A store field removed from the form (one-store editors) would otherwise be excluded from validation, and
        # with it every unique constraint that includes the store: a duplicate would reach the database as an
        # IntegrityError instead of a form error.
        exclusions = super()._get_validation_exclusions()
        exclusions.discard(self.store_field_name)
        return exclusions

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_store_field()

    def _scope_store_field(self):
        user = getattr(self, "for_user", None)
        field = self.fields.get(self.store_field_name)
        if user is None or field is None or user.is_superuser:
            return
        stores = Store.objects.for_user(user)
        field.queryset = stores
        field.required = True
        field.empty_label = None
        existing_store_id = getattr(self.instance, f"{self.store_field_name}_id", None)
        if self.instance.pk and existing_store_id:
            # An editor never moves a row to another store: the store of an existing row is fixed.
            del self.fields[self.store_field_name]
            return
        store_list = list(stores[:2])
        if len(store_list) == 1:
            del self.fields[self.store_field_name]
            setattr(self.instance, self.store_field_name, store_list[0])
        elif not store_list:
            field.help_text = _("Your account is not linked to any store yet. Contact the marketplace "
                                "administrators.")


class StoreScopedAdminModelForm(StoreScopedFormMixin, WagtailAdminModelForm):
    pass


def scoped_form_class(base_form_class):
    if base_form_class is None:
        return StoreScopedAdminModelForm
    if issubclass(base_form_class, StoreScopedFormMixin):
        return base_form_class
    return type(f"StoreScoped{base_form_class.__name__}", (StoreScopedFormMixin, base_form_class), {})


# --- the viewset -------------------------------------------------------------------------------------------------


class StoreScopedSnippetViewSet(SnippetViewSet):
    """A ``SnippetViewSet`` whose every view, form, chooser and bulk action is limited to the user's stores.

    The model must declare ``store_path`` (``StoreOwned`` does) or be ``catalog.Store`` itself. Nothing else is
    needed: subclass, set ``model`` (and panels, columns, menu labels as usual) and register.
    """

    chooser_viewset_class = StoreScopedChooserViewSet

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        store_lookup_for(self.model)  # fail at start-up, not at request time, if the model cannot be scoped
        self._scoped_policy = register_store_scoped_policy(self.model)

    @property
    def permission_policy(self):
        return self._scoped_policy

    def get_queryset(self, request):
        """Listing, listing results and exports: the rows the user may read."""
        queryset = self.model._default_manager.all()
        return scope_queryset(queryset, request.user, write=False)

    def get_urlpatterns(self):
        return scope_urlpatterns(super().get_urlpatterns(), self.model)

    def get_edit_handler(self):
        edit_handler = super().get_edit_handler()
        base = edit_handler.base_form_class or getattr(self.model, "base_form_class", None)
        scoped = scoped_form_class(base)
        # get_edit_handler() returns a fresh clone bound to the model, so setting the form class here touches no
        # shared panel definition; get_form_class() reads it when the form is built.
        edit_handler.base_form_class = scoped
        return edit_handler


def deny_out_of_scope_bulk(request, action_type, objects, action_class_instance):
    """``before_bulk_action`` hook: refuse a bulk action if any chosen row is outside the user's stores."""
    model = getattr(action_class_instance, "model", None)
    policy = policy_registry.get_by_type(model, fallback=False) if model is not None else None
    if not isinstance(policy, StoreScopedPermissionPolicy):
        return None
    allowed = managed_store_ids(request.user)
    if allowed is None:
        return None
    if any(store_id_of(obj) not in allowed for obj in objects):
        raise PermissionDenied
    return None


__all__ = [
    "StoreScopedAdminModelForm",
    "StoreScopedFormMixin",
    "StoreScopedPermissionPolicy",
    "StoreScopedSnippetViewSet",
    "deny_out_of_scope_bulk",
    "managed_store_ids",
    "readable_store_ids",
    "scope_queryset",
]
