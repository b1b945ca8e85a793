"""axe-core on the buyer pages (home, store directory, storefront in each theme, category, product page, search, the
store application form), at 390 px and desktop.

Screenshots go to tests/screenshots/ (git-ignored) for a human look.
"""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

playwright = pytest.importorskip("playwright.sync_api")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).resolve().parent.parent / "screenshots"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium"),
]


@pytest.fixture
def shop(transactional_db):
    from cms.models import StorefrontPage
    from tests.factories import CategoryFactory, channels, make_product, make_store

    channels()
    kopi = CategoryFactory(name="Kopi", slug="kopi")
    stores = {}
    for theme, name, primary in [("klasik", "Kopi An Nur", ""), ("pasar", "Madu Sidogiri", "#0b57d0"),
                                 ("malam", "Batik Al Hikam", "")]:
        store = make_store(name)
        page = StorefrontPage.objects.get(store=store)
        page.theme, page.primary_colour, page.tagline = theme, primary, f"Produk unggulan {name}"
        page.save_revision().publish()
        for i in range(6):
            make_product(store, f"{name} produk {i}", slug=f"produk-{i}", category=kopi, price_idr=25000 + i * 1000,
                         halal_cert_no="ID35110000123450823" if i % 2 else "", summary="Produk asli pesantren.")
        stores[theme] = store
    return stores


def serious(results):
    return [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_buyer_pages_have_no_serious_axe_violations(live_server, shop):
    from axe_playwright_python.sync_playwright import Axe

    SHOTS.mkdir(exist_ok=True)
    urls = {
        "home": "/",
        "search": "/search/?q=kopi",
        "directory": "/toko/",
        "category": "/kategori/kopi/",
        "store-application": "/daftar-toko/",
        "product": f"/{shop['pasar'].slug}/p/produk-1/",
        **{f"store-{theme}": f"/{store.slug}/" for theme, store in shop.items()},
    }
    axe = Axe()
    problems = {}
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width, height, label in [(390, 844, "phone"), (1280, 900, "desktop")]:
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, url in urls.items():
                assert page.goto(live_server.url + url).ok, url
                page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
                found = serious(axe.run(page))
                if found:
                    problems[f"{name}@{label}"] = [(v["id"], v["help"], len(v["nodes"])) for v in found]
            page.close()
        browser.close()
    assert problems == {}
