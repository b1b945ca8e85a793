"""Issue 11.6 through the real stack: Redis stopped mid-run, PostgreSQL paused behind a proxy.

- **Redis down** (the test's own ``redis-server``, stopped, then started again empty): buyers browse, fill carts,
  place orders and providers' notifications are applied while it is down, with no 5xx; a cart filled before the
  outage is still there (``cached_db`` sessions); once Redis is back, pages are cached again.
- **PostgreSQL paused** (``faults.PausableProxy`` cuts every connection and refuses new ones): requests answer
  ``503`` with ``Retry-After`` (never 400 or 500, never a dropped connection) or a page the cache still had; no
  order is half-written; after ``resume()`` the same buyers place orders again, and the recovery time is measured.

Each test prints one line of figures (``pytest -s``), quoted in ``docs/performance.md`` ("Outages").
"""

from __future__ import annotations

import shutil
import threading
import time
from collections import Counter
from decimal import Decimal

import pytest
import requests
from django.db import connection
from django.db.models import Sum

from checkout.models import Checkout, Order, OrderLine, Reservation, ShippingRate
from checkout.payments.models import AttemptStatus
from checkout.payments.tests.conftest import make_checkout
from tests.factories import make_product

from .buyer import Buyer
from .faults import PausableProxy, RedisServer
from .helpers import latest_attempt, start_payment_over_http
from .shop_server import database_url

OUTAGE_SECONDS = 4


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        pytest.skip("needs the redis-server binary (CI installs it)")
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def db_proxy():
    proxy = PausableProxy(int(connection.settings_dict.get("PORT") or 5432)).start()
    yield proxy
    proxy.stop()


@pytest.fixture
def live_env(request):
    """Redis tests: the test's own redis-server, retried every second after a failure. PostgreSQL tests: the
    shop reaches the database through the pausable proxy."""
    env = {"OPOP_CACHE_RETRY_SECONDS": "1"}
    if "redis_server" in request.fixturenames:
        env["REDIS_URL"] = request.getfixturevalue("redis_server").url
    if "db_proxy" in request.fixturenames:
        port = request.getfixturevalue("db_proxy").port
        env["DATABASE_URL"] = database_url({**connection.settings_dict, "HOST": "127.0.0.1", "PORT": port})
    return env


@pytest.fixture
def market(home, store, chans):
    """Created before the shop starts (tests list it first): the shop's workers cache the channel list, and
    changes made from the test process cannot reach their cache."""
    ShippingRate.objects.create(
        store=store, channel=chans["indonesia"], name="JNE REG", price=Decimal("15000")
    )
    kopi = make_product(store, "Kopi Robusta Dampit", slug="kopi-robusta", price_idr=45000, stock=500)
    return {"store": store, "kopi": kopi, "variant": kopi.variants.first().pk}


def browse(buyer: Buyer, market, codes: Counter) -> None:
    for path in ("/", f"/{market['store'].slug}/", f"/{market['store'].slug}/p/kopi-robusta/"):
        codes[buyer.get(path).status_code] += 1


def buy(buyer: Buyer, market, codes: Counter) -> bool:
    """Add to cart and place the order; True when it was placed."""
    added = buyer.add_to_cart(market["variant"])
    codes[added.status_code] += 1
    if added.status_code != 302:
        return False
    responses = buyer.place_order()
    codes.update(r.status_code for r in responses)
    return len(responses) == 4 and responses[-1].status_code == 302  # "place" answered: to the payment page


def pay_over_http(live_shop, fake_provider, chans, market) -> str:
    checkout = make_checkout(chans["indonesia"], [(market["kopi"], 1)])
    status, _ = start_payment_over_http(live_shop, checkout)
    assert status == 302
    delivery = fake_provider.mt_pay(latest_attempt(checkout).provider_id)
    assert latest_attempt(checkout).status == AttemptStatus.PAID, delivery
    return delivery.answer


def cached_again(shop, path: str, timeout: float = 15) -> float:
    """Seconds until an anonymous page is served from the cache again."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if shop.get(path).headers.get("X-Opop-Cache") == "hit":
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError(f"{path} never came from the cache again")


def test_redis_stopped_mid_run_slows_pages_and_breaks_nothing(
    market, redis_server, live_shop, fake_provider, chans
):
    product = f"/{market['store'].slug}/p/kopi-robusta/"
    early = Buyer(live_shop)
    before = Counter()
    browse(early, market, before)
    page = live_shop.get(product)
    assert before == Counter({200: 3}) and page.status_code == 200, (
        before,
        page.status_code,
        dict(page.headers),
    )
    assert cached_again(live_shop, product) < 5  # Redis up: the page cache works
    added = early.add_to_cart(market["variant"])
    assert added.status_code == 302, added
    assert "Kopi Robusta Dampit" in early.get("/cart/").text, (added.headers, early.session.cookies.keys())

    redis_server.stop()
    during, placed = Counter(), 0
    for _ in range(3):
        buyer = Buyer(live_shop)
        browse(buyer, market, during)
        placed += buy(buyer, market, during)
    assert live_shop.get(product).headers.get("X-Opop-Cache") is None  # rendered, not served from the cache
    cart = early.get("/cart/")
    assert "Kopi Robusta Dampit" in cart.text, (
        cart.status_code,
        early.session.cookies.keys(),
        cart.text[-3000:],
    )
    placed += early.place_order()[-1].status_code == 302
    answer = pay_over_http(live_shop, fake_provider, chans, market)
    assert placed == 4 and answer == "applied"
    assert not any(code >= 500 for code in during), during

    redis_server.start()  # empty, as a restarted Redis is
    after = Counter()
    browse(Buyer(live_shop), market, after)
    recovered = cached_again(live_shop, product)
    assert buy(Buyer(live_shop), market, after)
    assert not any(code >= 500 for code in after), after
    print(
        f"\nredis outage (live): during {sum(during.values())} requests {dict(during)}, orders placed {placed}, "
        f"notification {answer}; after restart {dict(after)}, pages cached again after {recovered:.1f} s"
    )


class Traffic:
    """Buyers placing orders from several threads (``rounds`` each, or until stopped), every answer counted."""

    def __init__(self, live_shop, market, threads: int = 4, rounds: int | None = None):
        self.live_shop, self.market, self.threads, self.rounds = live_shop, market, threads, rounds
        self.buyers = [Buyer(live_shop, timeout=20) for _ in range(threads)]
        self.placed = 0
        self.dropped = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    @property
    def codes(self) -> Counter:
        total = Counter()
        for buyer in self.buyers:
            for (status, _retry), n in buyer.answers.items():
                total[status] += n
        return total

    @property
    def retry_after(self) -> set[str | None]:
        return {retry for b in self.buyers for (status, retry) in b.answers if status == 503}

    def _run(self, buyer: Buyer) -> None:
        done = 0
        while not self.stopping.is_set() and (self.rounds is None or done < self.rounds):
            done += 1
            try:
                browse(buyer, self.market, Counter())
                placed = buy(buyer, self.market, Counter())
                buyer.get("/cart/")
            except (
                requests.RequestException
            ):  # a dropped connection or a timeout: exactly what must not happen
                with self.lock:
                    self.dropped += 1
                continue
            with self.lock:
                self.placed += placed

    def __enter__(self) -> Traffic:
        self.workers = [threading.Thread(target=self._run, args=(b,)) for b in self.buyers]
        for worker in self.workers:
            worker.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.rounds is None:
            self.stopping.set()
        for worker in self.workers:
            worker.join(120)


def wait_for_database(buyer: Buyer, timeout: float = 30) -> float:
    """Seconds until the buyer's cart (a session read from the database) answers 200 again."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if buyer.get("/cart/").status_code == 200:
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError("the shop did not recover")


def assert_no_half_written_orders() -> None:
    assert not Checkout.objects.filter(orders__isnull=True).exists()
    assert not Order.objects.filter(lines__isnull=True).exists()
    ordered = OrderLine.objects.aggregate(n=Sum("quantity"))["n"] or 0
    reserved = Reservation.objects.aggregate(n=Sum("quantity"))["n"] or 0
    assert ordered == reserved


def test_postgresql_paused_answers_503_with_retry_after_and_recovers(market, db_proxy, live_shop):
    probe = Buyer(live_shop, timeout=10)
    assert probe.add_to_cart(market["variant"]).status_code == 302
    with Traffic(live_shop, market, rounds=2) as before:
        pass
    with Traffic(live_shop, market) as during:
        time.sleep(0.5)
        db_proxy.pause()
        time.sleep(OUTAGE_SECONDS)
        assert probe.get("/cart/").status_code == 503
        db_proxy.resume()
        recovery = wait_for_database(probe)
    with Traffic(live_shop, market, rounds=2) as after:
        pass

    for traffic in (before, during, after):
        assert traffic.dropped == 0 and not {400, 500} & set(traffic.codes), traffic.codes
    assert during.codes[503] > 0 and during.retry_after == {"15"}
    assert before.placed and after.placed and 503 not in after.codes
    placed = before.placed + during.placed + after.placed
    orders = Order.objects.count()
    assert placed <= orders <= placed + during.codes[503]  # a placement cut after its commit may go uncounted
    assert_no_half_written_orders()
    print(
        f"\npostgresql paused {OUTAGE_SECONDS} s (live): before {dict(before.codes)} placed {before.placed}; "
        f"during {dict(during.codes)} placed {during.placed}, connections refused {db_proxy.refused}; "
        f"after {dict(after.codes)} placed {after.placed}; first 200 {recovery:.2f} s after resume; "
        f"orders in the database {orders}, none half-written"
    )
