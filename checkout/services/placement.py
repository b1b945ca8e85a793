"""Placing an order: one Checkout, one Order per store, stock reservations — all or nothing.

``place_order`` is the only writer. It recomputes the whole quote on the server, compares it with the
snapshot the buyer was shown (tell them what changed before anything is charged), then in ONE transaction
locks the Stock rows in primary-key order, checks availability, and creates Checkout, Orders, OrderLines,
Reservations and voucher redemptions. The payment provider is called only after commit
(``start_payment`` in the view): no row lock is ever held while a provider is on the line.

Idempotency: the form carries ``idempotency_key``; a second submit with the same key returns the checkout
created by the first one (also when both race: the unique constraint decides, the loser re-reads).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.signals import stock_changed

from ..errors import CartChanged, ErrorCode, InsufficientStock, VoucherError
from ..models import Cart, Checkout, Order, OrderEvent, OrderLine, Reservation, Voucher, VoucherRedemption
from .cart import cart_items
from .notifications import notify_buyer
from .numbers import unique_order_number
from .pricing import Address, Quote, build_quote, check_voucher, describe_changes, load_snapshot
from .stock import available_for, lock_stocks, stock_for_variants


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

    @property
    def address(self) -> Address:
        return Address(country=self.country, province_code=self.province_code, regency_code=self.regency_code)


@dataclass
class Placement:
    checkout: Checkout
    created: bool


def payment_window(gateway: str, method: str) -> timedelta:
    from checkout.payments.registry import get_gateway

    return get_gateway(gateway).payment_window(method or None)


def quote_cart(cart: Cart, channel, details: CheckoutDetails | None = None, *, shipping_choices=None,
               voucher_code: str = "", require_shipping: bool = False) -> Quote:
    items, _notes = cart_items(cart)
    return build_quote(
        [(variant, line.quantity) for line, variant in items],
        channel,
        address=details.address if details else None,
        shipping_choices=shipping_choices,
        voucher_code=voucher_code,
        require_shipping=require_shipping,
        cart_line_ids={variant.pk: line.pk for line, variant in items},
    )


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
) -> Placement:
    """Create the checkout and its orders, or return the one already created for ``idempotency_key``.

    Raises ``CartChanged`` (prices/contents differ from ``snapshot``, or the snapshot was tampered with),
    ``InsufficientStock`` (code ``sold_out`` when a variant has nothing left), ``VoucherError``,
    ``ShippingError``. Nothing is written when it raises.
    """
    existing = Checkout.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        if existing.email.lower() != details.email.lower():
            # A key is only a retry of the same buyer's submit; never a way to reach someone else's checkout.
            raise CartChanged(_("Formulir ini sudah kedaluwarsa. Periksa lagi pesanan Anda lalu kirim ulang."))
        return Placement(existing, created=False)

    before = load_snapshot(snapshot)
    if before is None:
        raise CartChanged(_("Data formulir tidak valid. Halaman kami muat ulang; periksa lagi pesanan Anda."))
    quote = quote_cart(cart, channel, details, shipping_choices=shipping_choices, voucher_code=voucher_code,
                       require_shipping=True)
    if not quote.stores:
        raise CartChanged(_("Keranjang Anda kosong."))
    if before != quote.snapshot():
        raise CartChanged(changes=describe_changes(before, quote) or [_("Rincian pesanan berubah.")])

    window = payment_window(details.gateway, details.payment_method)
    try:
        with transaction.atomic():
            checkout = _create(quote, channel, details, idempotency_key, user, window)
    except IntegrityError:
        # A concurrent submit with the same key won the race: return its checkout.
        existing = Checkout.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return Placement(existing, created=False)
    return Placement(checkout, created=True)


def _create(quote: Quote, channel, details: CheckoutDetails, key: str, user, window: timedelta) -> Checkout:
    now = timezone.now()
    variants = [ln.variant for s in quote.stores for ln in s.lines]
    stocks_by_variant = stock_for_variants(variants)
    locked = lock_stocks(s.pk for s in stocks_by_variant.values())
    available = available_for(locked.values(), now=now)
    wanted: dict[int, int] = {}
    for s in quote.stores:
        for ln in s.lines:
            stock = stocks_by_variant.get(ln.variant.pk)
            if stock is not None:
                wanted[stock.pk] = wanted.get(stock.pk, 0) + ln.quantity
    short = []
    for s in quote.stores:
        for ln in s.lines:
            stock = stocks_by_variant.get(ln.variant.pk)
            have = available.get(stock.pk, 0) if stock else 0
            if stock is None or wanted[stock.pk] > have:
                short.append((ln.variant, ln.quantity, have))
    if short:
        names = ", ".join(str(v) for v, _q, _h in short)
        if all(h == 0 for _v, _q, h in short):
            raise InsufficientStock(_("Maaf, stok habis: %(names)s.") % {"names": names}, items=short,
                                    code=ErrorCode.SOLD_OUT)
        raise InsufficientStock(
            _("Stok tidak cukup: %(items)s.")
            % {"items": "; ".join(_("%(v)s tinggal %(n)s") % {"v": v, "n": h} for v, _q, h in short)},
            items=short,
        )

    if quote.voucher is not None:
        voucher = Voucher.objects.select_for_update().get(pk=quote.voucher.pk)
        spend = sum(s.subtotal for s in quote.stores if not voucher.store_id or s.store.pk == voucher.store_id)
        check_voucher(voucher, spend, quote.currency, now=now)
        if voucher.usage_limit is not None and voucher.used_count >= voucher.usage_limit:
            raise VoucherError(_("Kuota voucher %(code)s sudah habis.") % {"code": voucher.code})

    checkout = Checkout.objects.create(
        idempotency_key=key,
        user=user if user is not None and user.is_authenticated else None,
        channel=channel,
        currency=quote.currency,
        language=details.language,
        email=details.email,
        phone=details.phone,
        recipient_name=details.recipient_name,
        country=details.country,
        province_code=details.province_code,
        regency_code=details.regency_code,
        district_code=details.district_code,
        village_code=details.village_code,
        region_label=details.region_label,
        city=details.city,
        postcode=details.postcode,
        street_address=details.street_address,
        gateway=details.gateway,
        payment_method=details.payment_method,
        total=quote.total,
        terms_version=settings.OPOP_TERMS_VERSION,
        consented_at=now,
    )
    reserved_until = now + window
    redeemed = False
    reserved_stock_ids: list[int] = []
    for s in quote.stores:
        order = Order.objects.create(
            store=s.store,
            checkout=checkout,
            number=unique_order_number(),
            currency=quote.currency,
            subtotal=s.subtotal,
            shipping_cost=s.shipping.cost if s.shipping else 0,
            discount=s.discount,
            tax=s.tax,
            total=s.total,
            shipping_method=s.shipping.name if s.shipping else "",
            voucher_code=s.voucher.code if s.voucher and s.discount else "",
        )
        lines = OrderLine.objects.bulk_create(
            [
                OrderLine(
                    order=order,
                    variant=ln.variant,
                    product_title=ln.variant.product.title,
                    variant_name=ln.variant.name,
                    sku=ln.variant.sku,
                    quantity=ln.quantity,
                    unit_price=ln.unit_price,
                    total=ln.total,
                    weight_grams=ln.variant.weight_grams,
                )
                for ln in s.lines
            ]
        )
        Reservation.objects.bulk_create(
            [
                Reservation(
                    stock=stocks_by_variant[ln.variant.pk], order_line=line, quantity=ln.quantity,
                    reserved_until=reserved_until,
                )
                for ln, line in zip(s.lines, lines, strict=True)
            ]
        )
        reserved_stock_ids.extend(stocks_by_variant[ln.variant.pk].pk for ln in s.lines)
        if s.voucher and s.discount:
            VoucherRedemption.objects.create(voucher=s.voucher, order=order)
            redeemed = True
        OrderEvent.objects.create(
            order=order, type="placed", to_status=order.status, user=checkout.user,
            message=_("Pesanan dibuat; stok ditahan sampai %(until)s.")
            % {"until": timezone.localtime(reserved_until).strftime("%d-%m-%Y %H:%M")},
        )
        notify_buyer(order, "placed")
    # Bulk inserts send no post_save: tell the listeners (the page cache) once for the whole placement.
    stock_changed.send(sender=Reservation, stock_ids=reserved_stock_ids)
    if redeemed:
        Voucher.objects.filter(pk=quote.voucher.pk).update(used_count=F("used_count") + 1)
    # The cart has become the checkout.
    cart_line_ids = [ln.cart_line_id for s in quote.stores for ln in s.lines if ln.cart_line_id]
    from ..models import CartLine

    CartLine.objects.filter(pk__in=cart_line_ids).delete()
    return checkout
