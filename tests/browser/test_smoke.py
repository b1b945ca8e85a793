"""Smoke journey on a phone: home → a store → a product; and an editor-free admin login."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_buyer_walks_from_the_home_page_to_a_store_and_a_product_on_a_phone(
    live_server, demo_data, phone_page, screenshot
):
    store = demo_data[0]
    pg = phone_page
    response = pg.goto(live_server.url + "/")
    assert response.status == 200
    screenshot(pg, "smoke-1-home-phone")
    assert store.name in pg.content()

    pg.locator(f'a[href$="/{store.slug}/"]').first.click()
    pg.wait_for_url(re.compile(rf"/{store.slug}/$"))
    assert store.name in pg.title() or store.name in pg.content()
    screenshot(pg, "smoke-2-store-phone")

    product_link = pg.locator(f'a[href*="/{store.slug}/p/"]').first
    product_title = product_link.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
    product_link.click()
    pg.wait_for_url(re.compile(rf"/{store.slug}/p/{product_title}/$"))
    assert pg.locator("h1").first.is_visible()
    screenshot(pg, "smoke-3-product-phone")

    # A phone page must not scroll sideways.
    overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1

    # The product photo is drawn, loaded and has alt text.
    images = pg.locator("main img")
    assert images.count() >= 1
    first = images.first
    assert first.get_attribute("alt")
    assert pg.evaluate("(img) => img.complete && img.naturalWidth > 0", first.element_handle())


def test_admin_logs_in_and_sees_the_wagtail_dashboard(live_server, demo_data, page, screenshot):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + "/admin/login/")
    page.fill('input[name="username"]', "admin")
    page.fill('input[name="password"]', "opop-demo-2026")
    page.locator('button[type="submit"], input[type="submit"]').first.click()
    page.wait_for_url(re.compile(r"/admin/$"))
    screenshot(page, "smoke-4-admin-dashboard")
    assert page.locator("main, #main").first.is_visible()
    assert "login" not in page.url
    # Nothing leaves the shop's own origin (no Gravatar, no CDN): editors on a slow link, and their privacy.
    outside = [url for url in requested if not url.startswith((live_server.url, "data:", "blob:"))]
    assert outside == []


def test_wrong_password_keeps_the_visitor_on_the_login_page(live_server, demo_data, page):
    page.goto(live_server.url + "/admin/login/")
    page.fill('input[name="username"]', "admin")
    page.fill('input[name="password"]', "salah-sandi")
    page.locator('button[type="submit"], input[type="submit"]').first.click()
    page.wait_for_load_state()
    assert "/admin/login/" in page.url
