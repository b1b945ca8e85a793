"""Placing an order: one Checkout, one Order per store, stock reservations — all or nothing.

``place_order`` is the only writer. It recomputes the whole quote on the server, compares it with the
snapshot the buyer was shown (tell them what changed before anything is charged), then in ONE transaction
locks the Stock rows in primary-key order, checks availability, and creates Checkout, Orders, OrderLines,
Reservations and voucher redemptions. The payment provider is called only after commit
(``start_payment`` in the view): no row lock is ever held while a provider is on the line.

The writes are the named steps of ``OrderPlacer`` (``settings.OPOP_ORDER_PLACER`` names a subclass).

Idempotency: the form carries ``idempotency_key``; a second submit with the same key returns the checkout
created by the first one (also when both race: the unique constraint decides, the loser re-reads).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from catalog.models import Campaign, Stock
from catalog.services.campaigns import attributed_campaigns
from catalog.signals import stock_changed

from ..errors import CartChanged, ErrorCode, InsufficientStock, VoucherError
from ..legal_port import Consent
from ..locks import lock_stocks, lock_voucher
from ..models import (
    Cart,
    CartLine,
    Checkout,
    Order,
    OrderEvent,
    OrderEventType,
    OrderLine,
    Reservation,
    Voucher,
    VoucherRedemption,
)
from ..payment_port import payment_port
from .cart import cart_items
from .notifications import notify_buyer
from .numbers import new_order_number
from .pricing import (
    Address,
    PricedFor,
    Quote,
    StoreQuote,
    build_quote,
    check_voucher,
    describe_changes,
    load_snapshot,
    refuse_invalid_amounts,
)
from .stock import available_for, free_units, shortfall, stock_for_variants


@dataclass
class CheckoutDetails:
    email: str
    phone: str
    recipient_name: str
    street_address: str
    country: str = "ID"
    province_code: str = ""
    regency_code: str = ""
    district_code: str = ""
    village_code: str = ""
    region_label: str = ""
    city: str = ""
    postcode: str = ""
    language: str = "id"
    gateway: str = "manual"
    payment_method: str = ""
    consent: Consent = field(default_factory=Consent)  # the legal pages' revisions the buyer agreed to

    @property
    def address(self) -> Address:
        return Address(country=self.country, province_code=self.province_code, regency_code=self.regency_code)


@dataclass
class Placement:
    checkout: Checkout
    created: bool


def payment_window(channel, gateway: str, method: str) -> timedelta:
    return payment_port().payment_window(channel, gateway, method)


def quote_cart(
    cart: Cart,
    channel,
    details: CheckoutDetails | None = None,
    *,
    address: Address | None = None,
    shipping_choices=None,
    voucher_code: str = "",
    require_shipping: bool = False,
    items=None,
) -> Quote:
    """Price the cart's lines in ``channel`` for ``address`` (or ``details.address``); see ``build_quote``.
    ``items`` are the cart's buyable lines when the caller already read them (``cart.cart_items``), so a request
    reads the cart once however many times it prices it."""
    if items is None:
        items, _notes = cart_items(cart)
    return build_quote(
        [(variant, line.quantity) for line, variant in items],
        channel,
        address=address or (details.address if details else None),
        shipping_choices=shipping_choices,
        voucher_code=voucher_code,
        require_shipping=require_shipping,
        cart_line_ids={variant.pk: line.pk for line, variant in items},
    )


def placed_checkout(idempotency_key: str, email: str) -> Checkout | None:
    """The checkout an earlier submit with ``idempotency_key`` created (a double click, the back button, a
    retry), or ``None``. Raises ``CartChanged`` when it belongs to another e-mail: a key is only a retry of the
    same buyer's submit, never a way to reach someone else's checkout."""
    existing = Checkout.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None and existing.email.lower() != (email or "").strip().lower():
        raise CartChanged(_("This form has expired. Check your order again and resubmit."))
    return existing


def place_order(
    *,
    cart: Cart,
    channel,
    details: CheckoutDetails,
    shipping_choices: dict[int, str],
    voucher_code: str,
    idempotency_key: str,
    snapshot: str,
    user=None,
    attribution: dict[int, int] | None = None,
    quote: Quote | None = None,
    items=None,
) -> Placement:
    """Create the checkout and its orders, or return the one already created for ``idempotency_key``.

    ``quote`` is a quote of ``cart`` the caller computed in this request (the checkout page's); it is used
    instead of pricing the cart again when it was priced for exactly this address, these shipping picks and this
    voucher code (``Quote.priced_for``), else the cart is priced again (reading ``items`` when given).

    Raises ``CartChanged`` (prices/contents differ from ``snapshot``, or the snapshot was tampered with),
    ``InsufficientStock`` (code ``sold_out`` when a variant has nothing left), ``VoucherError``,
    ``ShippingError``. Nothing is written when it raises. The writing steps are ``order_placer()``'s.
    ``attribution`` (store id → campaign id, ``catalog.services.campaigns.session_attribution``) names the
    campaign link the buyer arrived through for each store; that store's order records it.
    """
    existing = placed_checkout(idempotency_key, details.email)
    if existing is not None:
        return Placement(existing, created=False)

    before = load_snapshot(snapshot)
    if before is None:
        raise CartChanged(
            _("The form data was not valid. We reloaded the page; please check your order again.")
        )
    quote = _placement_quote(cart, channel, details, shipping_choices, voucher_code, quote=quote, items=items)
    if not quote.stores:
        raise CartChanged(pgettext("checkout error", "Your cart is empty."))
    refuse_invalid_amounts(quote)
    if before != quote.snapshot():
        raise CartChanged(changes=describe_changes(before, quote) or [_("The order details changed.")])

    window = payment_window(channel, details.gateway, details.payment_method)
    placer = order_placer()(
        quote, channel, details, idempotency_key=idempotency_key, user=user, window=window, cart=cart,
        attribution=attribution,
    )
    placer.precheck_stock()
    return _create(placer, idempotency_key)


# An order number drawn at random clashed with an existing one (about one placement in 10^5 with a million orders):
# the transaction rolled back, so place again with fresh numbers.
NUMBER_CLASH_ATTEMPTS = 3


def _create(placer: OrderPlacer, idempotency_key: str) -> Placement:
    """``placer.create()`` in one transaction; the checkout of a concurrent submit with the same key when that one
    won the race; placed again (fresh order numbers) when a drawn order number was taken."""
    attempts_left = NUMBER_CLASH_ATTEMPTS
    while True:
        try:
            with transaction.atomic():
                return Placement(placer.create(), created=True)
        except IntegrityError:
            # A concurrent submit with the same key won the race: return its checkout.
            existing = Checkout.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return Placement(existing, created=False)
            attempts_left -= 1
            if not attempts_left or not placer.numbers_clashed():
                raise


def _placement_quote(cart, channel, details, shipping_choices, voucher_code, *, quote, items) -> Quote:
    """``quote`` when it was priced for what is placed and every store has its shipping, else a new quote."""
    wanted = PricedFor.of(details.address, shipping_choices, voucher_code, [g.store.pk for g in quote.stores]) if (
        quote is not None
    ) else None
    if wanted is not None and quote.priced_for == wanted and all(g.shipping is not None for g in quote.stores):
        return quote
    return quote_cart(
        cart,
        channel,
        details,
        shipping_choices=shipping_choices,
        voucher_code=voucher_code,
        require_shipping=True,
        items=items,
    )


def order_placer() -> type[OrderPlacer]:
    """The class that writes a placement: ``settings.OPOP_ORDER_PLACER`` (a dotted path to an ``OrderPlacer``
    subclass), else ``OrderPlacer``."""
    path = getattr(settings, "OPOP_ORDER_PLACER", "")
    return import_string(path) if path else OrderPlacer


class OrderPlacer:
    """The writes of one placement, as named steps a project can override (subclass, then name the class in
    ``settings.OPOP_ORDER_PLACER``). ``create`` runs inside ``place_order``'s transaction, after the quote was
    recomputed and matched with what the buyer confirmed; any step that raises rolls the whole placement back.

    Before the transaction, ``precheck_stock`` finds the Stock rows and refuses, unlocked, lines that already do
    not fit. In the transaction, first what needs no lock: the Checkout (``create_checkout``), per store its Order
    (``create_order``), lines (``create_lines``), "placed" event and e-mail (``record_placed``), and emptying the
    cart (``clear_cart``); then, locked as briefly as possible, the Stock rows (pk order) with every line checked
    (``check_stock``, which decides), the voucher row (``check_voucher_use``), per store the reservations
    (``reserve``) and voucher redemption (``redeem_voucher``), and the voucher's use counted.
    """

    def __init__(
        self,
        quote: Quote,
        channel,
        details: CheckoutDetails,
        *,
        idempotency_key: str,
        user,
        window,
        cart=None,
        attribution: dict[int, int] | None = None,
    ):
        self.quote = quote
        self.cart = cart
        self.channel = channel
        self.details = details
        self.idempotency_key = idempotency_key
        self.user = user if user is not None and user.is_authenticated else None
        self.now = timezone.now()
        self.reserved_until = self.now + window
        self.attribution = attribution or {}
        self._campaigns: dict[int, Campaign] | None = None  # store pk → campaign, read once by campaign_for
        self.stocks: dict[int, Stock] = {}  # variant pk → its Stock row, filled by precheck_stock / check_stock
        self.free: dict[int, int] = {}  # stock pk → units free under the lock, before this placement's
        self.numbers: list[str] = []  # order numbers drawn in this attempt (``draw_number``)

    def create(self) -> Checkout:
        """The rows that need no lock first, then the Stock rows locked as late and as briefly as possible (a burst
        of buyers of one product queues on them): lock and check, reserve, count the voucher, commit."""
        checkout = self.create_checkout()
        placed = []
        for group in self.quote.stores:
            order = self.create_order(checkout, group)
            placed.append((group, order, self.create_lines(order, group)))
            self.record_placed(order, checkout)
        self.clear_cart()
        self.check_stock()
        self.check_voucher_use()
        reserved_stock_ids: list[int] = []
        redeemed = False
        for group, order, lines in placed:
            reserved_stock_ids += self.reserve(group, lines)
            redeemed = self.redeem_voucher(order, group) or redeemed
        if redeemed:
            Voucher.objects.filter(pk=self.quote.voucher.pk).update(used_count=F("used_count") + 1)
        # Bulk inserts send no post_save: tell the listeners (page cache, listing rows) once for the whole placement.
        # A placement only takes units: ``units_left`` lets them skip what only units coming back can change.
        stock_changed.send(sender=Reservation, stock_ids=reserved_stock_ids, units_left=self.units_left())
        return checkout

    def precheck_stock(self) -> None:
        """Before the transaction, without locks: find the Stock rows and refuse at once when the lines do not fit
        (a buyer who comes after the last unit writes nothing). ``check_stock`` decides, under the locks."""
        lines = self.quote_lines()
        self.stocks = stock_for_variants((ln.variant for ln in lines), reserved_at=self.now)
        self.refuse_shortfall(lines, free_units(self.stocks.values()))

    def check_stock(self) -> None:
        """Lock the Stock rows of every line (pk order) and raise ``InsufficientStock`` unless all fit."""
        lines = self.quote_lines()
        if not self.stocks:
            self.stocks = stock_for_variants(ln.variant for ln in lines)
        locked = lock_stocks(s.pk for s in self.stocks.values())
        # A statement of its own, after the lock: its snapshot includes the reservations of the buyer we queued
        # behind (see ``lock_stocks``).
        self.free = available_for(locked.values(), now=self.now)
        self.refuse_shortfall(lines, self.free)

    def units_left(self) -> dict[int, int]:
        """Stock pk → units still free once this placement's reservations are made."""
        left = dict(self.free)
        for ln in self.quote_lines():
            stock = self.stocks.get(ln.variant.pk)
            if stock is not None:
                left[stock.pk] -= ln.quantity
        return left

    def quote_lines(self) -> list:
        return [ln for group in self.quote.stores for ln in group.lines]

    def refuse_shortfall(self, lines, available: dict[int, int]) -> None:
        short = shortfall([(ln.variant, self.stocks.get(ln.variant.pk), ln.quantity) for ln in lines], available)
        if not short:
            return
        names = ", ".join(str(variant) for variant, _q, _h in short)
        if all(have == 0 for _v, _q, have in short):
            raise InsufficientStock(
                _("Sorry, out of stock: %(names)s.") % {"names": names}, items=short, code=ErrorCode.SOLD_OUT
            )
        raise InsufficientStock(
            _("Not enough stock: %(items)s.")
            % {"items": "; ".join(_("%(v)s: only %(n)s left") % {"v": v, "n": h} for v, _q, h in short)},
            items=short,
        )

    def check_voucher_use(self) -> None:
        """Lock the voucher row and refuse it if it expired or was used up since the quote."""
        if self.quote.voucher is None:
            return
        voucher = lock_voucher(self.quote.voucher.pk)
        spend = sum(
            g.subtotal for g in self.quote.stores if not voucher.store_id or g.store.pk == voucher.store_id
        )
        check_voucher(voucher, spend, self.quote.currency, now=self.now)
        if voucher.usage_limit is not None and voucher.used_count >= voucher.usage_limit:
            raise VoucherError(_("Voucher %(code)s has been used up.") % {"code": voucher.code})

    def create_checkout(self) -> Checkout:
        d = self.details
        return Checkout.objects.create(
            idempotency_key=self.idempotency_key,
            cart=self.cart,
            user=self.user,
            channel=self.channel,
            currency=self.quote.currency,
            language=d.language,
            email=d.email,
            phone=d.phone,
            recipient_name=d.recipient_name,
            country=d.country,
            province_code=d.province_code,
            regency_code=d.regency_code,
            district_code=d.district_code,
            village_code=d.village_code,
            region_label=d.region_label,
            city=d.city,
            postcode=d.postcode,
            street_address=d.street_address,
            gateway=d.gateway,
            payment_method=d.payment_method,
            total=self.quote.total,
            consented_at=self.now,
            **d.consent.record(),
        )

    def campaign_for(self, group: StoreQuote) -> Campaign | None:
        """The campaign of this store the buyer arrived through, if it still exists."""
        if self._campaigns is None:
            self._campaigns = attributed_campaigns(self.attribution)
        return self._campaigns.get(group.store.pk)

    def create_order(self, checkout: Checkout, group: StoreQuote) -> Order:
        campaign = self.campaign_for(group)
        return Order.objects.create(
            store=group.store,
            checkout=checkout,
            number=self.draw_number(),
            currency=self.quote.currency,
            subtotal=group.subtotal,
            shipping_cost=group.shipping_money.amount,
            discount=group.discount,
            tax=group.tax,
            total=group.total,
            shipping_method=group.shipping.name if group.shipping else "",
            voucher_code=group.voucher.code if group.voucher and group.discount else "",
            campaign=campaign,
            campaign_source=campaign.source if campaign else "",
        )

    def draw_number(self) -> str:
        """A fresh random order number, not checked against the database: ``Order.number``'s unique constraint
        catches a clash and ``place_order`` places again (``numbers_clashed``)."""
        number = new_order_number()
        self.numbers.append(number)
        return number

    def numbers_clashed(self) -> bool:
        """After an ``IntegrityError``: did one of the numbers drawn in the rolled-back attempt exist already?"""
        drawn, self.numbers = self.numbers, []
        return bool(drawn) and Order.objects.filter(number__in=drawn).exists()

    def create_lines(self, order: Order, group: StoreQuote) -> list[OrderLine]:
        """The order's lines, with the product's title, variant name and price as sold (later edits of the
        product never change an order)."""
        return OrderLine.objects.bulk_create(
            [
                OrderLine(
                    order=order,
                    variant=ln.variant,
                    product_title=ln.variant.product.title,
                    product_title_en=ln.variant.product.title_en,
                    variant_name=ln.variant.name,
                    variant_name_en=ln.variant.name_en,
                    sku=ln.variant.sku,
                    quantity=ln.quantity,
                    unit_price=ln.unit_price,
                    total=ln.total,
                    weight_grams=ln.variant.weight_grams,
                )
                for ln in group.lines
            ]
        )

    def reserve(self, group: StoreQuote, lines: list[OrderLine]) -> list[int]:
        """Hold each line's units until the payment window ends; returns the Stock pks reserved."""
        stocks = [self.stocks[ln.variant.pk] for ln in group.lines]
        Reservation.objects.bulk_create(
            [
                Reservation(
                    stock=stock, order_line=line, quantity=ln.quantity, reserved_until=self.reserved_until
                )
                for ln, line, stock in zip(group.lines, lines, stocks, strict=True)
            ]
        )
        return [stock.pk for stock in stocks]

    def redeem_voucher(self, order: Order, group: StoreQuote) -> bool:
        """Record the voucher on the store order it discounts; True if it did."""
        if not (group.voucher and group.discount):
            return False
        VoucherRedemption.objects.create(voucher=group.voucher, order=order)
        return True

    def record_placed(self, order: Order, checkout: Checkout) -> None:
        """The order's first history entry and the buyer's "order placed" e-mail (sent after commit)."""
        OrderEvent.objects.create(
            order=order,
            type=OrderEventType.PLACED,
            to_status=order.status,
            user=checkout.user,
            message=_("Order placed; stock held until %(until)s.")
            % {"until": timezone.localtime(self.reserved_until).strftime("%d-%m-%Y %H:%M")},
        )
        notify_buyer(order, "placed")

    def clear_cart(self) -> None:
        """The cart has become the checkout: its placed lines go."""
        cart_line_ids = [
            ln.cart_line_id for group in self.quote.stores for ln in group.lines if ln.cart_line_id
        ]
        CartLine.objects.filter(pk__in=cart_line_ids).delete()
