"""Wagtail's reports, limited to what the user may read.

Wagtail 8 scopes the page reports (locked pages, aging pages, workflows) by page permissions, but not these two:

- **Site history** lists every log entry of every content type the user has *a* model permission for: an editor
  of one store saw every store's product, order, voucher and stock edits (with their names) and, in the user
  filter, the other stores' editors. Here each store-owned content type is limited to the rows in the user's read
  scope (``catalog.scoping``), images and documents to the collections they may use; page entries are already
  limited to the pages the user may explore.
- **Page types usage** counts every page and names the most recently edited page of each type, drafts included.
  Here both are limited to the pages the user may explore.
- The **locked pages** and **workflow** reports list only pages the user may change, but their "locked by" and
  "requested by" filters name every user who ever locked or submitted any page. Here only the users of those
  pages.

``catalog.admin_guards`` routes the report URLs to these views.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.admin.views.reports.locked_pages import LockedPagesReportFilterSet, LockedPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.reports.workflows import WorkflowReportFilterSet, WorkflowView
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import registry as log_registry
from wagtail.models import Page, PageLogEntry, WorkflowState
from wagtail.permissions import policy_registry

from catalog.scoping import StoreScopedPermissionPolicy, scope_queryset

MEDIA_ACTIONS = ["add", "change", "choose", "delete"]


def readable_rows(model, user):
    """The rows of ``model`` whose history ``user`` may read, or None when Wagtail's model permission suffices."""
    policy = policy_registry.get_by_type(model, fallback=False)
    if isinstance(policy, StoreScopedPermissionPolicy):
        return scope_queryset(model._default_manager.all(), user, write=False)
    if model in (get_image_model(), get_document_model()):
        return policy_registry.get_by_type(model).instances_user_has_any_permission_for(user, MEDIA_ACTIONS)
    return None


def scope_log_entries(queryset, user):
    """Limit a log-entry queryset (any log model, values() or not) to entries of objects ``user`` may read."""
    if user.is_superuser or queryset.model is PageLogEntry:
        return queryset  # page entries: Wagtail already keeps them to the pages the user may explore
    condition = Q()
    for content_type_id in queryset.order_by().values_list("content_type_id", flat=True).distinct():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        rows = readable_rows(model, user) if model is not None else None
        if rows is None:
            condition |= Q(content_type_id=content_type_id)
            continue
        ids = rows.order_by().annotate(opop_log_id=Cast("pk", CharField())).values("opop_log_id")
        condition |= Q(content_type_id=content_type_id, object_id__in=Subquery(ids))
    return queryset.filter(condition) if condition else queryset.none()


def readable_log_entries(user):
    for log_model in log_registry.get_log_entry_models():
        yield scope_log_entries(log_model.objects.viewable_by_user(user), user)


class ScopedSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    def get_users_queryset(self):
        user_ids = set()
        for entries in readable_log_entries(self.request.user):
            user_ids.update(entries.get_user_ids())
        User = get_user_model()
        return User.objects.filter(pk__in=user_ids).order_by(User.USERNAME_FIELD)

    get_user_choices = get_users_queryset  # the name Wagtail 8.0's report still defines (unused by its filter)


class ScopedLogEntriesView(LogEntriesView):
    filterset_class = ScopedSiteHistoryFilterSet

    def filter_queryset(self, queryset):
        return scope_log_entries(super().filter_queryset(queryset), self.request.user)


class ScopedPageTypesUsageReportView(PageTypesUsageReportView):
    """Counts and "last edited page" over the pages the user may explore (every page for superusers)."""

    def get_queryset(self):
        if self.request.user.is_superuser:
            return super().get_queryset()
        self.queryset = ContentType.objects.filter(model__in=self.page_models).exclude(
            pk=ContentType.objects.get_for_model(Page).pk
        )
        queryset = self.filter_queryset(self.queryset)
        pages = Page.objects.filter(pk__in=self.permission_policy.explorable_instances(self.request.user).values("pk"))
        language_code = self.filters.form.cleaned_data.get("page_locale", None)
        site_root_path = self.filters.form.cleaned_data.get("site", None)
        if language_code:
            pages = pages.filter(locale__language_code=language_code)
        if site_root_path:
            pages = pages.filter(path__startswith=site_root_path)
        latest = pages.filter(content_type=OuterRef("pk")).order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        )
        return queryset.annotate(
            count=Count("pages", filter=Q(pages__in=pages.values("pk")), distinct=True),
            last_edited_page_id=Subquery(latest.values("pk")[:1]),
        ).order_by("-count", "app_label", "model")


# --- the users named in the page reports' filters ----------------------------------------------------------------


def _pages_user_may_change(user):
    return policy_registry.get_by_type(Page).instances_user_has_permission_for(user, "change")


def _users(ids):
    User = get_user_model()
    return User.objects.filter(pk__in=ids).order_by(User.USERNAME_FIELD)


def lockers_visible_to(user):
    """Users who locked a page ``user`` may change (Wagtail lists everyone who locked any page)."""
    pages = _pages_user_may_change(user) | Page.objects.filter(locked_by=user)
    return _users(pages.filter(locked=True).values("locked_by"))


def requesters_visible_to(user):
    """Users who submitted a page ``user`` may change to a workflow (Wagtail lists every requester)."""
    page_ids = _pages_user_may_change(user).annotate(opop_id=Cast("pk", CharField())).values("opop_id")
    states = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id__in=Subquery(page_ids)
    )
    return _users(states.values("requested_by"))


class ScopedLockedPagesFilterSet(LockedPagesReportFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.request.user.is_superuser:
            self.filters["locked_by"].queryset = lambda request: lockers_visible_to(request.user)


class ScopedWorkflowReportFilterSet(WorkflowReportFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.request.user.is_superuser:
            self.filters["requested_by"].queryset = lambda request: requesters_visible_to(request.user)


class ScopedLockedPagesView(LockedPagesView):
    filterset_class = ScopedLockedPagesFilterSet


class ScopedWorkflowView(WorkflowView):
    filterset_class = ScopedWorkflowReportFilterSet
