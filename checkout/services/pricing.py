"""Server-side price breakdown of a cart: lines grouped by store, shipping, vouchers, PPN, totals.

Per-store rules are small strategy objects (django-oscar's idea): ``StoreRules`` picks a tax strategy and a
shipping strategy for each store, so no ``if store == ...`` is scattered around. Extension point:
``settings.OPOP_STORE_RULES`` names a ``StoreRules`` subclass (dotted path).

Everything here reads; nothing writes. ``placement.place_order`` recomputes the quote under locks.

Amounts: each quote, store group and line carries its currency; the ``Decimal`` attributes (``subtotal``, ``total``,
…) are what placement stores, and the ``*_money`` properties are the same amounts as ``catalog.money.Money``, which
templates format and through which amounts of different stores are added (so two currencies never mix silently:
``Money`` raises ``ValueError``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Store, VariantPrice
from catalog.money import ZERO, Money, format_money, money_of, quantize

from ..errors import InvalidAmount, ShippingError, VoucherError
from ..models import ShippingRate, Voucher

SNAPSHOT_SALT = "checkout.snapshot"
STORE_AMOUNT_INVALID = gettext_lazy(
    "An amount from %(store)s is not valid, so the order was not placed. Remove its products or try again later."
)


# --- Strategies -----------------------------------------------------------------------------------------


class NoTax:
    label = ""

    def tax(self, taxable: Decimal, currency: str) -> Decimal:
        return ZERO


class PPN:
    """PPN for PKP stores at the effective rate (``settings.OPOP_PPN_RATE``), added on top, whole rupiah."""

    def __init__(self, rate: Decimal | None = None):
        self.rate = Decimal(str(rate if rate is not None else settings.OPOP_PPN_RATE))
        self.label = _("PPN %(rate)s%%") % {"rate": (self.rate * 100).normalize()}

    def tax(self, taxable: Decimal, currency: str) -> Decimal:
        return quantize(max(taxable, ZERO) * self.rate, currency)


@dataclass(frozen=True)
class ShippingOption:
    key: str  # what the form posts: the ShippingRate pk
    name: str
    cost: Decimal
    is_pickup: bool
    estimated_days: str = ""


class RateTableShipping:
    """A store's own ``ShippingRate`` table: the most specific destination wins (regency > province >
    everywhere), the smallest weight band that fits; free above ``free_above``; pick-up always offered."""

    def options(self, store: Store, channel, address: Address, weight: int, subtotal: Decimal) -> list[ShippingOption]:
        rates = ShippingRate.objects.filter(store=store, channel=channel, is_active=True, price__gte=0).filter(
            Q(max_weight_grams__isnull=True) | Q(max_weight_grams__gte=weight)
        )
        best: dict[str, tuple] = {}
        for rate in rates:
            if rate.is_pickup:
                rank = (0, 0)
            else:
                if rate.destination_country != address.country:
                    continue
                if rate.destination_regency_code and rate.destination_regency_code != address.regency_code:
                    continue
                if rate.destination_province_code and rate.destination_province_code != address.province_code:
                    continue
                rank = (
                    -2 if rate.destination_regency_code else (-1 if rate.destination_province_code else 0),
                    rate.max_weight_grams if rate.max_weight_grams is not None else 10**12,
                )
            name = rate.name.strip().lower()
            if name not in best or rank < best[name][0]:
                best[name] = (rank, rate)
        options = []
        for _rank, rate in sorted(best.values(), key=lambda r: (not r[1].is_pickup, r[1].price, r[1].name)):
            cost = rate.price
            if rate.free_above is not None and subtotal >= rate.free_above >= 0:
                cost = ZERO
            options.append(
                ShippingOption(
                    str(rate.pk), rate.translated("name"), quantize(cost, channel.currency), rate.is_pickup,
                    rate.translated("estimated_days"),
                )
            )
        return sorted(options, key=lambda o: (o.is_pickup, o.cost, o.name))


class StoreRules:
    """Which tax and shipping strategy a store uses. Subclass and name it in ``OPOP_STORE_RULES``."""

    shipping = RateTableShipping()

    def tax_strategy(self, store: Store):
        return PPN() if store.is_pkp else NoTax()

    def shipping_strategy(self, store: Store):
        return self.shipping


def get_store_rules() -> StoreRules:
    path = getattr(settings, "OPOP_STORE_RULES", None)
    return import_string(path)() if path else StoreRules()


# --- Quote ---------------------------------------------------------------------------------------------


@dataclass
class Address:
    country: str = "ID"
    province_code: str = ""
    regency_code: str = ""


@dataclass
class LineQuote:
    variant: object
    quantity: int
    unit_price: Decimal
    total: Decimal
    weight: int
    cart_line_id: int | None = None
    currency: str = field(kw_only=True)

    unit_price_money = money_of("unit_price")
    total_money = money_of("total")

    @property
    def product(self):
        return self.variant.product


@dataclass
class StoreQuote:
    store: Store
    lines: list[LineQuote]
    subtotal: Decimal = ZERO
    weight: int = 0
    shipping_options: list[ShippingOption] = field(default_factory=list)
    shipping: ShippingOption | None = None
    voucher: Voucher | None = None
    discount: Decimal = ZERO
    tax_label: str = ""
    tax: Decimal = ZERO
    total: Decimal = ZERO
    currency: str = field(kw_only=True)

    subtotal_money = money_of("subtotal")
    discount_money = money_of("discount")
    tax_money = money_of("tax")
    total_money = money_of("total")

    @property
    def shipping_money(self) -> Money:
        """The chosen shipping's cost (zero before one is chosen, or for free shipping)."""
        return Money(self.shipping.cost if self.shipping else ZERO, self.currency)


@dataclass(frozen=True)
class PricedFor:
    """What a quote was priced for besides the cart: the address, the shipping pick per store of the quote (store
    pk → option key) and the voucher code. ``place_order`` reuses a quote priced for exactly what it places."""

    address: Address
    shipping_choices: tuple[tuple[int, str], ...]
    voucher_code: str

    @classmethod
    def of(cls, address: Address, shipping_choices: dict, voucher_code: str, store_pks) -> PricedFor:
        picks = tuple(sorted((pk, str(shipping_choices[pk])) for pk in store_pks if shipping_choices.get(pk)))
        return cls(address, picks, (voucher_code or "").strip())


@dataclass
class Quote:
    currency: str
    stores: list[StoreQuote]
    voucher: Voucher | None = None
    total: Decimal = ZERO
    errors: list[str] = field(default_factory=list)
    #: Set by ``build_quote``; None for a quote built by hand.
    priced_for: PricedFor | None = None

    total_money = money_of("total")

    @property
    def discount_money(self) -> Money:
        return Money.total((s.discount_money for s in self.stores), self.currency)

    @property
    def discount(self) -> Decimal:
        return self.discount_money.amount

    def stores_total(self) -> Money:
        """The store groups' totals added up (``ValueError`` if a group is in another currency)."""
        return Money.total((s.total_money for s in self.stores), self.currency)

    def snapshot(self) -> dict:
        """What the buyer was shown: per line quantity and unit price, and per store every shipping option with
        its cost (so picking one of the options shown is not a change). Tax and totals follow from these."""
        return {
            "lines": {str(ln.variant.pk): [ln.quantity, str(ln.unit_price)] for s in self.stores for ln in s.lines},
            "shipping": {
                str(s.store.pk): {o.key: str(o.cost) for o in s.shipping_options} for s in self.stores
            },
            "chosen": {str(s.store.pk): s.shipping.key if s.shipping else None for s in self.stores},
            "total": str(self.total),
            "currency": self.currency,
        }

    def signed_snapshot(self) -> str:
        return signing.dumps(self.snapshot(), salt=SNAPSHOT_SALT, compress=True)

    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self.snapshot(), sort_keys=True).encode()).hexdigest()[:16]


def unit_prices(variants, channel) -> dict[int, Decimal]:
    return {
        p.variant_id: p.amount
        for p in VariantPrice.objects.filter(variant__in=[v.pk for v in variants], channel=channel, amount__gte=0)
    }


def find_voucher(code: str, channel, store_ids=()) -> Voucher:
    """The voucher a buyer means by ``code``: a store voucher of a store in the cart (``store_ids``, first
    first), else the marketplace voucher, else another store's (whose "only for that store" message follows)."""
    code = (code or "").strip()
    candidates = list(
        Voucher.objects.filter(code__iexact=code, channel=channel, is_active=True).select_related("store")
    )
    order = {store_id: index for index, store_id in enumerate(store_ids)}
    candidates.sort(key=lambda v: (order.get(v.store_id, len(order) + 1) if v.store_id else len(order), v.pk))
    if not candidates:
        raise VoucherError(_("Voucher code “%(code)s” not recognised.") % {"code": code})
    return candidates[0]


def check_voucher(voucher: Voucher, spend: Decimal, currency: str, *, now=None) -> None:
    """Refuse an expired, not yet valid, used-up or below-minimum voucher with a clear message."""
    now = now or timezone.now()
    if voucher.starts_at and now < voucher.starts_at:
        raise VoucherError(_("Voucher %(code)s is not valid yet.") % {"code": voucher.code})
    if voucher.ends_at and now >= voucher.ends_at:
        raise VoucherError(_("Voucher %(code)s has expired.") % {"code": voucher.code})
    if voucher.usage_limit is not None and voucher.used_count >= voucher.usage_limit:
        raise VoucherError(_("Voucher %(code)s has been used up.") % {"code": voucher.code})
    if spend < voucher.min_spend:
        raise VoucherError(
            _("Voucher %(code)s needs a minimum spend of %(min)s.")
            % {"code": voucher.code, "min": format_money(voucher.min_spend, currency)}
        )


def voucher_discount(voucher: Voucher, spend: Decimal, currency: str) -> Decimal:
    if voucher.kind == Voucher.Kind.PERCENT:
        pct = min(max(voucher.value, ZERO), Decimal(100))
        amount = quantize(spend * pct / 100, currency, ROUND_DOWN)
    else:
        amount = voucher.value
    return quantize(min(max(amount, ZERO), spend), currency)


def build_quote(
    lines: list[tuple[object, int]],
    channel,
    *,
    address: Address | None = None,
    shipping_choices: dict[int, str] | None = None,
    voucher_code: str = "",
    require_shipping: bool = False,
    cart_line_ids: dict[int, int] | None = None,
) -> Quote:
    """Price ``lines`` ((variant, quantity), variants with ``product__store`` loaded) in ``channel``.

    Raises ``VoucherError`` for a voucher that does not apply, and ``ShippingError`` when ``require_shipping``
    and a store has no (valid) shipping choice. Prices always come from ``VariantPrice`` in the channel.
    Steps: lines grouped by store, the voucher, then per store its shipping, tax and total.
    """
    address = address or Address(country=channel.default_country)
    shipping_choices = shipping_choices or {}
    rules = get_store_rules()
    quote = Quote(currency=channel.currency, stores=price_lines(lines, channel, cart_line_ids or {}))
    if voucher_code and voucher_code.strip():
        apply_voucher(quote, voucher_code, channel)
    for group in quote.stores:
        group.shipping_options = rules.shipping_strategy(group.store).options(
            group.store, channel, address, group.weight, group.subtotal
        )
        group.shipping = choose_shipping(group, shipping_choices.get(group.store.pk), require_shipping)
        total_store(group, rules.tax_strategy(group.store), quote.currency)
    quote.total = quote.stores_total().amount
    quote.priced_for = PricedFor.of(address, shipping_choices, voucher_code, [g.store.pk for g in quote.stores])
    return quote


def price_lines(lines, channel, cart_line_ids: dict[int, int]) -> list[StoreQuote]:
    """Lines at the channel's prices, grouped by store in cart order; a variant without a price is left out."""
    currency = channel.currency
    prices = unit_prices([v for v, _q in lines], channel)
    by_store: dict[int, StoreQuote] = {}
    for variant, qty in lines:
        store = variant.product.store
        group = by_store.setdefault(store.pk, StoreQuote(store=store, lines=[], currency=currency))
        price = prices.get(variant.pk)
        if price is None:
            continue  # not sold in this channel; the cart refuses such lines
        price = quantize(price, currency)
        total = price * qty
        group.lines.append(
            LineQuote(
                variant, qty, price, total, variant.weight_grams * qty, cart_line_ids.get(variant.pk),
                currency=currency,
            )
        )
        group.subtotal += total
        group.weight += variant.weight_grams * qty
    return [g for g in by_store.values() if g.lines]


def apply_voucher(quote: Quote, voucher_code: str, channel) -> None:
    """The voucher's discount: a store voucher on its store's goods, a marketplace voucher shared by all stores."""
    currency = quote.currency
    voucher = find_voucher(voucher_code, channel, [g.store.pk for g in quote.stores])
    if voucher.store_id:
        target = next((g for g in quote.stores if g.store.pk == voucher.store_id), None)
        if target is None:
            raise VoucherError(
                _("Voucher %(code)s is valid only for %(store)s products.")
                % {"code": voucher.code, "store": voucher.store.name}
            )
        check_voucher(voucher, target.subtotal, currency)
        target.voucher = voucher
        target.discount = voucher_discount(voucher, target.subtotal, currency)
    else:
        spend = Money.total((g.subtotal_money for g in quote.stores), currency).amount
        check_voucher(voucher, spend, currency)
        _split_discount(quote.stores, voucher_discount(voucher, spend, currency), currency)
        for g in quote.stores:
            g.voucher = voucher
    quote.voucher = voucher


def choose_shipping(group: StoreQuote, chosen: str | None, require_shipping: bool) -> ShippingOption | None:
    """The option the buyer chose among the store's options; ``ShippingError`` for one that is not offered, or
    for none when ``require_shipping``."""
    if chosen:
        option = next((o for o in group.shipping_options if o.key == str(chosen)), None)
        if option is None:
            raise ShippingError(
                _("The shipping option chosen for %(store)s does not apply to this address.") % {"store": group.store.name}
            )
        return option
    if not require_shipping:
        return None
    if not group.shipping_options:
        raise ShippingError(
            _("%(store)s does not ship to this address yet. Choose pick-up at the pesantren or "
              "remove its products.")
            % {"store": group.store.name}
        )
    raise ShippingError(_("Choose shipping for %(store)s.") % {"store": group.store.name})


def total_store(group: StoreQuote, tax_strategy, currency: str) -> None:
    """Tax on the goods after the discount, then the store's total: goods - discount + shipping + tax."""
    group.tax_label = tax_strategy.label
    group.tax = tax_strategy.tax(group.subtotal - group.discount, currency)
    total = group.subtotal_money - group.discount_money + group.shipping_money + group.tax_money
    group.total = total.quantized().amount


def refuse_invalid_amounts(quote: Quote) -> None:
    """Raise ``InvalidAmount`` unless every line, shipping cost, discount, tax and store total is at least zero and
    each store's lines, subtotal and total add up (total = goods - discount + shipping + tax): whatever the rows say and
    whatever a pricing strategy returns, no store order can take less than its goods minus its discount."""
    for group in quote.stores:
        shipping = group.shipping_money.amount
        amounts = [shipping, group.discount, group.tax, group.subtotal, group.total]
        amounts += [a for ln in group.lines for a in (ln.unit_price, ln.total)]
        adds_up = group.total == group.subtotal - group.discount + shipping + group.tax and group.subtotal == sum(
            (ln.total for ln in group.lines), ZERO
        ) and all(ln.total == ln.unit_price * ln.quantity for ln in group.lines)
        if min(amounts) < 0 or group.discount > group.subtotal or not adds_up:
            raise InvalidAmount(STORE_AMOUNT_INVALID % {"store": group.store.name})
    if quote.total_money != quote.stores_total():
        raise InvalidAmount()


def _split_discount(groups: list[StoreQuote], discount: Decimal, currency: str) -> None:
    """A marketplace voucher's discount, shared by the stores in proportion to their subtotal."""
    spend = Money.total((g.subtotal_money for g in groups), currency).amount
    if not groups or spend <= 0:
        return
    left = discount
    for i, g in enumerate(groups):
        share = left if i == len(groups) - 1 else quantize(discount * g.subtotal / spend, currency).min(left)
        g.discount = min(share, g.subtotal)
        left -= g.discount


def load_snapshot(value: str) -> dict | None:
    try:
        return signing.loads(value or "", salt=SNAPSHOT_SALT)
    except signing.BadSignature:
        return None


def describe_changes(before: dict, quote: Quote) -> list[str]:
    """Sentences for the buyer: what differs between what they saw and what the server now computes."""
    changes = []
    currency = quote.currency
    now_lines = {str(ln.variant.pk): ln for s in quote.stores for ln in s.lines}
    for vid, (qty, price) in before.get("lines", {}).items():
        ln = now_lines.get(vid)
        if ln is None:
            changes.append(_("A product is no longer available and was removed from your cart."))
            continue
        if Decimal(price) != ln.unit_price:
            changes.append(
                _("The price of %(product)s changed from %(old)s to %(new)s.")
                % {"product": ln.variant, "old": format_money(Decimal(price), currency),
                   "new": format_money(ln.unit_price, currency)}
            )
        if int(qty) != ln.quantity:
            changes.append(
                _("The quantity of %(product)s is now %(qty)s.") % {"product": ln.variant, "qty": ln.quantity}
            )
    for vid, ln in now_lines.items():
        if vid not in before.get("lines", {}):
            changes.append(_("%(product)s added to your cart.") % {"product": ln.variant})
    now_shipping = {str(s.store.pk): (s, {o.key: o for o in s.shipping_options}) for s in quote.stores}
    for store_pk, options in (before.get("shipping") or {}).items():
        group, current = now_shipping.get(store_pk, (None, {}))
        if group is None:
            continue
        for key, cost in options.items():
            option = current.get(key)
            if option is not None and Decimal(cost) != option.cost:
                changes.append(
                    _("Shipping by %(name)s from %(store)s changed from %(old)s to %(new)s.")
                    % {"name": option.name, "store": group.store.name,
                       "old": format_money(Decimal(cost), currency), "new": format_money(option.cost, currency)}
                )
        if set(options) != set(current):
            changes.append(_("The shipping options from %(store)s changed.") % {"store": group.store.name})
    chosen_now = {str(s.store.pk): s for s in quote.stores}
    for store_pk, key in (before.get("chosen") or {}).items():
        group = chosen_now.get(store_pk)
        if group is not None and group.shipping is not None and group.shipping.key != key:
            changes.append(
                _("Shipping from %(store)s is now %(name)s (%(cost)s).")
                % {"store": group.store.name, "name": group.shipping.name,
                   "cost": format_money(group.shipping.cost, currency)}
            )
    if changes and before.get("total") != str(quote.total):
        changes.append(_("The total to pay is now %(total)s.") % {"total": format_money(quote.total, currency)})
    if not changes and before.get("total") != str(quote.total):
        changes.append(
            _("The total changed from %(old)s to %(new)s.")
            % {"old": format_money(Decimal(before.get("total") or 0), currency), "new": format_money(quote.total, currency)}
        )
    if not changes and before.get("currency") != quote.currency:
        changes.append(_("The currency changed; please check the total again."))
    return changes
