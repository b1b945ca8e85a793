"""The listing filters (category, price range, in stock, halal, sort) as one django-filter FilterSet.

The storefront listing, category pages and search read their GET parameters through ``ListingFilterSet``; the
same set can filter an API's ``ProductListing`` queryset. Parameter names are the shop's URLs (Indonesian):
``kategori``, ``min``, ``max``, ``stok``, ``halal``, ``urut``. A value that does not validate is ignored (the
form drops it from ``cleaned_data``) and named in ``ignored``; never an error page.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .categories import category_tree
from .models import ProductListing

TRUE_VALUES = ("1", "on", "true")
MAX_PRICE = Decimal("1e12")
SORTS = {
    "newest": ("-created_at", "-product_id"),
    "price": ("price", "product_id"),
    "-price": ("-price", "product_id"),
    "name": ("title", "product_id"),
}


def parse_price(value: str | None) -> Decimal | None:
    """``60000``, ``60.000`` (Indonesian thousands), ``9,50`` or ``9.50``; None for anything else."""
    value = (value or "").strip()
    if not value:
        return None
    normalised = value.replace(".", "").replace(",", ".") if value.count(".") > 1 else value.replace(",", ".")
    try:
        amount = Decimal(normalised)
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or amount < 0 or amount > MAX_PRICE:
        return None
    return amount


class PriceField(forms.CharField):
    def to_python(self, value):
        raw = super().to_python(value)
        if not raw:
            return None
        amount = parse_price(raw)
        if amount is None:
            raise forms.ValidationError(_("Enter a price of zero or more."), code="invalid")
        return amount


class PriceFilter(django_filters.Filter):
    field_class = PriceField


class FlagFilter(django_filters.Filter):
    """A checkbox: ``1``/``on``/``true`` filters, anything else (or nothing) does not."""

    field_class = forms.CharField

    def filter(self, qs, value):
        return qs.filter(**{self.field_name: True}) if value in TRUE_VALUES else qs


class CategoryField(forms.CharField):
    def to_python(self, value):
        slug = (super().to_python(value) or "").strip()
        if not slug:
            return None
        category = category_tree().by_slug(slug)
        if category is None:
            raise forms.ValidationError(_("Unknown category."), code="invalid_choice")
        return category


class CategoryFilter(django_filters.Filter):
    """A category by slug, its sub-categories included."""

    field_class = CategoryField

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(category_id__in=category_tree().descendant_ids(value))


class SortFilter(django_filters.ChoiceFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=[(key, key) for key in SORTS], empty_label=None, **kwargs)

    def filter(self, qs, value):
        return qs.order_by(*SORTS.get(value or "newest", SORTS["newest"]))


class ListingFilterSet(django_filters.FilterSet):
    kategori = CategoryFilter()
    min = PriceFilter(field_name="price", lookup_expr="gte")
    max = PriceFilter(field_name="price", lookup_expr="lte")
    stok = FlagFilter(field_name="in_stock")
    halal = FlagFilter(field_name="is_halal")
    urut = SortFilter()

    class Meta:
        model = ProductListing
        fields = []

    def __init__(self, data=None, *args, category=None, **kwargs):
        # A category page fixes its category: the parameter is not read there.
        super().__init__(data, *args, **kwargs)
        self.fixed_category = category
        if category is not None:
            del self.filters["kategori"]

    def filter_queryset(self, queryset):
        if self.fixed_category is not None:
            queryset = queryset.filter(category_id__in=category_tree().descendant_ids(self.fixed_category))
        queryset = super().filter_queryset(queryset)
        if "urut" not in self.form.cleaned_data or not self.form.cleaned_data["urut"]:
            queryset = queryset.order_by(*SORTS["newest"])
        return queryset

    @property
    def ignored(self) -> list[str]:
        return sorted(self.form.errors)
