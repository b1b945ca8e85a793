"""A notification storm through the real stack, shared by ``test_storm_live.py`` (a few hundred notifications) and
``bench/bench_notifications.py`` (1,000 and more, figures printed).

Checkouts are placed in the database, each with a fate. Their payments are started over HTTP (the buyer's "pay"
button, gunicorn calling the fake provider); the fake provider then plays each fate (paid by QRIS or card, expired,
challenged then denied; Stripe paid or expired) and notifies the shop; the shop's admin refunds some orders (card
refunds wait for the bank: 201, the acknowledgement without ``bank_confirmed_at``). Then the storm, sent by many
threads at once and shuffled: copies of every real notification, forgeries (wrong key, no signature, tampered
Stripe events, captured settlements rewritten into chargebacks), notifications for unknown orders, and the banks
confirming the pending refunds; then more copies of those confirmations. ``check_end_states`` asserts every
attempt, order, refund and stock row ends exactly where its fate says.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connections

from catalog.models import Stock
from checkout.models import OrderEvent, OrderStatus
from checkout.payments.models import AttemptStatus, PaymentAttempt, Refund
from checkout.payments.services import refund_order
from checkout.payments.tests.conftest import make_checkout
from tests.factories import make_product

from .helpers import start_payment_over_http

MIDTRANS_FATES = (
    "paid",
    "paid_card_refund_full",
    "paid_card_refund_part",
    "paid_direct_refund",
    "expired",
    "denied",
    "paid",
)
STRIPE_FATES = ("paid", "paid_refund", "expired")
PRICE = 50000
PART = Decimal(20000)


@dataclass
class Planned:
    checkout: object
    gateway: str
    fate: str
    attempt: PaymentAttempt | None = None


@dataclass
class StormFigures:
    checkouts: int = 0
    sent: int = 0
    answers: Counter = field(default_factory=Counter)
    http: Counter = field(default_factory=Counter)
    forgeries_sent: int = 0
    forgeries_refused: int = 0
    unknown_sent: int = 0
    refunds_completed: int = 0
    storm_sent: int = 0
    seconds_storm: float = 0.0
    seconds_total: float = 0.0

    def line(self) -> str:
        a = self.answers
        return (
            f"storm (live: gunicorn + PostgreSQL + fake provider): checkouts {self.checkouts}, sent {self.sent}, "
            f"applied {a['applied']}, ignored {a['ignored']}, duplicates {a['duplicate']}, "
            f"needs attention {a['needs_attention']}, unknown {a['unknown_attempt']}, "
            f"forgeries refused {self.forgeries_refused}/{self.forgeries_sent} "
            f"(400 {self.http[400]}, 429 {self.http[429]}, not confirmed {a['not_confirmed']}), "
            f"refunds completed {self.refunds_completed}, 5xx {sum(v for k, v in self.http.items() if k >= 500)}, "
            f"storm phase {self.storm_sent} notifications in {self.seconds_storm:.1f} s "
            f"({self.storm_sent / max(self.seconds_storm, 0.001):.0f}/s, 8 threads), whole run {self.seconds_total:.1f} s"
        )


def build(chans, stores, n_checkouts: int) -> list[Planned]:
    products = [make_product(store, f"Keripik {store.slug}", price_idr=PRICE, price_myr="25.00", stock=10 * n_checkouts)
                for store in stores]
    planned = []
    for i in range(n_checkouts):
        product = products[i % len(products)]
        if i % 4 == 3:
            fate = STRIPE_FATES[(i // 4) % len(STRIPE_FATES)]
            checkout = make_checkout(chans["international"], [(product, 1)], gateway="stripe", window_minutes=60)
            planned.append(Planned(checkout, "stripe", fate))
        else:
            fate = MIDTRANS_FATES[i % len(MIDTRANS_FATES)]
            checkout = make_checkout(chans["indonesia"], [(product, 1)], gateway="midtrans", window_minutes=60)
            planned.append(Planned(checkout, "midtrans", fate))
    return planned


def _start(shop, plan: Planned) -> None:
    try:
        status, _location = start_payment_over_http(shop, plan.checkout)
        assert status == 302, status
        plan.attempt = PaymentAttempt.objects.get(checkout=plan.checkout)
    finally:
        connections.close_all()  # this thread's own connection, or the test database cannot be dropped


def _play(fake, plan: Planned) -> None:
    oid, fate = plan.attempt.provider_id, plan.fate
    if plan.gateway == "stripe":
        (fake.st_expire if fate == "expired" else fake.st_pay)(plan.attempt.provider_reference)
    elif fate == "expired":
        fake.mt_expire(oid)
    elif fate == "denied":
        fake.mt_challenge_then_deny(oid)
    else:
        fake.mt_pay(oid, payment_type="credit_card" if "card" in fate else "qris")


def _refund(plan: Planned) -> None:
    if "refund" not in plan.fate:
        return
    order = plan.checkout.orders.get()
    amount = order.total if plan.fate in ("paid_card_refund_full", "paid_refund") else PART
    refund_order(order, amount, reason="Storm refund", refund_key=f"rf-storm-{plan.attempt.pk}")


def _forgeries(fake, planned: list[Planned], rng: random.Random, n: int) -> list[tuple]:
    paid_mt = [p for p in planned if p.gateway == "midtrans" and p.fate == "paid"]
    unpaid_mt = [p for p in planned if p.gateway == "midtrans" and p.fate in ("expired", "denied")]
    paid_st = [p for p in planned if p.gateway == "stripe" and p.fate == "paid"]
    forged = []
    for i in range(n):
        kind = i % 5
        if kind == 0 and unpaid_mt:  # a settlement signed with somebody else's key
            plan = rng.choice(unpaid_mt)
            body = json.loads(fake.midtrans_body(plan.attempt.provider_id, key="SB-Mid-server-ATTACKER"))
            body.update(transaction_status="settlement", transaction_id=f"forged-{i}")
            forged.append(("midtrans", json.dumps(body), {}, "forged"))
        elif kind == 1 and paid_mt:  # a captured real settlement rewritten into a chargeback (signature valid)
            plan = rng.choice(paid_mt)
            body = json.loads(fake.midtrans_body(plan.attempt.provider_id))
            body.update(transaction_status=rng.choice(["chargeback", "refund"]), refund_amount=f"{PRICE}.00",
                        transaction_id=f"forged-{i}")  # not signed: every forgery is a distinct event
            forged.append(("midtrans", json.dumps(body), {}, "forged"))
        elif kind == 2 and unpaid_mt:  # no signature at all
            body = json.loads(fake.midtrans_body(rng.choice(unpaid_mt).attempt.provider_id))
            body.pop("signature_key")
            body["nonce"] = i
            forged.append(("midtrans", json.dumps(body), {}, "forged"))
        elif paid_st:  # a Stripe event with a valid header for another body, or signed with the wrong secret
            plan = rng.choice(paid_st)
            payload, headers = fake.stripe_event("charge.dispute.created", {"id": f"dp_{i}", "object": "dispute",
                                                 "amount": 2500, "currency": "myr",
                                                 "metadata": {"attempt": plan.attempt.provider_id}},
                                                 secret="whsec_attacker" if kind == 3 else None)
            if kind == 4:
                payload = payload.replace('"amount": 2500', '"amount": 9900')
            forged.append(("stripe", payload, headers, "forged"))
    return forged


def _unknown(fake, n: int) -> list[tuple]:
    bodies = []
    for i in range(n):
        oid = f"OPOP-99999{i}-1-unknown0"
        with fake.lock:
            fake.state.midtrans[oid] = {
                "order_id": oid, "gross_amount": PRICE, "transaction_status": "settlement",
                "transaction_id": f"unknown-{i}", "payment_type": "qris", "created": "2026-11-28 10:00:00", "refunds": [],
            }
        bodies.append(("midtrans", fake.midtrans_body(oid), {}, "unknown"))
    return bodies


def _send_all(fake, items: list[tuple], figures: StormFigures, threads: int) -> None:
    def one(item):
        if item[0] == "confirm":
            delivery = fake.mt_confirm_refunds(item[1])
            return delivery, "confirm"
        gateway, body, headers, label = item
        return fake.send(gateway, body, headers, label=label), label

    with ThreadPoolExecutor(threads) as pool:
        for delivery, label in pool.map(one, items):
            if delivery is None:
                continue
            figures.sent += 1
            figures.http[delivery.status] += 1
            figures.answers[delivery.answer] += 1
            if label == "forged":
                figures.forgeries_sent += 1
                refused = delivery.status in (400, 429) or delivery.answer == "not_confirmed"
                figures.forgeries_refused += refused


def run_storm(shop, fake, chans, stores, *, n_checkouts: int, total: int, threads: int = 8,
              seed: int = 20261130) -> tuple[list[Planned], StormFigures]:
    rng = random.Random(seed)
    figures = StormFigures(checkouts=n_checkouts)
    started = time.monotonic()
    planned = build(chans, stores, n_checkouts)
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda p: _start(shop, p), planned))
        list(pool.map(lambda p: _play(fake, p), planned))
    for plan in planned:
        _refund(plan)
    fake.drain()
    real = [(d.gateway, d.body, d.headers, "real") for d in list(fake.deliveries)]
    for d in fake.deliveries:
        figures.sent += 1
        figures.http[d.status] += 1
        figures.answers[d.answer] += 1

    n_forged, n_unknown = total // 7, total // 30
    waiting = fake.mt_pending_refunds()
    items = _forgeries(fake, planned, rng, n_forged) + _unknown(fake, n_unknown) + [("confirm", oid) for oid in waiting]
    figures.unknown_sent = n_unknown
    while len(items) + figures.sent < total - 2 * len(waiting):
        items.append(rng.choice(real))  # copies of real notifications
    rng.shuffle(items)
    storm_started = time.monotonic()
    before_storm = figures.sent
    before = len(fake.deliveries)
    _send_all(fake, items, figures, threads)
    confirmations = [d for d in fake.deliveries[before:] if d.label == "refund confirmed"]
    _send_all(fake, [(d.gateway, d.body, d.headers, "copy") for d in confirmations * 2], figures, threads)
    fake.drain()
    figures.seconds_storm = time.monotonic() - storm_started
    figures.storm_sent = figures.sent - before_storm
    figures.refunds_completed = Refund.objects.filter(
        status=Refund.Status.SUCCEEDED, attempt__payment_type="credit_card"
    ).count()
    figures.seconds_total = time.monotonic() - started
    return planned, figures


EXPECTED = {
    # fate: (attempt status, order status, refunded amount (None: the order's total))
    "paid": (AttemptStatus.PAID, OrderStatus.PAID, Decimal(0)),
    "paid_card_refund_full": (AttemptStatus.REFUNDED, OrderStatus.REFUNDED, None),
    "paid_card_refund_part": (AttemptStatus.PARTIALLY_REFUNDED, OrderStatus.PAID, PART),
    "paid_direct_refund": (AttemptStatus.PARTIALLY_REFUNDED, OrderStatus.PAID, PART),
    "paid_refund": (AttemptStatus.REFUNDED, OrderStatus.REFUNDED, None),
    "expired": (AttemptStatus.EXPIRED, OrderStatus.EXPIRED, Decimal(0)),
    "denied": (AttemptStatus.FAILED, OrderStatus.AWAITING_PAYMENT, Decimal(0)),
}


def check_end_states(planned: list[Planned]) -> None:
    allocated: Counter = Counter()
    for plan in planned:
        attempt_status, order_status, refunded = EXPECTED[plan.fate]
        plan.attempt.refresh_from_db()
        order = plan.checkout.orders.get()
        where = f"{plan.gateway} {plan.fate} {plan.attempt.provider_id}"
        assert plan.attempt.status == attempt_status, where
        assert order.status == order_status, where
        assert order.refunded_amount == (order.total if refunded is None else refunded), where
        paid_events = OrderEvent.objects.filter(order=order, to_status=OrderStatus.PAID).count()
        assert paid_events == (0 if plan.fate in ("expired", "denied") else 1), where
        assert all(r.status == Refund.Status.SUCCEEDED for r in order.refunds.all()), where
        if order.status == OrderStatus.PAID:
            line = order.lines.get()
            allocated[line.sku] += line.quantity
    for stock in Stock.objects.filter(sku__in=[p.checkout.orders.get().lines.get().sku for p in planned]):
        assert stock.quantity_allocated == allocated[stock.sku], stock.sku
