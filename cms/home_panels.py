"""The seller home's photo panel: products whose photos the coaching found weak (``cms.photo_checks``), weakest
first, so an editor knows which photo to take again. Store editors only, their own stores; not shown when every
photo is fine."""

from __future__ import annotations

from django.db.models import Min
from wagtail.admin.ui.components import Component

from catalog import home_selectors
from catalog.home_panels import StoreHomePanel
from catalog.models import Product

from .photo_checks import PASS


def products_with_weak_photos(store_ids: list[int]) -> home_selectors.Listed:
    queryset = (
        Product.objects.filter(store_id__in=store_ids)
        .annotate(photo_score=Min("images__image__photo_score"))
        .filter(photo_score__lt=PASS)
        .order_by("photo_score", "title", "pk")
        .only("pk", "title")
    )
    return home_selectors.first_rows(queryset)


class WeakPhotosPanel(StoreHomePanel):
    name = "opop_weak_photos"
    template_name = "cms/admin/home/weak_photos.html"
    order = 55

    def listed(self):
        return products_with_weak_photos(self.store_ids)


def photo_home_panels(request) -> list[Component]:
    store_ids = home_selectors.home_store_ids(request.user)
    return [WeakPhotosPanel(store_ids)] if store_ids else []
