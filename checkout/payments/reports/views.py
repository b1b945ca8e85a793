"""The sales report's admin view (page, CSV, XLSX). Scoped by ``catalog.scoping``: superusers and curators read the
marketplace and every store; a store editor reads only their own stores, and asking for another store's report is
a 404 (nothing of it is computed)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from catalog.models import Store
from catalog.scoping import readable_store_ids

from .charts import net_revenue_chart
from .exports import CSV_TYPE, XLSX_TYPE, as_csv, as_xlsx
from .forms import SalesReportForm, default_data
from .labels import period_label
from .selectors import sales_report

EXPORTS = {"csv": (as_csv, CSV_TYPE), "xlsx": (as_xlsx, XLSX_TYPE)}


def report_stores(user) -> tuple[list[Store], bool]:
    """The stores the user may report on, and whether they may see the marketplace as a whole."""
    readable = readable_store_ids(user)
    if readable is None:
        return list(Store.objects.order_by("name")), True
    return list(Store.objects.filter(pk__in=readable).order_by("name")), False


def _refuse_other_stores(request, stores: list[Store]) -> None:
    """Another store's report (an existing store the user may not read) is a 404, before any figure is counted.
    An id of no store at all is left to the form ("Unknown store.")."""
    asked = request.GET.get("store", "")
    if asked.isdigit() and int(asked) not in {s.pk for s in stores} and Store.objects.filter(pk=asked).exists():
        raise Http404


def _download(report, fmt: str, store_name: str) -> HttpResponse:
    build, content_type = EXPORTS[fmt]
    query = report.query
    name = f"laporan-penjualan-{store_name}-{query.start.isoformat()}-{query.end.isoformat()}.{fmt}"
    response = HttpResponse(build(report), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def sales_report_view(request):
    stores, marketplace = report_stores(request.user)
    if not stores and not marketplace:
        raise PermissionDenied
    _refuse_other_stores(request, stores)
    # What the request names, the defaults (last 30 days, by day) for the rest: the menu link opens a report at once.
    data = default_data(stores, marketplace)
    data.update({name: request.GET[name] for name in SalesReportForm.base_fields if name in request.GET})
    form = SalesReportForm(data, stores=stores, marketplace=marketplace)
    report = store = None
    if form.is_valid():
        query = form.report_query()
        store = next((s for s in stores if query.store_ids and s.pk == query.store_ids[0]), None)
        report = sales_report(query)
        fmt = request.GET.get("export", "")
        if fmt in EXPORTS:
            return _download(report, fmt, store.slug if store else "marketplace")
    params = QueryDict(mutable=True)
    params.update({name: form.data.get(name, "") for name in form.fields})
    context = {
        "form": form,
        "report": report,
        "store": store,
        "subject": store.name if store else _("Marketplace (all stores)"),
        "parts": _parts(report) if report else [],
        "export_query": params.urlencode(),
    }
    return TemplateResponse(request, "payments/admin/sales_report.html", context)


def _parts(report) -> list[dict]:
    granularity = report.query.granularity
    return [
        {
            "report": part,
            "chart": net_revenue_chart(part, granularity, f"opop-chart-{part.currency.lower()}"),
            "rows": [(period_label(row.start, granularity), row) for row in part.periods],
        }
        for part in report.currencies
    ]
