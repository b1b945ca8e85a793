"""Issue 11: a storm of notifications through the real stack (gunicorn, production settings, PostgreSQL, the real
clients against the fake provider): duplicates, forgeries, unknown orders and card refunds that wait for the bank,
sent by many threads at once. Every attempt, order, refund and stock row ends exactly where its fate says.

``OPOP_STORM_NOTIFICATIONS`` (default 300) and ``OPOP_STORM_CHECKOUTS`` size it; ``bench/bench_notifications.py``
runs it with 1,000 and prints the figures."""

import os

from .storm import check_end_states, run_storm


def test_storm_of_notifications_ends_every_order_in_its_right_state(
    live_shop, fake_provider, chans, store, other_store, capsys
):
    total = int(os.environ.get("OPOP_STORM_NOTIFICATIONS", "300"))
    checkouts = int(os.environ.get("OPOP_STORM_CHECKOUTS", str(max(28, total // 10))))
    planned, figures = run_storm(live_shop, fake_provider, chans, [store, other_store],
                                 n_checkouts=checkouts, total=total)
    check_end_states(planned)

    assert figures.sent >= total
    assert figures.forgeries_sent > 0 and figures.forgeries_refused == figures.forgeries_sent
    assert not [code for code in figures.http if code >= 500 or code == 0]
    assert figures.answers["duplicate"] > total // 3
    assert figures.answers["unknown_attempt"] == figures.unknown_sent
    card_refunds = sum(1 for p in planned if p.fate in ("paid_card_refund_full", "paid_card_refund_part"))
    assert figures.refunds_completed == card_refunds > 0
    with capsys.disabled():
        print("\n" + figures.line())
