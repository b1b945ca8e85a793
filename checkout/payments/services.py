"""Business actions of the payments app: start a payment, apply what a provider tells us, refund.

Rules every function here keeps:
- no row lock is held while a provider is called (network calls happen between short transactions);
- attempt statuses move only forward (``STATUS_RANK``): a late ``pending`` or ``expire`` never undoes ``paid``;
- orders move only through engineer C's ``checkout.services.orders`` functions.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from checkout.models import Checkout, Order, OrderStatus

from .errors import PaymentError, PaymentErrorCode, PaymentStartError, ProviderError, RefundError
from .models import AttemptStatus, ExternalReversal, PaymentAttempt, Refund
from .registry import get_gateway

logger = logging.getLogger(__name__)

A = AttemptStatus

#: Monotonic order of attempt states. A status is applied only when its rank is higher than the current one.
#: Failed/cancelled/expired rank below paid: within one Snap session a buyer may pay after a denied card, and a
#: settlement may arrive after our own window closed (the orders then re-allocate or get refunded).
STATUS_RANK = {
    A.CREATED: 0,
    A.PENDING: 1,
    A.AUTHORIZED: 2,
    A.CHALLENGE: 2,
    A.FAILED: 3,
    A.CANCELLED: 3,
    A.EXPIRED: 3,
    A.PAID: 4,
    A.PARTIALLY_REFUNDED: 5,
    A.REFUNDED: 6,
}
OPEN_STATUSES = (A.CREATED, A.PENDING, A.AUTHORIZED, A.CHALLENGE)
MONEY_RECEIVED = (A.PAID, A.PARTIALLY_REFUNDED, A.REFUNDED)


def can_move(current: str, new: str) -> bool:
    return STATUS_RANK[new] > STATUS_RANK[current]


def make_provider_id(checkout: Checkout, number: int) -> str:
    """Midtrans ``order_id``: ≤ 50 chars of ``[A-Za-z0-9-_~.]``, and unique per merchant account *for ever*:
    Midtrans refuses an ``order_id`` it has seen ("has already been taken"). The checkout's primary key alone is
    not enough (a restored or recreated database, or staging and production on one sandbox account, count again
    from the same numbers), so a piece of the checkout's random token goes with it."""
    return f"OPOP-{checkout.pk}-{number}-{checkout.token[:8]}"


# --------------------------------------------------------------------------------------------------- starting


def start_payment(checkout: Checkout) -> PaymentAttempt:
    """Start (or resume) paying ``checkout`` with its chosen gateway and return the attempt to redirect to.

    Guarantees:
    - an attempt that is still open and inside its window is returned as is (same redirect, nothing new is
      created at the provider), so a double click or a back button never opens a second payment;
    - otherwise a new attempt with the next number and its own provider id is created in a short transaction,
      then the provider is called with no lock held;
    - on a timeout, 5xx, HTML error page or refusal the attempt is marked failed and ``PaymentStartError`` is
      raised with a message for the buyer; the orders stay awaiting payment and a retry makes a new attempt.
    """
    gateway = get_gateway(checkout.gateway or "manual")
    if not gateway.is_configured():
        raise PaymentStartError(
            _("Metode pembayaran ini belum tersedia. Silakan pilih metode lain."),
            code=PaymentErrorCode.GATEWAY_UNAVAILABLE,
        )
    now = timezone.now()
    with transaction.atomic():
        locked = Checkout.objects.select_for_update().get(pk=checkout.pk)
        attempts = PaymentAttempt.objects.filter(checkout=locked)
        if attempts.filter(status__in=MONEY_RECEIVED).exists():
            raise PaymentStartError(_("Pesanan ini sudah dibayar."), code=PaymentErrorCode.NOT_PAYABLE)
        if not Order.objects.filter(checkout=locked, status=OrderStatus.AWAITING_PAYMENT).exists():
            raise PaymentStartError(
                _("Pesanan ini tidak lagi menunggu pembayaran. Silakan buat pesanan baru."),
                code=PaymentErrorCode.NOT_PAYABLE,
            )
        current = (
            attempts.filter(status__in=(A.PENDING, A.AUTHORIZED, A.CHALLENGE), gateway=gateway.name)
            .exclude(redirect_url="")
            .filter(expires_at__gt=now)
            .order_by("-number")
            .first()
        )
        if current is not None:
            return current
        number = (attempts.aggregate(n=Max("number"))["n"] or 0) + 1
        window = gateway.payment_window(locked.payment_method or None)
        attempt = PaymentAttempt.objects.create(
            checkout=locked,
            gateway=gateway.name,
            number=number,
            provider_id=make_provider_id(locked, number),
            amount=locked.total,
            currency=locked.currency,
            status=A.CREATED,
            payment_type=locked.payment_method,
            expires_at=now + window,
        )

    try:
        result = gateway.start(attempt, checkout)
    except ProviderError as exc:
        logger.warning("payment start failed for %s via %s: %s", attempt.provider_id, gateway.name, exc.code)
        PaymentAttempt.objects.filter(pk=attempt.pk, status=A.CREATED).update(
            status=A.FAILED, error_message=str(exc.message)[:255], updated_at=timezone.now()
        )
        raise PaymentStartError() from exc

    PaymentAttempt.objects.filter(pk=attempt.pk, status=A.CREATED).update(
        status=A.PENDING,
        redirect_url=result.redirect_url,
        provider_reference=result.provider_reference,
        updated_at=timezone.now(),
    )
    attempt.refresh_from_db()
    if attempt.status == A.PENDING:
        new_id = attempt.pk
        # After commit (when called inside a transaction) and with no lock held: stop the older payable attempts.
        transaction.on_commit(lambda: _cancel_superseded_safely(checkout, new_id))
    return attempt


def _cancel_superseded_safely(checkout: Checkout, keep_id: int) -> None:
    # The buyer's new payment has started; a failure to stop the old one must never turn that into an error page.
    try:
        cancel_superseded_attempts(checkout, keep_id=keep_id)
    except Exception:
        logger.exception("stopping superseded attempts of checkout %s failed", checkout.pk)


def cancel_superseded_attempts(checkout: Checkout, *, keep_id: int) -> list[PaymentAttempt]:
    """Stop, at the provider, every older attempt of ``checkout`` that is still pending, so a buyer who switched
    gateway (or retried) cannot pay twice. Returns the attempts that were stopped.

    Guarantees: called with no lock held (each provider call happens outside any transaction); only attempts
    that are ``pending`` and older than the kept one are touched; the answer goes through ``apply_status``
    (monotonic: a settlement that beats the cancellation still counts, and the duplicate-payment refund remains
    the safety net). A provider that refuses or times out changes nothing here (logged; reconciliation expires
    the attempt at the end of its window).
    """
    stopped = []
    older = PaymentAttempt.objects.filter(checkout_id=checkout.pk, status=A.PENDING, pk__lt=keep_id).order_by(
        "pk"
    )
    for old in older:
        try:
            status = get_gateway(old.gateway).cancel(old)
        except ProviderError as exc:
            logger.warning("could not stop superseded attempt %s: %s", old.provider_id, exc.code)
            continue
        if status is None:
            continue
        result = apply_status(old, status, message=_("Dibatalkan: pembeli memulai pembayaran baru."))
        settle_consequences(result)
        if result.outcome == "applied":
            stopped.append(result.attempt)
    return stopped


# --------------------------------------------------------------------------------------------------- applying


@dataclass
class ApplyResult:
    """What applying one provider status did. ``outcome`` is stored on the PaymentEvent."""

    outcome: str
    detail: str = ""
    attempt: PaymentAttempt | None = None
    orders_to_refund: list[Order] = field(default_factory=list)
    duplicate_payment: bool = False


def amount_matches(attempt: PaymentAttempt, amount, currency) -> bool:
    if amount is not None and Decimal(amount) != attempt.amount:
        return False
    if currency and currency.upper() != attempt.currency.upper():
        return False
    return True


def apply_status(
    attempt: PaymentAttempt, status: str | None, *, payment_type: str = "", message: str = ""
) -> ApplyResult:
    """Move ``attempt`` to ``status`` if that is forward, and carry the consequences to the orders.

    Runs in one transaction with the attempt row locked: either the attempt and its orders change together or
    nothing does. Paid → ``mark_checkout_paid`` (reservations become allocations); orders that got money but no
    stock are returned in ``orders_to_refund`` (the caller refunds them after commit). A second attempt paid for
    an already paid checkout is flagged ``duplicate_payment`` (refunded by the caller). Expired with no other
    open attempt → ``expire_checkout``.
    """
    from checkout.services.orders import expire_checkout, mark_checkout_paid

    with transaction.atomic():
        locked = PaymentAttempt.objects.select_for_update().get(pk=attempt.pk)
        if status is None or status not in STATUS_RANK:
            return ApplyResult("ignored", "informational", locked)
        if status in (A.PARTIALLY_REFUNDED, A.REFUNDED):
            if locked.status not in MONEY_RECEIVED:
                return ApplyResult("ignored", f"refund on {locked.status}", locked)
            if status == A.PARTIALLY_REFUNDED and locked.status == A.PARTIALLY_REFUNDED:
                return ApplyResult("applied", "partial refund recorded", locked)
        if not can_move(locked.status, status):
            return ApplyResult("ignored", f"{status} after {locked.status}", locked)
        previous = locked.status
        locked.status = status
        if payment_type:
            locked.payment_type = payment_type[:40]
        locked.last_checked_at = timezone.now()
        locked.save(update_fields=["status", "payment_type", "last_checked_at", "updated_at"])
        result = ApplyResult("applied", f"{previous} → {status}", locked)
        if status == A.PAID:
            other_paid = (
                PaymentAttempt.objects.filter(checkout_id=locked.checkout_id, status__in=MONEY_RECEIVED)
                .exclude(pk=locked.pk)
                .exists()
            )
            if other_paid:
                result.duplicate_payment = True
                result.detail += " (duplicate payment)"
            else:
                paid = mark_checkout_paid(
                    locked.checkout,
                    message=message or _("Pembayaran %(id)s diterima.") % {"id": locked.provider_id},
                )
                result.orders_to_refund = list(paid.orders_without_stock)
        elif status == A.EXPIRED:
            still_open = (
                PaymentAttempt.objects.filter(
                    checkout_id=locked.checkout_id, status__in=OPEN_STATUSES + MONEY_RECEIVED
                )
                .exclude(pk=locked.pk)
                .exists()
            )
            if not still_open:
                expire_checkout(locked.checkout, reason=message or _("Batas waktu pembayaran habis."))
    return result


def settle_consequences(result: ApplyResult) -> None:
    """After commit: refund orders that were paid without stock and duplicate payments; tell buyer and store.

    Failures here never undo the payment; they leave a failed Refund row that an administrator can retry.
    """
    attempt = result.attempt
    if attempt is None:
        return
    if result.duplicate_payment:
        for order in attempt.checkout.orders.all():
            _auto_refund(
                attempt, order, order.total, _("Pembayaran ganda dikembalikan otomatis."), prefix="dup"
            )
    for order in result.orders_to_refund:
        order.refresh_from_db()
        left = order.total - order.refunded_amount
        if left > 0:
            _auto_refund(
                attempt,
                order,
                left,
                _("Stok habis saat pembayaran diterima; dana dikembalikan."),
                prefix="auto",
            )
            notify_out_of_stock_refund(order)


def _auto_refund(attempt, order, amount, reason, *, prefix: str):
    # A duplicate payment is money the orders never counted: it is returned without touching refunded_amount.
    key = f"{prefix}-{attempt.provider_id}-{order.pk}"
    try:
        refund_order(
            order, amount, reason=reason, refund_key=key, attempt=attempt, record_on_order=prefix != "dup"
        )
    except PaymentError as exc:
        logger.error("automatic refund %s failed: %s", key, exc.code)


# --------------------------------------------------------------------------------------------------- refunds


def paid_attempt_for(order: Order) -> PaymentAttempt | None:
    return (
        PaymentAttempt.objects.filter(checkout_id=order.checkout_id, status__in=MONEY_RECEIVED)
        .order_by("number")
        .first()
    )


def refundable_amount(order: Order) -> Decimal:
    """What can still be returned for ``order``: its total minus refunds done or in progress."""
    committed = Refund.objects.filter(
        order=order, status__in=(Refund.Status.PENDING, Refund.Status.SUCCEEDED)
    ).exclude(refund_key__startswith="dup-").aggregate(s=Sum("amount"))["s"] or Decimal(0)
    return max(order.total - max(committed, order.refunded_amount), Decimal(0))


REFUND_INVALID_AMOUNT = gettext_lazy("Jumlah pengembalian harus lebih dari 0 dan paling banyak %(left)s.")


def refund_order(
    order: Order,
    amount,
    *,
    reason: str,
    refund_key: str,
    user=None,
    attempt: PaymentAttempt | None = None,
    record_on_order: bool = True,
) -> Refund:
    """Return ``amount`` of one store order's payment to the buyer, with a reason.

    Idempotent on ``refund_key`` (the admin form carries one per form load, so a double submit is one refund; the
    same key goes to the provider as Midtrans ``refund_key`` / Stripe idempotency key). The Refund row is created
    in a short transaction with the order locked (so two refunds cannot together exceed the total), the provider
    is called with no lock held, then the order's refunded amount is updated through ``apply_refund``. Scoping
    (who may refund which order) is the caller's job: see ``selectors.refundable_orders_for``.
    """
    reason = (reason or "").strip()
    if not reason:
        raise RefundError(_("Tuliskan alasan pengembalian dana."), code=PaymentErrorCode.REFUND_INVALID)
    try:
        amount = Decimal(amount)
    except Exception:
        raise RefundError(_("Masukkan jumlah yang valid."), code=PaymentErrorCode.REFUND_INVALID) from None

    with transaction.atomic():
        existing = Refund.objects.filter(refund_key=refund_key).first()
        if existing is not None:
            return existing
        locked = Order.objects.select_for_update().get(pk=order.pk)
        attempt = attempt or paid_attempt_for(locked)
        if attempt is None:
            raise RefundError(
                _("Pesanan ini belum dibayar, jadi tidak ada yang bisa dikembalikan."),
                code=PaymentErrorCode.REFUND_INVALID,
            )
        left = refundable_amount(locked) if record_on_order else locked.total
        if (
            not amount.is_finite()
            or amount <= 0
            or amount > left
            or amount != amount.to_integral_value()
            and locked.currency == "IDR"
        ):
            raise RefundError(REFUND_INVALID_AMOUNT % {"left": left}, code=PaymentErrorCode.REFUND_INVALID)
        refund = Refund.objects.create(
            order=locked,
            attempt=attempt,
            amount=amount,
            reason=reason[:255],
            refund_key=refund_key[:64],
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )

    gateway = get_gateway(attempt.gateway)
    try:
        result = gateway.refund(attempt, refund)
    except ProviderError as exc:
        Refund.objects.filter(pk=refund.pk).update(status=Refund.Status.FAILED)
        logger.warning("refund %s failed at %s: %s", refund.refund_key, gateway.name, exc.code)
        raise RefundError(
            _("Penyedia pembayaran menolak atau tidak menjawab permintaan pengembalian. Coba lagi nanti.")
        ) from exc
    refund.provider_reference = result.provider_reference[:255]
    refund.save(update_fields=["provider_reference"])
    if result.succeeded:
        complete_refund(refund, user=user, record_on_order=record_on_order)
    refund.refresh_from_db()
    return refund


def complete_refund(refund: Refund, *, user=None, record_on_order: bool = True) -> bool:
    """Mark a pending refund succeeded and record it on the order, once. Returns True if this call did it."""
    from checkout.services.orders import apply_refund

    with transaction.atomic():
        locked = Refund.objects.select_for_update().get(pk=refund.pk)
        if locked.status == Refund.Status.SUCCEEDED:
            return False
        locked.status = Refund.Status.SUCCEEDED
        locked.save(update_fields=["status"])
        if record_on_order and not locked.refund_key.startswith("dup-"):
            apply_refund(locked.order, locked.amount, user=user, reason=locked.reason)
        attempt = PaymentAttempt.objects.select_for_update().get(pk=locked.attempt_id)
        refunded = Refund.objects.filter(attempt=attempt, status=Refund.Status.SUCCEEDED).aggregate(
            s=Sum("amount")
        )["s"]
        target = A.REFUNDED if refunded >= attempt.amount else A.PARTIALLY_REFUNDED
        if attempt.status in MONEY_RECEIVED and (
            can_move(attempt.status, target) or target == attempt.status
        ):
            attempt.status = target
            attempt.save(update_fields=["status", "updated_at"])
    return True


def notify_out_of_stock_refund(order: Order) -> None:
    """Tell buyer and store that a paid order had no stock left and its money is on the way back."""

    subject = _("Pesanan %(number)s dibatalkan: stok habis, dana dikembalikan") % {"number": order.number}
    body = _(
        "Pembayaran untuk pesanan %(number)s diterima setelah batas waktu, tetapi stok sudah habis. "
        "Pesanan dibatalkan dan dana %(amount)s %(currency)s dikembalikan ke metode pembayaran Anda."
    ) % {"number": order.number, "amount": order.total, "currency": order.currency}
    recipients = [order.checkout.email]
    store_email = getattr(order.store, "contact_email", "")
    if store_email:
        recipients.append(store_email)
    transaction.on_commit(lambda: _send_quietly(subject, body, recipients))


def _send_quietly(subject, body, recipients) -> None:
    """A failing mail server must not undo or fail a payment that is already recorded: log it and go on."""
    from django.core.mail import send_mail

    try:
        send_mail(subject, body, None, recipients)
    except Exception:
        logger.exception("could not send %r to %s", subject, recipients)


# --------------------------------------------------------------------------------------------------- outside refunds


def _shop_known_reversed(attempt: PaymentAttempt) -> Decimal:
    """Money on ``attempt`` already known to be going back: refunds the shop started (pending or done, duplicate
    payments included) plus reversals reported before (applied or left for a person)."""
    ours = Refund.objects.filter(
        attempt=attempt, status__in=(Refund.Status.PENDING, Refund.Status.SUCCEEDED)
    ).exclude(refund_key__startswith="ext-").aggregate(s=Sum("amount"))["s"] or Decimal(0)
    outside = (
        ExternalReversal.objects.filter(attempt=attempt)
        .exclude(kind=ExternalReversal.Kind.DISPUTE_WON)  # money that came back, not money going out
        .aggregate(s=Sum("amount"))["s"]
        or Decimal(0)
    )
    return ours + outside


def _lock_checkout_orders(checkout_id) -> list[Order]:
    """The checkout's store orders, locked in primary-key order (the Checkout → Orders lock order of
    ``checkout.services.orders``), so reversal handling never deadlocks with order transitions."""
    return list(Order.objects.select_for_update().filter(checkout_id=checkout_id).order_by("pk"))


def _record_reversal_refund(reversal: ExternalReversal, order: Order, *, user=None) -> None:
    """Money returned outside the shop, recorded on ``order`` like a refund the shop made (``Refund``
    ``ext-<pk>``: keeps ``refundable_amount`` right, a full refund moves the order to refunded)."""
    refund = Refund.objects.create(
        order=order,
        attempt=reversal.attempt,
        amount=reversal.amount,
        reason=_("%(kind)s lewat %(gateway)s")
        % {"kind": reversal.get_kind_display(), "gateway": reversal.attempt.gateway},
        refund_key=f"ext-{reversal.pk}",
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    complete_refund(refund, user=user)


def apply_external_reversal(
    attempt: PaymentAttempt,
    *,
    kind: str,
    amount: Decimal | None,
    cumulative: bool,
    full: bool = False,
    reference: str,
    event=None,
) -> ExternalReversal | None:
    """Apply money returned outside the shop (provider dashboard refund, chargeback) to the right store order.

    - ``cumulative``: ``amount`` is everything returned on the payment so far; only what the shop does not know
      yet counts (so the notifications of the shop's own refunds, and repeats, add nothing). ``amount`` None with
      ``full``: the whole payment.
    - One store order in the checkout: applied to it (``apply_refund``) if it fits what is left.
    - Several: applied only to the one order whose refundable amount equals it exactly; otherwise (no match, two
      matches, too much, or money from a duplicate payment) nothing is applied: the reversal is recorded as
      ``needs_attention`` and every order of the checkout gets an attention event for a person. Never guesses.

    Idempotent on (attempt, ``reference``). One transaction, Orders locked in pk order (the Checkout → Orders lock
    order of ``checkout.services.orders``). Returns None when there is nothing new.
    """
    from checkout.services.orders import flag_for_attention

    kind_label = ExternalReversal.Kind(kind).label
    with transaction.atomic():
        orders = _lock_checkout_orders(attempt.checkout_id)
        attempt = PaymentAttempt.objects.get(pk=attempt.pk)
        if ExternalReversal.objects.filter(attempt=attempt, reference=reference).exists():
            return None
        if amount is None and full:
            amount = attempt.amount
        if amount is not None and cumulative:
            amount = amount - _shop_known_reversed(attempt)
        if amount is not None and amount <= 0:
            return None

        target, why = None, ""
        first_paid = paid_attempt_for(orders[0]) if orders else None
        if amount is None:
            why = _("jumlahnya tidak disebutkan oleh penyedia")
        elif attempt.status not in MONEY_RECEIVED or (first_paid is not None and first_paid.pk != attempt.pk):
            why = _("pembayaran ini bukan pembayaran yang dihitung untuk pesanan (pembayaran ganda)")
        elif len(orders) == 1:
            if amount <= refundable_amount(orders[0]):
                target = orders[0]
            else:
                why = _("jumlahnya melebihi sisa yang bisa dikembalikan")
        else:
            matches = [o for o in orders if refundable_amount(o) == amount]
            if len(matches) == 1:
                target = matches[0]
            else:
                why = _("jumlahnya tidak cocok tepat dengan satu pesanan toko")

        reversal = ExternalReversal.objects.create(
            attempt=attempt,
            event=event,
            kind=kind,
            amount=amount or Decimal(0),
            currency=attempt.currency,
            reference=reference[:255],
            order=target,
            outcome=ExternalReversal.Outcome.APPLIED if target else ExternalReversal.Outcome.NEEDS_ATTENTION,
            detail=str(why)[:255],
        )
        if target is not None:
            _record_reversal_refund(reversal, target)
        else:
            shown = f"{amount} {attempt.currency}" if amount is not None else _("jumlah tidak diketahui")
            for order in orders:
                flag_for_attention(
                    order,
                    _(
                        "%(kind)s %(amount)s pada pembayaran %(id)s tidak diterapkan otomatis: %(why)s. "
                        "Periksa di dashboard penyedia dan catat pengembaliannya pada pesanan yang benar."
                    )
                    % {"kind": kind_label, "amount": shown, "id": attempt.provider_id, "why": why},
                )
    return reversal


def resolve_external_reversal(reversal: ExternalReversal, *, order: Order | None, note: str, user) -> ExternalReversal:
    """A marketplace admin settles a reversal the shop left for a person, after checking the provider's dashboard.

    ``order``: the store order the money was returned for; a refund is recorded on it exactly as for an applied
    reversal (``Refund`` ``ext-<pk>``, ``apply_refund``). ``None``: the money belonged to no order (a duplicate
    payment given back, or a won dispute settled by hand); nothing but the note is recorded. Every order of the
    checkout gets an event with who settled it and how.

    Idempotent: a reversal already settled is returned unchanged. Raises ``RefundError`` (nothing changes) without a
    note, for an order outside the payment's checkout, for an amount above what that order has left, or when a won
    dispute is to be "applied" (money came back; only a person can undo a refund).
    """
    from checkout.services.orders import record_attention_resolved

    note = (note or "").strip()
    if not note:
        raise RefundError(_("Tulis catatan: apa yang Anda periksa dan putuskan."), code=PaymentErrorCode.REFUND_INVALID)
    with transaction.atomic():
        orders = _lock_checkout_orders(reversal.attempt.checkout_id)
        locked = ExternalReversal.objects.select_for_update().select_related("attempt").get(pk=reversal.pk)
        if locked.outcome != ExternalReversal.Outcome.NEEDS_ATTENTION:
            return locked
        target = None
        if order is not None:
            target = next((o for o in orders if o.pk == order.pk), None)
            if target is None:
                raise RefundError(_("Pesanan itu bukan bagian dari pembayaran ini."), code=PaymentErrorCode.REFUND_INVALID)
            if locked.kind == ExternalReversal.Kind.DISPUTE_WON:
                raise RefundError(
                    _("Dana sengketa yang dimenangkan kembali ke toko; tidak ada pengembalian yang bisa dicatat."),
                    code=PaymentErrorCode.REFUND_INVALID,
                )
            left = refundable_amount(target)
            if locked.amount <= 0 or locked.amount > left:
                raise RefundError(
                    _("%(amount)s melebihi sisa yang bisa dikembalikan untuk pesanan %(number)s (%(left)s).")
                    % {"amount": locked.amount, "number": target.number, "left": left},
                    code=PaymentErrorCode.REFUND_INVALID,
                )
            _record_reversal_refund(locked, target, user=user)
        locked.order = target
        locked.outcome = ExternalReversal.Outcome.RESOLVED
        locked.resolved_by = user
        locked.resolved_at = timezone.now()
        locked.resolution_note = note[:255]
        locked.save(update_fields=["order", "outcome", "resolved_by", "resolved_at", "resolution_note"])
        how = (
            _("dicatat sebagai pengembalian pesanan %(number)s") % {"number": target.number}
            if target
            else _("tidak diterapkan ke pesanan mana pun")
        )
        for o in orders:
            record_attention_resolved(
                o,
                _("%(kind)s %(amount)s pada pembayaran %(id)s diselesaikan: %(how)s. Catatan: %(note)s")
                % {
                    "kind": locked.get_kind_display(),
                    "amount": f"{locked.amount} {locked.currency}",
                    "id": locked.attempt.provider_id,
                    "how": how,
                    "note": locked.resolution_note,
                },
                user=user,
            )
    return locked


def record_dispute_won(attempt: PaymentAttempt, *, dispute_id: str, amount: Decimal | None, event=None):
    """Stripe closed a dispute in the store's favour: the chargeback's money came back. Recorded once per dispute
    and left for a person (``resolve_external_reversal``); never undone automatically, because the chargeback may
    have refunded an order and released its stock meanwhile. Returns None when already known."""
    from checkout.services.orders import flag_for_attention

    with transaction.atomic():
        orders = _lock_checkout_orders(attempt.checkout_id)
        reference = f"{dispute_id}:won"
        if ExternalReversal.objects.filter(attempt=attempt, reference=reference).exists():
            return None
        chargeback = ExternalReversal.objects.filter(attempt=attempt, reference=dispute_id).first()
        amount = amount if amount is not None else (chargeback.amount if chargeback else Decimal(0))
        where = (
            _("dicatat sebagai pengembalian pesanan %(number)s") % {"number": chargeback.order.number}
            if chargeback and chargeback.order_id
            else _("tidak tercatat pada pesanan")
        )
        reversal = ExternalReversal.objects.create(
            attempt=attempt,
            event=event,
            kind=ExternalReversal.Kind.DISPUTE_WON,
            amount=amount,
            currency=attempt.currency,
            reference=reference[:255],
            order=chargeback.order if chargeback else None,
            outcome=ExternalReversal.Outcome.NEEDS_ATTENTION,
            detail=str(_("chargeback-nya %(where)s") % {"where": where})[:255],
        )
        for order in orders:
            flag_for_attention(
                order,
                _(
                    "Sengketa %(id)s dimenangkan: %(amount)s kembali ke toko. Chargeback-nya %(where)s; "
                    "periksa pesanan dan catat penyelesaiannya."
                )
                % {"id": dispute_id, "amount": f"{amount} {attempt.currency}", "where": where},
            )
    return reversal


# --------------------------------------------------------------------------------------------------- reconciling

#: After its window, an attempt the provider still calls pending gets this long before we expire it ourselves.
EXPIRY_GRACE = timedelta(minutes=5)


def refresh_attempt(attempt: PaymentAttempt, *, now=None) -> PaymentAttempt:
    """Ask the provider about one open attempt and apply the answer; expire it when it is past its window.

    The provider is called with no lock held; the answer goes through ``apply_status`` (monotonic, atomic). A
    provider error leaves everything as it was (the next run tries again). Returns the fresh attempt.
    """
    if attempt.status not in OPEN_STATUSES:
        return attempt
    now = now or timezone.now()
    gateway = get_gateway(attempt.gateway)
    try:
        checked = gateway.fetch_status(attempt)
    except ProviderError as exc:
        logger.warning("status check of %s failed: %s", attempt.provider_id, exc.code)
        PaymentAttempt.objects.filter(pk=attempt.pk).update(last_checked_at=now)
        attempt.refresh_from_db()
        return attempt
    status = checked.status
    if status == A.PAID and not amount_matches(attempt, checked.amount, checked.currency):
        logger.error("provider reports %s paid with a different amount; not applied", attempt.provider_id)
        status = None
    past_window = attempt.expires_at is not None and now > attempt.expires_at + EXPIRY_GRACE
    if past_window and status in (None, A.CREATED, A.PENDING):
        status = A.EXPIRED
    result = (
        apply_status(attempt, status, payment_type=checked.payment_type) if status else ApplyResult("ignored")
    )
    PaymentAttempt.objects.filter(pk=attempt.pk).update(last_checked_at=now)
    settle_consequences(result)
    attempt.refresh_from_db()
    return attempt


@dataclass
class ReconcileReport:
    checked: int = 0
    changed: dict[str, int] = field(default_factory=dict)


def quiet_attempts(*, now=None, quiet_for=timedelta(minutes=10)):
    """Open attempts nobody heard about recently: past their window, or not checked for ``quiet_for``."""
    from django.db.models import Q

    now = now or timezone.now()
    return (
        PaymentAttempt.objects.filter(status__in=OPEN_STATUSES)
        .filter(Q(expires_at__lt=now) | Q(updated_at__lt=now - quiet_for))
        .filter(Q(last_checked_at__isnull=True) | Q(last_checked_at__lt=now - timedelta(minutes=1)))
    )


def reconcile_payments(*, now=None, limit: int = 200) -> ReconcileReport:
    """Ask the providers about attempts that went quiet, apply what they say, expire what is past its window.

    Safe to run concurrently and repeatedly: each attempt is handled by ``refresh_attempt`` (monotonic)."""
    now = now or timezone.now()
    report = ReconcileReport()
    for attempt in quiet_attempts(now=now).order_by("expires_at")[:limit]:
        before = attempt.status
        after = refresh_attempt(attempt, now=now).status
        report.checked += 1
        if after != before:
            report.changed[after] = report.changed.get(after, 0) + 1
    return report


def confirm_manual_payment(attempt: PaymentAttempt, *, user=None) -> ApplyResult:
    """An administrator (or the store) saw the bank transfer arrive: the attempt and its orders become paid.

    Same path as a provider notification (``apply_status``: monotonic, atomic, idempotent). Permission is the
    caller's job (``selectors.can_confirm_manual``)."""
    if attempt.gateway != "manual":
        raise PaymentError(_("Hanya transfer manual yang dikonfirmasi dengan tangan."))
    who = getattr(user, "get_username", lambda: "")()
    result = apply_status(
        attempt,
        A.PAID,
        payment_type="bank_transfer",
        message=_("Transfer dikonfirmasi oleh %(user)s.") % {"user": who},
    )
    settle_consequences(result)
    return result
