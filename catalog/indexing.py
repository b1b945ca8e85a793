"""Search and reference indexes of products written in bulk (``catalog.services.product_writer``).

Wagtail updates both from a task after each ``save()``; a bulk import saves no row one by one, so it enqueues
``index_products`` once, after its commit, with the ids it wrote. The task takes primary keys and re-fetches the
rows (a product deleted meanwhile is skipped).
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task
from modelsearch.backends import get_search_backends
from wagtail.models import ReferenceIndex

from catalog.models import Product

CHUNK = 500


@task()
def index_products(product_ids: list[int]) -> int:
    """Add the products to every auto-updated search backend and record their references. Returns the count."""
    done = 0
    for start in range(0, len(product_ids), CHUNK):
        products = list(Product.objects.filter(pk__in=product_ids[start:start + CHUNK]).select_related("store",
                                                                                                       "category"))
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(Product, products)
        for product in products:
            ReferenceIndex.create_or_update_for_object(product)
        done += len(products)
    return done


def index_after_commit(product_ids: list[int]) -> None:
    ids = list(product_ids)
    if ids:
        transaction.on_commit(lambda: index_products.enqueue(ids))
