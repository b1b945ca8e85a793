"""The benchmark's baseline: a plain Django ``ListView`` and ``DetailView`` over a plain product table.

Mounted only when ``OPOP_BENCH`` is on (``bench/run.py`` sets it). ``BareProduct`` holds the same rows as the
catalog (``manage.py bench_bare_fill``); the list renders the same 24 cards as the shop's listing (photo, title
link, price), sorted by name, paginated: 2 queries. The detail page is 1 query. None of Wagtail, themes,
channels or caching: what the same pages cost with plain Django.
"""

from django.views.generic import DetailView, ListView

from .models import BareProduct


class BareListing(ListView):
    model = BareProduct
    paginate_by = 24
    page_kwarg = "hal"
    template_name = "bench/bare_listing.html"
    context_object_name = "products"


class BareDetail(DetailView):
    model = BareProduct
    template_name = "bench/bare_detail.html"
    context_object_name = "product"
