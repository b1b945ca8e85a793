"""What a product file means for one store's catalog: the rows read, checked and compared with what is there.

``Catalog.load`` reads the store's current state for the file's SKUs and slugs in a fixed number of queries (a
product with an unpublished draft counts as its latest draft, so importing a file twice as drafts changes nothing
the second time); ``build_plan`` turns rows into per-product plans, the bad rows (``problems``) and what each row
changes (``row_changes``). ``catalog.services.product_import`` writes a plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _

from catalog.models import Category, Channel, ImportMode, Product, Stock, Store, Variant
from catalog.money import format_money
from catalog.product_files import (
    PRODUCT_COLUMNS,
    STOCK_COLUMN,
    VARIANT_COLUMNS,
    Row,
    compare_column,
    price_column,
)
from catalog.services.product_cells import (
    CellError,
    normalise_bpom,
    normalise_halal,
    read_date,
    read_money,
    read_whole,
    validated,
)
from catalog.validators import validate_bpom_number, validate_halal_number, validate_pirt_number

SLUG_RE = re.compile(r"^[-a-z0-9_]+$")
PRICE_COLUMN_RE = re.compile(r"^(price|compare_at)_([a-z]{3})$")
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def normalise_sku(text: str) -> str:
    return (text or "").strip().upper()


@dataclass
class Catalog:
    """The store's current products (by slug), which product uses each SKU, stock rows, categories, channels."""

    store: Store
    products: dict[str, Product]
    owner: dict[str, str]  # SKU -> slug of the product whose current version has it
    stock: dict[str, Stock]
    categories: dict[str, Category]
    currencies: list[str]
    channel_currency: dict[int, str]

    @classmethod
    def load(cls, store: Store, rows: list[Row], *, lock: bool = False) -> Catalog:
        skus = {normalise_sku(r.get("sku")) for r in rows} - {""}
        slugs = {r.get("product_slug").strip().lower() for r in rows} - {""}
        stock_rows = Stock.objects.filter(store=store, sku__in=list(skus)).order_by("pk")
        if lock:
            stock_rows = stock_rows.select_for_update()
        stock = {s.sku: s for s in stock_rows}
        owner_pk = dict(Variant.objects.filter(product__store=store, sku__in=list(skus)).values_list("sku", "product_id"))
        owner_pk.update(_draft_owners(store, skus))
        found = Product.objects.filter(store=store).filter(pk__in=set(owner_pk.values())) | Product.objects.filter(
            store=store, slug__in=list(slugs)
        )
        by_pk = {}
        for product in found.select_related("latest_revision", "category").prefetch_related(
            "variants__prices", "variants__option_values", "images"
        ):
            by_pk[product.pk] = current_version(product)
        channels = list(Channel.objects.values_list("pk", "currency", "is_active"))
        currencies = []
        for _pk, currency, active in channels:
            if active and currency not in currencies:
                currencies.append(currency)
        return cls(
            store=store,
            products={p.slug: p for p in by_pk.values()},
            owner={sku: by_pk[pk].slug for sku, pk in owner_pk.items() if pk in by_pk},
            stock=stock,
            categories={c.slug: c for c in Category.objects.all()},
            currencies=currencies,
            channel_currency={pk: currency for pk, currency, _active in channels},
        )


def _draft_owners(store, skus) -> dict[str, int]:
    """SKUs that an unpublished draft uses (they live only in its latest revision until it is published)."""
    found = {}
    drafts = Product.objects.filter(store=store, has_unpublished_changes=True, latest_revision__isnull=False)
    for pk, content in drafts.values_list("pk", "latest_revision__content"):
        for row in (content or {}).get("variants") or []:
            sku = normalise_sku(str(row.get("sku") or ""))
            if sku in skus:
                found[sku] = pk
    return found


def current_version(product: Product) -> Product:
    if product.has_unpublished_changes and product.latest_revision_id:
        draft = product.latest_revision.as_object()
        draft.opop_from_draft = True  # its live rows differ from it (``product_writer``)
        return draft
    return product


@dataclass
class VariantPlan:
    line: int
    sku: str
    name: str | None = None
    weight: int | None = None
    prices: dict[str, Decimal] = field(default_factory=dict)
    compares: dict[str, Decimal] = field(default_factory=dict)
    stock: int | None = None


@dataclass
class ProductPlan:
    slug: str
    line: int
    current: Product | None
    fields: dict = field(default_factory=dict)
    variants: list[VariantPlan] = field(default_factory=list)
    changed: bool = False


@dataclass
class Found:
    """A bad row (``Problem``) or a row's outcome (``RowChange``), before they become the report's."""

    line: int
    sku: str
    message: str = ""
    action: str = ""
    changes: list[str] = field(default_factory=list)


@dataclass
class Plan:
    products: dict[str, ProductPlan] = field(default_factory=dict)
    stock: dict[str, int] = field(default_factory=dict)
    problems: list[Found] = field(default_factory=list)
    row_changes: list[Found] = field(default_factory=list)

    def refuse(self, line: int, sku: str, message: str) -> None:
        self.problems.append(Found(line, sku, message))


# --- the header ---------------------------------------------------------------------------------------------------


def check_header(plan: Plan, header: list[str], currencies: list[str], mode: str) -> None:
    known = set(PRODUCT_COLUMNS) | set(VARIANT_COLUMNS) | {STOCK_COLUMN}
    for currency in currencies:
        known |= {price_column(currency), compare_column(currency)}
    for name in header:
        if not name or name in known:
            continue
        match = PRICE_COLUMN_RE.match(name)
        if match:
            plan.refuse(1, "", _("Column %(column)s: no sales channel sells in %(currency)s. Use %(columns)s.")
                        % {"column": name, "currency": match.group(2).upper(),
                           "columns": ", ".join(price_column(c) for c in currencies)})
        else:
            plan.refuse(1, "", _("Unknown column '%(column)s'.") % {"column": name})
    needed = ["sku"] + {ImportMode.FULL: ["product_slug"], ImportMode.STOCK: [STOCK_COLUMN]}.get(mode, [])
    for name in needed:
        if name not in header:
            plan.refuse(1, "", _("The file has no '%(column)s' column.") % {"column": name})
    if mode == ImportMode.PRICES and not any(PRICE_COLUMN_RE.match(name or "") for name in header):
        plan.refuse(1, "", _("The file has no price column (for example price_idr)."))


# --- one row --------------------------------------------------------------------------------------------------------


def _cells(row: Row, plan: Plan, sku: str, readers: dict) -> dict:
    """Read the row's non-empty cells with ``readers`` (column -> function); each bad cell is a problem."""
    values = {}
    for column, reader in readers.items():
        text = row.get(column)
        if not text:
            continue
        try:
            values[column] = reader(text)
        except CellError as error:
            plan.refuse(row.line, sku, f"{column}: {error}")
    return values


def _price_readers(currencies: list[str]) -> dict:
    readers = {}
    for currency in currencies:
        readers[price_column(currency)] = lambda text, c=currency: read_money(text, c)
        readers[compare_column(currency)] = lambda text, c=currency: read_money(text, c)
    return readers


PRODUCT_READERS = {
    "title": lambda text: _limited(text, 160),
    "summary": lambda text: _limited(text, 255),
    "halal_cert_no": lambda text: normalise_halal(validated(text, validate_halal_number)),
    "halal_valid_until": read_date,
    "pirt_number": lambda text: validated(text.strip(), validate_pirt_number),
    "bpom_number": lambda text: normalise_bpom(validated(text, validate_bpom_number)),
}
VARIANT_READERS = {
    "variant_name": lambda text: _limited(text, 120),
    "weight_grams": lambda text: read_whole(text, what=_("Weight")),
}


def _limited(text: str, length: int) -> str:
    if len(text) > length:
        raise CellError(_("At most %(n)s characters.") % {"n": length})
    return text


def _variant_plan(row: Row, sku: str, values: dict, currencies: list[str]) -> VariantPlan:
    vplan = VariantPlan(row.line, sku, name=values.get("variant_name"), weight=values.get("weight_grams"),
                        stock=values.get(STOCK_COLUMN))
    for currency in currencies:
        if price_column(currency) in values:
            vplan.prices[currency] = values[price_column(currency)]
        if compare_column(currency) in values:
            vplan.compares[currency] = values[compare_column(currency)]
    return vplan


def _stock_reader(catalog: Catalog, sku: str):
    def read(text: str) -> int:
        quantity = read_whole(text, what=_("Stock"))
        current = catalog.stock.get(sku)
        if current is not None and quantity < current.quantity_allocated:
            raise CellError(_("Stock cannot be lower than the %(n)s units buyers have already paid for.")
                            % {"n": current.quantity_allocated})
        return quantity
    return read


def read_row(catalog: Catalog, plan: Plan, row: Row, mode: str, seen: dict[str, int]) -> VariantPlan | None:
    """The row's variant plan, or None (with its problems recorded) when the row cannot be used at all."""
    sku = normalise_sku(row.get("sku"))
    store_slug = row.get("store").strip().lower()
    problems = len(plan.problems)
    if not sku:
        plan.refuse(row.line, "", _("Enter a SKU."))
    elif len(sku) > 64:
        plan.refuse(row.line, sku[:64], _("A SKU has at most 64 characters."))
    elif store_slug and store_slug != catalog.store.slug:
        plan.refuse(row.line, sku, _("This row belongs to the store '%(other)s'; this file may only change "
                                     "'%(store)s'. Remove the row.") % {"other": store_slug, "store": catalog.store.slug})
    elif sku in seen:
        plan.refuse(row.line, sku, _("SKU %(sku)s is already on line %(line)s of this file.")
                    % {"sku": sku, "line": seen[sku]})
    elif mode != ImportMode.FULL and sku not in catalog.owner and not (mode == ImportMode.STOCK and sku in catalog.stock):
        plan.refuse(row.line, sku, _("SKU %(sku)s is not in your store. Add new products with a full import.")
                    % {"sku": sku})
    if len(plan.problems) > problems:
        return None
    seen[sku] = row.line
    readers = {}
    if mode in (ImportMode.FULL, ImportMode.STOCK):
        readers[STOCK_COLUMN] = _stock_reader(catalog, sku)
    if mode in (ImportMode.FULL, ImportMode.PRICES):
        readers.update(_price_readers(catalog.currencies))
    if mode == ImportMode.FULL:
        readers.update(VARIANT_READERS)
    values = _cells(row, plan, sku, readers)
    if mode == ImportMode.STOCK and STOCK_COLUMN not in values and not row.get(STOCK_COLUMN):
        plan.refuse(row.line, sku, _("Enter the stock (0 when sold out)."))
    if mode == ImportMode.PRICES and not any(PRICE_COLUMN_RE.match(c) for c in values) and len(plan.problems) == problems:
        plan.refuse(row.line, sku, _("Enter at least one price."))
    if len(plan.problems) > problems:
        return None
    return _variant_plan(row, sku, values, catalog.currencies)


# --- products (full mode) ---------------------------------------------------------------------------------------------


def _product_fields(catalog: Catalog, plan: Plan, row: Row, sku: str) -> dict | None:
    values = _cells(row, plan, sku, PRODUCT_READERS)
    category_slug = row.get("category").strip().lower()
    if category_slug:
        category = catalog.categories.get(category_slug)
        if category is None:
            plan.refuse(row.line, sku, _("category: there is no category '%(slug)s'.") % {"slug": category_slug})
            return None
        values["category"] = category
    return values


def _product_slug(plan: Plan, row: Row, sku: str) -> str | None:
    slug = row.get("product_slug").strip().lower() or slugify(row.get("title"))
    if not slug:
        plan.refuse(row.line, sku, _("Enter product_slug (or a title to make one from)."))
    elif len(slug) > 160 or not SLUG_RE.match(slug):
        plan.refuse(row.line, sku, _("product_slug: use lowercase letters, digits and hyphens, for example "
                                     "kopi-robusta-250."))
    else:
        return slug
    return None


def add_to_product(catalog: Catalog, plan: Plan, row: Row, vplan: VariantPlan) -> None:
    """File a full-mode row under its product (by slug), checking it against the product's other rows."""
    problems = len(plan.problems)
    slug = _product_slug(plan, row, vplan.sku)
    fields = _product_fields(catalog, plan, row, vplan.sku)
    if slug is None or fields is None or len(plan.problems) > problems:
        return
    owner = catalog.owner.get(vplan.sku)
    if owner is not None and owner != slug:
        title = catalog.products[owner].title
        plan.refuse(row.line, vplan.sku, _("SKU %(sku)s is already used by '%(product)s' in your store. Use another "
                                           "code.") % {"sku": vplan.sku, "product": title})
        return
    product_plan = plan.products.get(slug)
    if product_plan is None:
        product_plan = plan.products[slug] = ProductPlan(slug, row.line, catalog.products.get(slug), dict(fields))
    for name, value in fields.items():
        if product_plan.fields.setdefault(name, value) != value:
            plan.refuse(row.line, vplan.sku, _("%(column)s differs from line %(line)s of the same product "
                                               "(%(slug)s).") % {"column": name, "line": product_plan.line,
                                                                  "slug": slug})
            return
    product_plan.variants.append(vplan)


def check_products(catalog: Catalog, plan: Plan, publish: bool) -> None:
    """Rules about a whole product: a title and prices for new ones, permits before publishing food, dates."""
    today = timezone.localdate()
    for product_plan in plan.products.values():
        current, fields, line = product_plan.current, product_plan.fields, product_plan.line
        sku = product_plan.variants[0].sku
        if current is None and not fields.get("title"):
            plan.refuse(line, sku, _("Enter a title for the new product %(slug)s.") % {"slug": product_plan.slug})
        halal = fields.get("halal_cert_no") or getattr(current, "halal_cert_no", "")
        until = fields.get("halal_valid_until")
        if halal and until is not None and until < today:
            plan.refuse(line, sku, _("The halal certificate has expired. Renew it or clear the halal number."))
        if publish and _needs_permit(current, fields) and not _has_permit(current, fields):
            plan.refuse(line, sku, _("A food product cannot be published without a halal certificate, P-IRT or BPOM "
                                     "number. Fill one in, or import as drafts."))
        known = {v.sku for v in current.variants.all()} if current is not None else set()
        for vplan in product_plan.variants:
            if vplan.sku not in known and not vplan.prices:
                plan.refuse(vplan.line, vplan.sku, _("A new variant needs a price in at least one currency (for "
                                                     "example price_idr)."))


def _needs_permit(current, fields) -> bool:
    category = fields.get("category") or getattr(current, "category", None)
    product_type = getattr(current, "product_type", None)
    return bool((category and category.is_food) or (product_type and product_type.requires_compliance))


def _has_permit(current, fields) -> bool:
    return any(fields.get(name) or getattr(current, name, "") for name in ("halal_cert_no", "pirt_number",
                                                                          "bpom_number"))


def _add_prices(catalog: Catalog, plan: Plan, vplan: VariantPlan) -> None:
    slug = catalog.owner[vplan.sku]
    product_plan = plan.products.get(slug)
    if product_plan is None:
        product_plan = plan.products[slug] = ProductPlan(slug, vplan.line, catalog.products[slug])
    product_plan.variants.append(vplan)


def _variant_of(product: Product | None, sku: str) -> Variant | None:
    if product is None:
        return None
    return next((v for v in product.variants.all() if v.sku == sku), None)


def _price_of(catalog: Catalog, variant: Variant | None, currency: str):
    if variant is None:
        return None
    return next((p for p in variant.prices.all() if catalog.channel_currency.get(p.channel_id) == currency), None)


def check_prices(catalog: Catalog, plan: Plan) -> None:
    """A compare-at (struck-through) price needs a selling price below it, as in the product form."""
    for product_plan in plan.products.values():
        for vplan in product_plan.variants:
            variant = _variant_of(product_plan.current, vplan.sku)
            for currency in sorted(set(vplan.prices) | set(vplan.compares)):
                price = _price_of(catalog, variant, currency)
                amount = vplan.prices.get(currency, getattr(price, "amount", None))
                compare = vplan.compares.get(currency, getattr(price, "compare_at_amount", None))
                if compare is not None and amount is None:
                    plan.refuse(vplan.line, vplan.sku, _("%(column)s: enter a selling price when there is a "
                                                         "compare-at price.") % {"column": price_column(currency)})
                elif compare is not None and compare <= amount:
                    plan.refuse(vplan.line, vplan.sku, _("%(column)s: the compare-at price must be higher than the "
                                                         "selling price.") % {"column": compare_column(currency)})


# --- what changes ------------------------------------------------------------------------------------------------------


def _shown(value) -> str:
    if value is None or value == "":
        return "–"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _product_changes(current: Product, fields: dict) -> list[str]:
    changes = []
    for name, value in fields.items():
        old = getattr(current, name)
        if old != value:
            label = capfirst(Product._meta.get_field(name).verbose_name)
            changes.append(f"{label}: {_shown(old)} → {_shown(value)}")
    return changes


def _variant_changes(catalog: Catalog, variant: Variant, vplan: VariantPlan) -> list[str]:
    changes = []
    for attr, value, label in (("name", vplan.name, _("Variant name")), ("weight_grams", vplan.weight,
                                                                          _("Weight (grams)"))):
        if value is not None and getattr(variant, attr) != value:
            changes.append(f"{label}: {_shown(getattr(variant, attr))} → {_shown(value)}")
    for currency in catalog.currencies:
        price = _price_of(catalog, variant, currency)
        for given, attr, label in ((vplan.prices, "amount", _("Price %(currency)s")),
                                   (vplan.compares, "compare_at_amount", _("Compare-at price %(currency)s"))):
            if currency not in given:
                continue
            old = getattr(price, attr, None)
            if old != given[currency]:
                old_text = format_money(old, currency) if old is not None else "–"
                changes.append(f"{label % {'currency': currency}}: {old_text} → {format_money(given[currency], currency)}")
    return changes


def _stock_changes(catalog: Catalog, plan: Plan, vplan: VariantPlan) -> list[str]:
    if vplan.stock is None:
        return []
    row = catalog.stock.get(vplan.sku)
    old = row.quantity if row is not None else None
    if old == vplan.stock:
        return []
    plan.stock[vplan.sku] = vplan.stock
    return [f"{_('Stock')}: {_shown(old)} → {vplan.stock}"]


def describe(catalog: Catalog, plan: Plan, stock_only: list[VariantPlan], publish: bool) -> None:
    """Each row's outcome: created, updated (with what changes) or unchanged; marks the products to write."""
    for product_plan in plan.products.values():
        current = product_plan.current
        product_changes = _product_changes(current, product_plan.fields) if current is not None else []
        if publish and current is not None and (not current.live or getattr(current, "opop_from_draft", False)):
            product_changes.append(_("Draft → published"))  # publishing a file publishes its products' drafts
        product_plan.changed = current is None or bool(product_changes)
        for index, vplan in enumerate(product_plan.variants):
            variant = _variant_of(current, vplan.sku)
            changes = list(product_changes) if index == 0 else []
            if variant is not None:
                changes += _variant_changes(catalog, variant, vplan)
            product_plan.changed = product_plan.changed or variant is None or bool(changes)
            changes += _stock_changes(catalog, plan, vplan)
            action = CREATED if variant is None else UPDATED if changes else UNCHANGED
            plan.row_changes.append(Found(vplan.line, vplan.sku, action=action, changes=changes))
    for vplan in stock_only:
        changes = _stock_changes(catalog, plan, vplan)
        plan.row_changes.append(Found(vplan.line, vplan.sku, action=UPDATED if changes else UNCHANGED,
                                      changes=changes))


def build_plan(catalog: Catalog, header: list[str], rows: list[Row], *, mode: str, publish: bool) -> Plan:
    plan = Plan()
    check_header(plan, header, catalog.currencies, mode)
    if plan.problems:
        return plan
    seen: dict[str, int] = {}
    stock_only = []
    for row in rows:
        vplan = read_row(catalog, plan, row, mode, seen)
        if vplan is None:
            continue
        if mode == ImportMode.FULL:
            add_to_product(catalog, plan, row, vplan)
        elif mode == ImportMode.PRICES:
            _add_prices(catalog, plan, vplan)
        else:
            stock_only.append(vplan)
    if mode == ImportMode.FULL:
        check_products(catalog, plan, publish)
    check_prices(catalog, plan)
    describe(catalog, plan, stock_only, publish)
    bad = {p.line for p in plan.problems}
    plan.row_changes = sorted((c for c in plan.row_changes if c.line not in bad), key=lambda c: c.line)
    plan.problems.sort(key=lambda p: p.line)
    return plan
