"""Importing a store's products from a file: a check (the dry run) and an application, all or nothing.

- ``check(store, content, file_format, mode=..., publish=...)`` reads the file and compares it with the catalog;
  it writes nothing. Its ``Report`` has, per row, what would be created or updated (or that nothing changes) and
  every bad row with its line number and the reason, in the active language.
- ``apply(...)`` runs the same check inside one transaction, with the store's stock rows of the file locked, and
  writes only when no row is bad: products, variants and prices with a revision each, published or saved as
  drafts (``catalog.services.product_writer``, in bulk), stock straight to ``catalog.Stock`` (stock is not part
  of drafts). Any error undoes everything.
  Applying the same file again changes nothing (rows are matched by SKU, products by their slug).
- ``mode``: ``full`` (everything in the file), ``stock`` or ``prices`` (only those columns are read; the other
  columns of the same file format are ignored, and every SKU must already exist).

Listing rows are refreshed once per file (``listings.deferred()`` collects what single saves ask for); stock changes are announced with ``catalog.signals.stock_changed`` like the order services' bulk moves
(listings, back-in-stock alerts and the page cache listen). Another store's rows are never read or written: every
lookup is by the store, and a row whose ``store`` column names another store is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Channel, ImportMode, Product, Stock, Store, Variant, VariantPrice
from catalog.product_files import FileUnreadable, read_rows
from catalog.services import listings, product_writer
from catalog.services.product_plan import Catalog, Plan, build_plan
from catalog.signals import stock_changed

Progress = Callable[[int, int], None]
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class Problem:
    line: int
    sku: str
    message: str


@dataclass
class RowChange:
    line: int
    sku: str
    action: str
    changes: list[str] = field(default_factory=list)


@dataclass
class Report:
    mode: str = ImportMode.FULL
    publish: bool = False
    rows: int = 0
    changes: list[RowChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    applied: bool = False

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        data = asdict(self)
        data.update(created=self.count(CREATED), updated=self.count(UPDATED), unchanged=self.count(UNCHANGED))
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Report:
        data = {k: v for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
        data["changes"] = [RowChange(**c) for c in data.get("changes", [])]
        data["problems"] = [Problem(**p) for p in data.get("problems", [])]
        return cls(**data)


class ImportRefused(Exception):
    """The file has bad rows (or cannot be read): nothing was changed. ``report`` says why."""

    def __init__(self, report: Report):
        super().__init__(report.problems[0].message if report.problems else "")
        self.report = report


def _unreadable(reason: str) -> str:
    return {
        "format": _("The file cannot be read: upload a CSV or XLSX file (for example one made by Export)."),
        "encoding": _("The file cannot be read: save the CSV as UTF-8."),
        "header": _("The first row must hold the column names (sku, product_slug, title …)."),
        "rows": _("The file has too many rows: at most 20,000 per file."),
        "size": _("The file is too large: at most 10 MB."),
    }.get(reason, _("The file cannot be read."))


def _read(store, content, file_format, mode, publish, *, lock=False) -> tuple[Report, Plan | None]:
    report = Report(mode=mode, publish=publish)
    try:
        header, rows = read_rows(content, file_format)
    except FileUnreadable as error:
        report.problems.append(Problem(1, "", _unreadable(str(error))))
        return report, None
    report.rows = len(rows)
    catalog = Catalog.load(store, rows, lock=lock)
    plan = build_plan(catalog, header, rows, mode=mode, publish=publish)
    report.problems = [Problem(p.line, p.sku, p.message) for p in plan.problems]
    report.changes = [RowChange(c.line, c.sku, c.action, c.changes) for c in plan.row_changes]
    if not rows and not report.problems:
        report.problems.append(Problem(1, "", _("The file has no rows below the column names.")))
    return report, plan


def check(store: Store, content: bytes, file_format: str, *, mode: str = ImportMode.FULL,
          publish: bool = False) -> Report:
    """What applying the file would do, and every bad row; writes nothing."""
    report, _plan = _read(store, content, file_format, mode, publish)
    return report


def apply(store: Store, content: bytes, file_format: str, *, mode: str = ImportMode.FULL, publish: bool = False,
          user=None, progress: Progress | None = None) -> Report:
    """Apply the file, all or nothing; raises ``ImportRefused`` (nothing changed) when any row is bad.

    Idempotent: rows that change nothing write nothing (no revision, no stock update)."""
    with transaction.atomic(), listings.deferred():
        report, plan = _read(store, content, file_format, mode, publish, lock=True)
        if not report.ok or plan is None:
            raise ImportRefused(report)
        _write_products(store, plan, publish=publish, user=user, progress=progress)
        _write_stock(store, plan)
    report.applied = True
    return report


def _write_products(store, plan: Plan, *, publish, user, progress) -> None:
    channels = {}
    for channel in Channel.objects.filter(is_active=True):
        channels.setdefault(channel.currency, []).append(channel)
    objects = []
    for product_plan in plan.products.values():
        if not product_plan.changed:
            continue
        obj = product_plan.current
        if obj is None:
            obj = Product(store=store, slug=product_plan.slug, live=False)
            obj.images = []  # in memory: serialising the new product's revision asks no query
        for name, value in product_plan.fields.items():
            setattr(obj, name, value)
        obj.variants = _variants(obj, product_plan, channels)
        objects.append((obj, product_plan.current is None))
    product_writer.write(store, objects, publish=publish, user=user, progress=progress)


def _variants(obj: Product, product_plan, channels) -> list[Variant]:
    variants = list(obj.variants.all()) if product_plan.current is not None else []
    by_sku = {v.sku: v for v in variants}
    for vplan in product_plan.variants:
        variant = by_sku.get(vplan.sku)
        if variant is None:
            variant = Variant(sku=vplan.sku, name="", weight_grams=0, sort_order=len(variants))
            variant.option_values = []
            variants.append(variant)
            by_sku[vplan.sku] = variant
        if vplan.name is not None:
            variant.name = vplan.name
        if vplan.weight is not None:
            variant.weight_grams = vplan.weight
        if vplan.prices or vplan.compares:
            variant.prices = _prices(variant, vplan, channels)
    return variants


def _prices(variant: Variant, vplan, channels) -> list[VariantPrice]:
    prices = list(variant.prices.all()) if variant.pk or variant.prices.all() else []
    by_channel = {p.channel_id: p for p in prices}
    for currency in set(vplan.prices) | set(vplan.compares):
        for channel in channels.get(currency, []):
            price = by_channel.get(channel.pk)
            if price is None:
                price = VariantPrice(channel=channel)
                prices.append(price)
                by_channel[channel.pk] = price
            if currency in vplan.prices:
                price.amount = vplan.prices[currency]
            if currency in vplan.compares:
                price.compare_at_amount = vplan.compares[currency]
    return prices


def _write_stock(store, plan: Plan) -> None:
    if not plan.stock:
        return
    now = timezone.now()
    existing = {s.sku: s for s in Stock.objects.filter(store=store, sku__in=list(plan.stock))}
    new, changed = [], []
    for sku, quantity in plan.stock.items():
        row = existing.get(sku)
        if row is None:
            new.append(Stock(store=store, sku=sku, quantity=quantity))
        elif row.quantity != quantity:
            row.quantity, row.updated_at = quantity, now
            changed.append(row)
    if changed:
        Stock.objects.bulk_update(changed, ["quantity", "updated_at"], batch_size=1000)
    created = Stock.objects.bulk_create(new, batch_size=1000) if new else []
    ids = [row.pk for row in changed] + [row.pk for row in created if row.pk]
    if len(ids) < len(changed) + len(created):  # a database that does not return new keys
        ids = list(Stock.objects.filter(store=store, sku__in=[s.sku for s in new]).values_list("pk", flat=True))
        ids += [row.pk for row in changed]
    stock_changed.send(sender=Stock, stock_ids=ids)

