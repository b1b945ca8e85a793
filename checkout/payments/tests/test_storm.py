"""A storm of 1000 Midtrans notifications with duplicates, reordering, forgeries and unknown orders."""

import json
import random
import re
from collections import Counter

import responses

from catalog.models import Stock
from checkout.models import OrderEvent, OrderStatus
from checkout.payments.models import AttemptStatus, PaymentEvent

from .conftest import (
    MT_KEY,
    gross_of,
    make_checkout,
    mt_notification,
    mt_status_body,
    open_attempt,
    post_midtrans,
)

TOTAL = 1000
N_CHECKOUTS = 40
FATES = ("paid", "paid", "expired", "failed")  # per checkout, by index


def _real_notifications(attempt, fate):
    gross, oid = gross_of(attempt), attempt.provider_id
    pending = mt_notification(oid, "pending", "201", gross, transaction_id=f"{oid}-t")
    if fate == "paid":
        return [
            pending,
            mt_notification(oid, "settlement", "200", gross, transaction_id=f"{oid}-t"),
            # a late expire for the same order id (a second Snap try that lapsed) must not undo the payment
            mt_notification(oid, "expire", "202", gross, transaction_id=f"{oid}-t2"),
        ]
    if fate == "expired":
        return [pending, mt_notification(oid, "expire", "202", gross, transaction_id=f"{oid}-t")]
    return [
        mt_notification(oid, "capture", "200", gross, fraud="challenge", transaction_id=f"{oid}-t"),
        mt_notification(oid, "deny", "202", gross, fraud="deny", transaction_id=f"{oid}-t"),
    ]


def _forgery(attempt, rng):
    """Settlements for attempts that must never be paid, signed with the wrong key or tampered."""
    gross, oid = gross_of(attempt), attempt.provider_id
    kind = rng.choice(["wrong-key", "tampered-amount", "no-signature"])
    if kind == "wrong-key":
        return mt_notification(
            oid,
            "settlement",
            "200",
            gross,
            key="SB-Mid-server-ATTACKER",
            transaction_id=f"forged-{rng.random()}",
        )
    body = json.loads(mt_notification(oid, "settlement", "200", gross, key=MT_KEY, transaction_id="forged"))
    if kind == "tampered-amount":
        body["gross_amount"] = "1.00"
    else:
        del body["signature_key"]
    return json.dumps(body)


@responses.activate
def test_storm_of_1000_notifications_ends_in_exactly_the_right_states(
    client, db, chans, store, keys, capsys, settings
):
    settings.OPOP_REJECTED_NOTIFICATIONS_PER_MINUTE = 20
    from tests.factories import make_product

    rng = random.Random(20261128)
    product = make_product(store, "Keripik Tempe", price_idr=20000, stock=N_CHECKOUTS)
    attempts = []
    for i in range(N_CHECKOUTS):
        checkout = make_checkout(chans["indonesia"], [(product, 1)], shipping=0)
        attempts.append((open_attempt(checkout), FATES[i % len(FATES)]))

    truth = {
        a.provider_id: ("settlement" if fate == "paid" else "expire" if fate == "expired" else "deny")
        for a, fate in attempts
    }

    def status_callback(request):
        oid = re.search(r"/v2/([^/]+)/status", request.url).group(1)
        return 200, {}, json.dumps(mt_status_body(oid, truth[oid], "20000.00"))

    responses.add_callback(
        responses.GET,
        re.compile(r"https://api\.sandbox\.midtrans\.com/v2/.+/status"),
        callback=status_callback,
    )

    real = [(body, "real") for a, fate in attempts for body in _real_notifications(a, fate)]
    targets = [a for a, fate in attempts if fate != "paid"]
    storm = list(real)  # every real notification at least once
    n_forged = 150
    n_unknown = 30
    storm += [(_forgery(rng.choice(targets), rng), "forged") for _ in range(n_forged)]
    storm += [
        (mt_notification(f"OPOP-9999{i}-1", "settlement", "200", "20000.00"), "unknown")
        for i in range(n_unknown)
    ]
    while len(storm) < TOTAL:
        storm.append(rng.choice(real))  # duplicates
    rng.shuffle(storm)

    outcomes = Counter()
    statuses = Counter()
    for body, kind in storm:
        resp = post_midtrans(client, body)
        statuses[resp.status_code] += 1
        outcomes[resp.content.decode()] += 1
        if kind == "forged":
            assert resp.status_code in (400, 429)  # refused; past the per-address limit not even stored

    # Exactly the right states
    for attempt, fate in attempts:
        attempt.refresh_from_db()
        orders = set(attempt.checkout.orders.values_list("status", flat=True))
        if fate == "paid":
            assert attempt.status == AttemptStatus.PAID, attempt.provider_id
            assert orders == {OrderStatus.PAID}
            order = attempt.checkout.orders.get()
            assert OrderEvent.objects.filter(order=order, to_status=OrderStatus.PAID).count() == 1
        elif fate == "expired":
            assert attempt.status == AttemptStatus.EXPIRED and orders == {OrderStatus.EXPIRED}
        else:
            assert attempt.status == AttemptStatus.FAILED and orders == {OrderStatus.AWAITING_PAYMENT}
    n_paid = sum(1 for _a, f in attempts if f == "paid")
    assert Stock.objects.get(sku=product.variants.first().sku).quantity_allocated == n_paid

    assert len(storm) == TOTAL and statuses[400] + statuses[429] == n_forged
    assert statuses[200] == TOTAL - n_forged
    assert outcomes["rejected"] + outcomes["rate_limited"] == n_forged
    limit = settings.OPOP_REJECTED_NOTIFICATIONS_PER_MINUTE
    assert outcomes["rejected"] == limit  # the first ones from this address, then 429
    assert PaymentEvent.objects.filter(signature_valid=False).count() <= limit + 1  # + one "limit reached" row
    assert outcomes["unknown_attempt"] == n_unknown
    distinct_real = len({b for b, _k in real})
    assert PaymentEvent.objects.filter(signature_valid=True).count() == distinct_real + n_unknown
    assert outcomes["applied"] + outcomes["ignored"] + outcomes["not_confirmed"] == distinct_real
    with capsys.disabled():
        print(
            f"\nstorm: sent {TOTAL}, applied {outcomes['applied']}, ignored {outcomes['ignored']}, "
            f"duplicates {outcomes['duplicate']}, unknown {outcomes['unknown_attempt']}, "
            f"rejected {outcomes['rejected']}, rate-limited {outcomes['rate_limited']}, "
            f"status re-checks {len(responses.calls)}"
        )
