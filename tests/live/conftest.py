"""The live test layer: the shop as it runs in production, talked to over real HTTP.

- ``fake_provider``: a fake Midtrans and Stripe on 127.0.0.1 (``fake_provider.FakeProvider``), a real HTTP server
  on a free port. The test process's settings point the real ``midtransclient`` and ``stripe`` clients at it, so
  service calls made in the test (a refund from the "admin") reach it too. It POSTs notifications to the shop.
- ``live_shop``: gunicorn with ``shop.settings.production`` (``shop_server.LiveShop``) on a free port, on the test
  database, pointed at the fake provider through its base-URL variables. Tests using it are transactional (the
  data they create is committed, so gunicorn's workers see it; the database is flushed afterwards).
- ``live_env``: extra environment variables for the shop (override the fixture in a test module, e.g.
  ``REDIS_URL`` of a redis-server the test started); ``live_shop.restart(NAME=value)`` changes them mid-test.

Every test here is marked ``live`` and runs on PostgreSQL only (skipped on SQLite): gunicorn's processes need a
database server they can share with the test. CI runs them in its PostgreSQL steps. Static files are collected
once per session (the production storage needs their manifest to render a page).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from .fake_provider import FakeProvider
from .shop_server import LiveShop, collect_static, database_url, production_env

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.live)


@pytest.fixture(autouse=True)
def _postgresql_only(request):
    if HERE not in Path(str(request.node.fspath)).resolve().parents:
        return
    if connection.vendor != "postgresql":
        pytest.skip("live tests run the shop under gunicorn on PostgreSQL (set DATABASE_URL=postgres://…)")


@pytest.fixture(scope="session")
def live_static(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("live-static")
    env = production_env(database="postgres://unused/none", workdir=root, static_root=root)
    collect_static(root, env)
    return root


@pytest.fixture
def fake_provider(settings):
    fake = FakeProvider().start()
    for name, value in fake.settings().items():
        setattr(settings, name, value)
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    settings.PAYMENT_HTTP_TIMEOUT = 5
    yield fake
    fake.stop()


@pytest.fixture
def live_env() -> dict[str, str]:
    """Extra environment variables for the live shop; override this fixture in a module or a test."""
    return {}


@pytest.fixture
def live_shop(transactional_db, fake_provider, live_static, live_env, tmp_path):
    env = production_env(
        database=database_url(connection.settings_dict),
        workdir=tmp_path,
        static_root=live_static,
        extra={**fake_provider.settings(), "PAYMENT_HTTP_TIMEOUT": "5", **live_env},
    )
    shop = LiveShop(env, log=tmp_path / "gunicorn.log").start()
    fake_provider.shop_url = shop.url
    yield shop
    fake_provider.drain()
    shop.stop()
