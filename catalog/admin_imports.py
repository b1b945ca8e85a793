"""Products in bulk in the Wagtail admin: upload a file, read the dry run, apply it; export a store's products.

Every view works inside the editor's stores (``catalog.scoping``): the upload form offers only their stores, a job
of another store is a 404 (the URLs are also wrapped by ``scope_urlpatterns``), the export refuses another store.
Editors need the ``catalog.change_product`` permission; curators (read-only) and other users are refused.
Small files are checked and applied in the request; larger ones in background tasks (``catalog.tasks``) while
the job's page shows the progress and refreshes itself.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem

from catalog.models import ImportJob, ImportMode, ImportStatus, Store
from catalog.product_files import FORMATS, MAX_BYTES, format_of
from catalog.scoping import scope_queryset, scope_urlpatterns
from catalog.services import import_jobs
from catalog.services.product_export import export_file
from catalog.services.product_import import Report
from catalog.tasks import apply_product_import, check_product_import

PERMISSION = "catalog.change_product"
SHOWN_ROWS = 500  # rows of changes listed on the page; the counts cover all of them


def _stores(user):
    if not user.has_perm(PERMISSION):
        raise PermissionDenied
    return scope_queryset(Store.objects.all(), user, write=True)


class UploadForm(forms.Form):
    store = forms.ModelChoiceField(queryset=Store.objects.none(), label=gettext_lazy("Store"))
    file = forms.FileField(label=gettext_lazy("File (CSV or XLSX)"))
    mode = forms.ChoiceField(choices=ImportMode.choices, initial=ImportMode.FULL, widget=forms.RadioSelect,
                             label=gettext_lazy("What to update"))
    publish = forms.TypedChoiceField(
        choices=[("0", gettext_lazy("Save as drafts (publish them later)")),
                 ("1", gettext_lazy("Publish at once"))],
        coerce=lambda value: value == "1", initial="0", widget=forms.RadioSelect, label=gettext_lazy("Products"),
    )

    def __init__(self, *args, stores, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = stores
        self.only_store = stores.first() if stores.count() == 1 else None
        if self.only_store is not None:  # an editor of one store never chooses it
            self.fields["store"].required = False
            self.fields["store"].widget = forms.HiddenInput()

    def clean_store(self):
        return self.cleaned_data.get("store") or self.only_store

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            format_of(upload.name)
        except ValueError:
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is too large: at most 10 MB."))
        return upload


def _context(title, **extra):
    return {"header_title": title, "page_title": title, "header_icon": "upload", **extra}


def index(request):
    stores = _stores(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, stores=stores)
    if request.method == "POST" and form.is_valid():
        job = import_jobs.create_job(
            form.cleaned_data["store"], form.cleaned_data["file"], mode=form.cleaned_data["mode"],
            publish=form.cleaned_data["publish"], user=request.user, language=translation.get_language(),
        )
        if import_jobs.runs_in_request(job):
            import_jobs.run_check(job.pk)
        else:
            check_product_import.enqueue(job.pk)
        return redirect("opop_imports:detail", pk=job.pk)
    jobs = scope_queryset(ImportJob.objects.select_related("store"), request.user, write=True)[:20]
    return TemplateResponse(request, "catalog/admin/imports/index.html", _context(
        _("Import products"), form=form, jobs=jobs, stores=stores, formats=FORMATS,
    ))


def _job(request, pk) -> ImportJob:
    _stores(request.user)
    found = scope_queryset(ImportJob.objects.select_related("store"), request.user, write=True).filter(pk=pk)
    job = found.first()
    if job is None:
        raise Http404(_("This import does not exist or does not belong to your store."))
    return job


def detail(request, pk):
    job = _job(request, pk)
    report = Report.from_dict(job.report)
    done, total = import_jobs.progress(job)
    return TemplateResponse(request, "catalog/admin/imports/detail.html", _context(
        _("Import: %(file)s") % {"file": job.original_name}, job=job, report=report,
        counts={"created": report.count("created"), "updated": report.count("updated"),
                "unchanged": report.count("unchanged")},
        changes=[c for c in report.changes if c.action != "unchanged"][:SHOWN_ROWS],
        progress_done=done, progress_total=total, can_apply=job.status == ImportStatus.READY,
        index_url=reverse("opop_imports:index"),
    ))


def apply(request, pk):
    if request.method != "POST":
        return HttpResponse(status=405)
    job = _job(request, pk)
    try:
        job = import_jobs.start_apply(job)
    except import_jobs.JobNotReady:
        messages.error(request, _("This file cannot be applied now: check its status below."))
        return redirect("opop_imports:detail", pk=job.pk)
    if import_jobs.runs_in_request(job):
        import_jobs.run_apply(job.pk)
    else:
        apply_product_import.enqueue(job.pk)
    return redirect("opop_imports:detail", pk=job.pk)


def export(request):
    stores = _stores(request.user)
    store = stores.filter(pk=request.GET.get("store") or 0).first() if str(request.GET.get("store", "")).isdigit() \
        else None
    file_format = request.GET.get("format", "csv")
    if store is None or file_format not in FORMATS:
        raise Http404(_("This store does not exist or is not yours."))
    content_type = {"csv": "text/csv; charset=utf-8",
                    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[file_format]
    response = HttpResponse(export_file(store, file_format), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="produk-{store.slug}.{file_format}"'
    return response


def urlpatterns():
    patterns = [
        path("", index, name="index"),
        path("<int:pk>/", detail, name="detail"),
        path("<int:pk>/terapkan/", apply, name="apply"),
        path("ekspor/", export, name="export"),
    ]
    return scope_urlpatterns(patterns, ImportJob)


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION) and _stores(request.user).exists()


def menu_item() -> MenuItem:
    return ImportMenuItem(gettext_lazy("Import products"), reverse("opop_imports:index"), icon_name="upload",
                          name="impor-produk", order=105)
