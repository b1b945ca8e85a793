"""Browser test layer: Playwright drives Debian's chromium against pytest-django's ``live_server``.

Fixtures for every browser test file:

- ``browser``: one headless chromium per test module.
- ``page``: a desktop-sized page (1280×900); ``phone_page``: a phone-sized page (390×844, touch, mobile UA);
  ``phone_context(browser, **options)`` makes such a context with more options (JavaScript off).
- ``demo_data``: a small ``load_demo`` (3 stores × 6 products, with photos) in a transactional database;
  returns the stores.
- ``screenshot(page, name)``: saves ``tests/screenshots/<name>.png`` (git-ignored) for a human to look at.

No chromium at /usr/bin/chromium: the tests are skipped locally, and FAIL when ``CI=true`` (a CI run that
silently skipped its browser tests would prove nothing).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; Django's ORM would otherwise refuse to run
# from it (SynchronousOnlyOperation) when fixtures touch the database.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("OPOP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# The first visit renders every photo's AVIF/WebP/JPEG renditions; on a busy 2-CPU CI machine that can take
# longer than Playwright's 30 s default, and a test that gives up mid-render races the flush that ends it.
TIMEOUT_MS = int(os.environ.get("OPOP_BROWSER_TIMEOUT_MS", "90000"))


def browser_missing_reason() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"no chromium at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


def pytest_collection_modifyitems(config, items):
    """Mark every test in tests/browser as ``browser``; skip them without chromium, fail them in CI."""
    here = Path(__file__).resolve().parent
    reason = browser_missing_reason()
    in_ci = os.environ.get("CI", "").lower() == "true"
    for item in items:
        if here not in Path(str(item.fspath)).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if reason and not in_ci:
            item.add_marker(pytest.mark.skip(reason=f"browser tests need Debian chromium: {reason}"))


# Module scope, not session: Playwright's sync API allows one running instance per thread, and a test file that
# starts its own ``sync_playwright()`` must not find ours still open from an earlier file.
@pytest.fixture(scope="module")
def browser():
    reason = browser_missing_reason()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and the browser tests cannot run: {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    # Auto-waiting assertions get the same patience as actions (their own default is 5 s).
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="id-ID")
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    yield pg
    context.close()


def phone_context(browser, **options):
    """A phone-sized browser context (390×844, touch, mobile UA); ``options`` add to or override Playwright's
    context options (``java_script_enabled=False`` for a buyer without JavaScript)."""
    return browser.new_context(
        **{
            "viewport": PHONE,
            "device_scale_factor": 2,
            "is_mobile": True,
            "has_touch": True,
            "locale": "id-ID",
            "user_agent": (
                "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/120.0 Mobile Safari/537.36"
            ),
            **options,
        }
    )


@pytest.fixture
def phone_page(browser):
    context = phone_context(browser)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    yield pg
    context.close()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(pg, name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        pg.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def demo_data(transactional_db, settings, tmp_path):
    """A small demo marketplace (3 stores × 6 products with photos) that the live server can see."""
    from shop.demo.loader import load_demo
    from tests.transactional import ensure_wagtail_roots

    ensure_wagtail_roots()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    result = load_demo(stores=3, products_per_store=6, with_photos=True, password="opop-demo-2026")
    return result.stores
