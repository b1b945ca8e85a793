"""The seller home's setup checklist (issue 13.6): what a new store still needs before it opens.

Each item is worked out from the store's own data, so it ticks itself as the store fills in. The catalog knows its
own items (logo, five products with photos); the apps it cannot import add theirs through the Wagtail hook
``SETUP_CHECKLIST_HOOK``: a function ``(store) -> list[ChecklistItem]`` (cms: brand colours, checkout: shipping
rates, checkout.payouts: an approved payout account). The panel (``catalog.home_panels.SetupChecklistPanel``) hides itself when every item is done."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from catalog.models import Product, ProductImage, Store

SETUP_CHECKLIST_HOOK = "opop_store_setup_checklist"
PRODUCTS_WITH_PHOTOS_NEEDED = 5


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    done: bool
    url: str = ""
    order: int = 100
    progress: str = ""  # "3/5" where an item counts


def products_with_photos(store: Store) -> int:
    with_photo = Exists(ProductImage.objects.filter(product=OuterRef("pk")))
    return Product.objects.filter(store=store).filter(with_photo).count()


def catalog_items(store: Store) -> list[ChecklistItem]:
    store_url = reverse("wagtailsnippets_catalog_store:edit", args=[store.pk])
    photos = products_with_photos(store)
    return [
        ChecklistItem("logo", _("Upload the store's logo"), store.logo_id is not None, store_url, order=10),
        ChecklistItem(
            "products",
            _("Add five products with photos"),
            photos >= PRODUCTS_WITH_PHOTOS_NEEDED,
            reverse("wagtailsnippets_catalog_product:add"),
            order=30,
            progress=f"{min(photos, PRODUCTS_WITH_PHOTOS_NEEDED)}/{PRODUCTS_WITH_PHOTOS_NEEDED}",
        ),
    ]


def checklist(store: Store) -> list[ChecklistItem]:
    """Every item for ``store``: the catalog's and those the hook's functions add, in ``order``."""
    items = catalog_items(store)
    for items_of in hooks.get_hooks(SETUP_CHECKLIST_HOOK):
        items.extend(items_of(store))
    return sorted(items, key=lambda item: (item.order, item.key))
