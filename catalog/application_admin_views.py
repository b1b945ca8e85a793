"""The curators' review queue of store applications (issue 13.6), in the Wagtail admin.

Curators and administrators only: anyone else (store editors included) gets 403 on every URL (``reviewers_only``).
The actions are the services of ``catalog.services.applications``; a refusal is shown as a message and nothing
changes."""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from catalog.models import ApplicationStatus, StoreApplication
from catalog.scoping import is_curator
from catalog.services import applications

URL_NAMESPACE = "catalog_applications"


def can_review(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and (user.is_superuser or is_curator(user)))


def reviewers_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_review(request.user):
            # A plain 403, not Wagtail's redirect to the dashboard: the permission matrix tells refusals apart.
            return TemplateResponse(request, "catalog/admin/applications/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


class ApproveForm(forms.Form):
    slug = forms.SlugField(
        label=gettext_lazy("Store address"), max_length=60, help_text=gettext_lazy("opop.example/<address>/")
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (sent to the applicant)"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


@require_GET
@reviewers_only
def application_list(request):
    status = request.GET.get("status") or ApplicationStatus.PENDING
    if status not in ApplicationStatus.values:
        status = ApplicationStatus.PENDING
    rows = StoreApplication.objects.filter(status=status)
    if status != ApplicationStatus.PENDING:
        rows = rows.order_by("-reviewed_at", "-pk")
    context = {"rows": rows[:200], "status": status, "statuses": ApplicationStatus.choices}
    return TemplateResponse(request, "catalog/admin/applications/list.html", context)


def _detail(request, application, approve_form=None, reject_form=None, status=200):
    context = {
        "application": application,
        "approve_form": approve_form or ApproveForm(initial={"slug": applications.suggested_slug(application)}),
        "reject_form": reject_form or RejectForm(),
    }
    return TemplateResponse(request, "catalog/admin/applications/detail.html", context, status=status)


@require_GET
@reviewers_only
def application_detail(request, pk):
    return _detail(request, get_object_or_404(StoreApplication, pk=pk))


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


@require_POST
@reviewers_only
def application_approve(request, pk):
    application = get_object_or_404(StoreApplication, pk=pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _detail(request, application, approve_form=form, status=400)
    try:
        store = applications.approve_application(application.pk, request.user, slug=form.cleaned_data["slug"])
    except applications.ApplicationError as error:
        messages.error(request, str(error))
        return redirect(f"{URL_NAMESPACE}:detail", pk=pk)
    except ValidationError as error:
        messages.error(request, _("The store was not created: %(reason)s") % {"reason": _error_text(error)})
        return _detail(request, application, approve_form=form, status=400)
    messages.success(
        request,
        _("%(store)s is approved: the store exists and %(email)s received the link to set a password.")
        % {"store": store.name, "email": application.email},
    )
    return redirect(f"{URL_NAMESPACE}:list")


@require_POST
@reviewers_only
def application_reject(request, pk):
    application = get_object_or_404(StoreApplication, pk=pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _detail(request, application, reject_form=form, status=400)
    try:
        applications.reject_application(application.pk, request.user, form.cleaned_data["reason"])
    except applications.ApplicationError as error:
        messages.error(request, str(error))
        return redirect(f"{URL_NAMESPACE}:detail", pk=pk)
    except ValidationError as error:
        form.add_error("reason", _error_text(error))
        return _detail(request, application, reject_form=form, status=400)
    messages.success(
        request, _("The application of %(name)s was rejected; the reason was e-mailed.") % {"name": application}
    )
    return redirect(f"{URL_NAMESPACE}:list")
