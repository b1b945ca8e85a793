"""Content-Security-Policy on buyer pages: no inline script or style without a nonce, a fresh nonce on every
response of a cached page (the one in its header), and the admin's own policy."""

import json
import re

import pytest
from django.conf import settings as django_settings
from django.core import checks
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import Client, override_settings

from catalog.csp import CSP, ContentSecurityPolicyMiddleware, build_policy
from cms.cache import CACHE_HEADER
from tests.factories import CategoryFactory, make_product
from themes.error_page import STYLE, STYLE_HASH

pytestmark = pytest.mark.django_db

NONCE_IN_HEADER = re.compile(r"script-src [^;]*'nonce-([A-Za-z0-9_-]+)'")
NONCE_IN_BODY = re.compile(r'<script nonce="([^"]+)">')


def directives(header: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in header.split(";") if d.strip()}


@pytest.fixture
def kopi(store):
    return make_product(
        store, "Kopi Ijen", slug="kopi-ijen", category=CategoryFactory(name="Kopi", slug="kopi")
    )


BUYER_PAGES = [
    "/",
    "/kopi-an-nur/",
    "/kopi-an-nur/p/kopi-ijen/",
    "/kategori/kopi/",
    "/search/?q=kopi",
    "/toko/",
    "/cart/",
    "/kopi-an-nur/tidak-ada/",
]


def test_buyer_pages_forbid_inline_script_and_style(kopi):
    for url in BUYER_PAGES:
        response = Client().get(url)
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], url  # no nonce used, no 'unsafe-inline', no 'unsafe-eval'
        assert "'unsafe-inline'" not in policy["style-src"], url
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"], url
        html = response.content.decode()
        # The only inline scripts are JSON-LD data blocks (never executed); no event handler or style attribute.
        assert set(re.findall(r"<script([^>]*)>", html)) <= {' type="application/ld+json"'}, url
        assert not re.search(r"\son[a-z]+\s*=", html, re.I), url
        assert not re.search(r"<style|\sstyle\s*=", html, re.I), url


def test_two_responses_of_a_cached_page_carry_different_nonces_each_matching_its_header(kopi, settings):
    settings.ROOT_URLCONF = "cms.tests.csp_urls"
    for make_visitor in (
        Client,
        lambda: Client(HTTP_COOKIE="sessionid=x"),
    ):  # shared page, then a private one
        responses = [make_visitor().get("/csp-inline/") for _ in range(3)]
        assert [r[CACHE_HEADER] for r in responses][1:] == ["hit", "hit"]
        nonces = []
        for response in responses:
            (in_body,) = NONCE_IN_BODY.findall(response.content.decode())
            (in_header,) = NONCE_IN_HEADER.findall(response["Content-Security-Policy"])
            assert in_body == in_header and len(in_body) >= 16
            nonces.append(in_body)
        assert len(set(nonces)) == 3
        cache.clear()


def test_the_nonce_appears_only_where_the_template_asks_for_it(kopi, settings):
    """The nonce is in the body exactly once, where the template asked for it, and no placeholder is left over."""
    settings.ROOT_URLCONF = "cms.tests.csp_urls"
    response = Client().get("/csp-inline/")
    html = response.content.decode()
    assert "opop-slot-" not in html
    assert html.count(NONCE_IN_HEADER.findall(response["Content-Security-Policy"])[0]) == 1


def test_error_pages_style_is_allowed_by_its_hash_only(client):
    assert STYLE_HASH in directives(build_policy_for_buyers())["style-src"]
    html = render_to_string("500.html")
    assert f"<style>{STYLE}</style>" in html  # the exact bytes the hash covers


def build_policy_for_buyers():
    return build_policy(django_settings.SECURE_CSP)


def test_brand_stylesheet_is_immutable_and_refuses_anything_but_colours(client):
    ok = client.get("/tema/1f5f3f/8a4b08/serif.css")
    assert ok.status_code == 200 and "immutable" in ok["Cache-Control"]
    assert "--brand-primary:#1f5f3f" in ok.content.decode()
    for bad in (
        "/tema/red;}body{x/8a4b08/serif.css",
        "/tema/1f5f3f/8a4b08/comic.css",
        "/tema/12345/8a4b08/sans.css",
    ):
        assert client.get(bad).status_code == 404, bad


def test_admin_has_its_own_policy(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["object-src"] == ["'none'"] and "frame-ancestors" in policy


def test_build_policy_matches_djangos_format():
    config = {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF, CSP.NONCE],
        "upgrade-insecure-requests": True,
        "report-uri": None,
    }
    assert build_policy(config) == "default-src 'self'; script-src 'self'; upgrade-insecure-requests"
    assert (
        build_policy(config, "abc")
        == "default-src 'self'; script-src 'self' 'nonce-abc'; upgrade-insecure-requests"
    )


@override_settings(SECURE_CSP_REPORT_ONLY={"default-src": [CSP.NONE]})
def test_report_only_policy_is_sent_beside_the_enforced_one(client, kopi):
    response = client.get("/kopi-an-nur/")
    assert response["Content-Security-Policy-Report-Only"] == "default-src 'none'"
    assert "Content-Security-Policy" in response


def test_violation_reports_are_logged_rate_limited_and_never_stored(
    client, caplog, django_assert_num_queries
):
    body = json.dumps({"csp-report": {"effective-directive": "script-src-elem", "blocked-uri": "inline"}})
    with django_assert_num_queries(0):
        for _ in range(25):
            response = client.post("/csp-report/", body, content_type="application/csp-report")
            assert response.status_code == 204
        client.post("/csp-report/", "x" * 20000, content_type="application/csp-report")
        client.post("/csp-report/", "not json", content_type="application/csp-report")
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("CSP violation")]
    assert len(lines) == 20 and "script-src-elem" in lines[0]
    assert client.get("/csp-report/").status_code == 405


def test_documents_are_served_without_the_page_policy(rf):
    pdf = ContentSecurityPolicyMiddleware(lambda r: HttpResponse(b"%PDF-1.4", content_type="application/pdf"))
    html = ContentSecurityPolicyMiddleware(lambda r: HttpResponse(b"<p>x</p>"))
    assert "Content-Security-Policy" not in pdf(rf.get("/documents/1/sertifikat.pdf"))
    assert "Content-Security-Policy" in html(rf.get("/"))


def test_system_checks_catch_a_missing_doubled_or_misplaced_policy_middleware(settings):
    ours, djangos = (
        "catalog.csp.ContentSecurityPolicyMiddleware",
        "django.middleware.csp.ContentSecurityPolicyMiddleware",
    )
    base = [m for m in settings.MIDDLEWARE if m != ours]

    def ids(middleware):
        settings.MIDDLEWARE = middleware
        return {e.id for e in checks.run_checks(tags=[checks.Tags.security]) if e.id.startswith("catalog.W")}

    assert ids([ours, *base]) == set()
    assert ids(base) == {"catalog.W002"}
    assert ids([ours, djangos, *base]) == {"catalog.W003"}
    assert ids([*base, ours]) == {"catalog.W004"}
