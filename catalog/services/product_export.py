"""Exporting a store's products to the import's file format (CSV or XLSX): one row per variant, the current
version of each product (its latest draft when it has unpublished changes, as the import compares with), prices
per currency, stock. Importing the file unchanged changes nothing. Formula-like text is escaped
(``catalog.product_files.write_rows``)."""

from __future__ import annotations

from catalog.models import Channel, Product, Stock, Store
from catalog.money import quantize
from catalog.product_files import columns, write_rows
from catalog.services.product_plan import current_version


def _currencies() -> tuple[list[str], dict[int, str]]:
    channels = list(Channel.objects.values_list("pk", "currency", "is_active"))
    currencies = []
    for _pk, currency, active in channels:
        if active and currency not in currencies:
            currencies.append(currency)
    return currencies, {pk: currency for pk, currency, _active in channels}


def export_rows(store: Store) -> tuple[list[str], list[list]]:
    currencies, channel_currency = _currencies()
    stock = dict(Stock.objects.filter(store=store).values_list("sku", "quantity"))
    products = (
        Product.objects.filter(store=store).select_related("latest_revision", "category")
        .prefetch_related("variants__prices").order_by("title", "pk")
    )
    rows = []
    for product in products:
        obj = current_version(product)
        head = [
            store.slug, obj.slug, obj.title, obj.summary, obj.category.slug if obj.category_id else "",
            obj.halal_cert_no, obj.halal_valid_until.isoformat() if obj.halal_valid_until else "", obj.pirt_number,
            obj.bpom_number,
        ]
        for variant in obj.variants.all():
            prices = {channel_currency.get(p.channel_id): p for p in variant.prices.all()}
            row = head + [variant.sku, variant.name, variant.weight_grams]
            for currency in currencies:
                price = prices.get(currency)
                row.append(quantize(price.amount, currency) if price else "")
                compare = price.compare_at_amount if price else None
                row.append(quantize(compare, currency) if compare is not None else "")
            row.append(stock.get(variant.sku, ""))
            rows.append(row)
    return columns(currencies), rows


def export_file(store: Store, file_format: str) -> bytes:
    header, rows = export_rows(store)
    return write_rows(header, rows, file_format)
