"""Store scoping for Wagtail's own admin views that no viewset, hook or permission covers.

``catalog.middleware.AdminScopeMiddleware`` looks up every admin request's URL name in ``GUARDS`` before the view
runs. A guard either refuses (404), narrows the request (the ids of a bulk action) and lets Wagtail's view run, or
answers with a scoped subclass of Wagtail's view. Each entry was found by the permission matrix
(``tests/test_permission_matrix.py``), which GETs every admin URL as another store's editor:

- **Bulk actions** (``/admin/bulk/<app>/<model>/<action>/?id=…``): the confirmation page (GET) lists every id it
  is given, those the user may not touch under "you don't have permission to …", with their names; the
  ``before_bulk_action`` hook runs only on POST. Here the ids (and ``id=all``) are narrowed to the objects the
  user may change before Wagtail sees them: an object of another store is not named, and a request with none left
  is a 404.
- **Page chooser** ``/admin/choose-page/<id>/`` names the parent page (draft title and URL) whatever its id; the
  parent must be one of the pages the chooser may show the user (``construct_page_chooser_queryset``).
- **Reports**: site history, page types usage, and the user filters of locked pages and workflows
  (``catalog.admin_reports``).
- **Tags** of images and documents: listings, image chooser, autocomplete (``catalog.admin_media``).

One guard is not about stores: the image URL generator's preview (``/admin/images/<id>/preview/<spec>/``) runs a
filter on the original without catching ``SourceImageIOError``, which an original too large to decode raises
(``cms/image_limits.py``): that is a 404 with a reason, not a 500.
"""

from __future__ import annotations

import functools

from django.apps import apps
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page
from wagtail.permissions import policy_registry

from catalog import admin_media, admin_reports
from catalog.admin_core_scoping import limit_page_chooser
from catalog.params import parse_id

# What a bulk action may be applied to: objects the user may change in one of these ways.
BULK_ACTIONS = ["add", "change", "delete", "publish", "unpublish", "lock", "unlock"]


def _not_yours():
    return Http404(_("This does not exist or does not belong to your store."))


def bulk_action_objects(request, app_label, model_name, action):
    """Primary keys the bulk action may be shown or run on: the requested ones the user may change."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404 from None
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        raise Http404
    requested = request.GET.getlist("id")
    allowed = policy_registry.get_by_type(model).instances_user_has_any_permission_for(request.user, BULK_ACTIONS)
    if "all" in requested:
        listing = action_class(request, model).get_all_objects_in_listing_query(request.GET.get("childOf"))
        allowed = allowed.filter(pk__in=list(listing))
    else:
        allowed = allowed.filter(pk__in=[pk for pk in map(parse_id, requested) if pk is not None])
    return [str(pk) for pk in allowed.values_list("pk", flat=True)]


def narrow_bulk_action(request, view_func, args, kwargs):
    """Replace ``?id=`` with the ids the user may act on; none left is a 404 (as for an unknown id)."""
    if not request.user.is_authenticated:
        return None  # Wagtail's view sends them to the login page
    pks = bulk_action_objects(request, kwargs["app_label"], kwargs["model_name"], kwargs["action"])
    if not pks:
        raise _not_yours()
    query = request.GET.copy()
    query.setlist("id", pks)
    query.pop("childOf", None)
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()  # the confirmation form posts back to this query string
    return None


def page_chooser_parent_in_scope(request, view_func, args, kwargs):
    if not request.user.is_authenticated:
        return None
    visible = limit_page_chooser(Page.objects.all(), request)
    if not visible.filter(pk=kwargs.get("parent_page_id")).exists():
        raise _not_yours()
    return None


def preview_or_404(request, view_func, args, kwargs):
    try:
        return view_func(request, *args, **kwargs)
    except SourceImageIOError as exc:
        raise Http404(str(exc)) from None


def _admin_view(view):
    """A replacement view, decorated like Wagtail's admin views are in its URLconf."""
    return never_cache(require_admin_access(view))


def answer_with(view_factory):
    """A guard that answers with another view (built once, on first use)."""
    build = functools.cache(lambda: _admin_view(view_factory()))

    def guard(request, view_func, args, kwargs):
        return build()(request, *args, **kwargs)

    return guard


GUARDS = {
    "wagtail_bulk_action": narrow_bulk_action,
    "wagtailadmin_choose_page_child": page_chooser_parent_in_scope,
    "wagtailimages:preview": preview_or_404,
    "wagtailadmin_reports:site_history": answer_with(lambda: admin_reports.ScopedLogEntriesView.as_view()),
    "wagtailadmin_reports:site_history_results": answer_with(
        lambda: admin_reports.ScopedLogEntriesView.as_view(results_only=True)
    ),
    "wagtailadmin_reports:page_types_usage": answer_with(
        lambda: admin_reports.ScopedPageTypesUsageReportView.as_view()
    ),
    "wagtailadmin_reports:page_types_usage_results": answer_with(
        lambda: admin_reports.ScopedPageTypesUsageReportView.as_view(results_only=True)
    ),
    "wagtailadmin_reports:locked_pages": answer_with(lambda: admin_reports.ScopedLockedPagesView.as_view()),
    "wagtailadmin_reports:locked_pages_results": answer_with(
        lambda: admin_reports.ScopedLockedPagesView.as_view(results_only=True)
    ),
    "wagtailadmin_reports:workflow": answer_with(lambda: admin_reports.ScopedWorkflowView.as_view()),
    "wagtailadmin_reports:workflow_results": answer_with(
        lambda: admin_reports.ScopedWorkflowView.as_view(results_only=True)
    ),
    "wagtailimages:index": answer_with(lambda: admin_media.ScopedImageIndexView.as_view()),
    "wagtailimages:index_results": answer_with(lambda: admin_media.ScopedImageIndexView.as_view(results_only=True)),
    "wagtaildocs:index": answer_with(lambda: admin_media.ScopedDocumentIndexView.as_view()),
    "wagtaildocs:index_results": answer_with(
        lambda: admin_media.ScopedDocumentIndexView.as_view(results_only=True)
    ),
    "wagtailimages_chooser:choose": answer_with(admin_media.image_choose_view),
    "wagtailadmin_tag_autocomplete": answer_with(lambda: admin_media.tag_autocomplete),
    "wagtailadmin_tag_model_autocomplete": answer_with(lambda: admin_media.tag_autocomplete),
}


def guard_for(view_name: str | None):
    return GUARDS.get(view_name or "")
