"""Settings shared by every environment. Everything that differs comes from the environment.

Nothing set: SQLite file in ``var/``, local media, immediate background tasks.
``DATABASE_URL`` switches the database (PostgreSQL in production and CI), ``REDIS_URL`` turns on
the Redis cache (a miss when Redis is down) and cached database sessions.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from catalog.csp import CSP
from themes.error_page import STYLE_HASH as ERROR_PAGE_STYLE_HASH

from .lockout import LOCKOUT_TIERS
from .mail import email_settings
from .media import media_origins, s3_media_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("OPOP_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The library
    "themes",
    "cms",
    "catalog",
    "checkout",
    "checkout.payments",
    "checkout.payouts",
    # The reference shop
    "shop",
    # Indonesian for Wagtail admin strings Wagtail's own catalogue lacks (before the Wagtail apps: first one wins)
    "cms.wagtail_locale",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "axes",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First: every response gets its Content-Security-Policy, page-cache hits answered early included (catalog/csp.py).
    "catalog.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A view that lost the database answers 503 + Retry-After (catalog/outage.py; handler500/400 in shop/urls.py
    # do the same for errors raised by the middleware below).
    "catalog.outage.DatabaseOutageMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A first-time visitor's (no cookie) cached page is answered here, skipping the middleware below it.
    "cms.middleware.SharedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "catalog.middleware.ChannelMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "catalog.middleware.AdminScopeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Answers a locked-out sign-in with the lockout page (shop/login_protection.py).
    "axes.middleware.AxesMiddleware",
    # Last: a cached page it answers early still passes back through every middleware above (security headers,
    # X-Frame-Options, CSRF cookie, session), exactly like a page the view rendered.
    "cms.middleware.PageCacheMiddleware",
]

ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "shop" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "catalog.context_processors.channel",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'opop.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's PostgreSQL search index uses SearchVectorField/GinIndex; Django 6.1's checks (postgres.E005)
    # require the app for that. Only on PostgreSQL: the app imports psycopg, which SQLite installs may lack.
    INSTALLED_APPS.append("django.contrib.postgres")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # Concurrent readers while the dev server writes; busy waits instead of "database is locked".
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    if str(DATABASES["default"].get("NAME", "")).startswith(str(VAR_DIR)):
        # The default SQLite file lives in var/ (git-ignored); any manage.py command on a fresh clone can open it.
        VAR_DIR.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Redis down means slower pages, not errors (catalog/resilient_cache.py): errors are misses, short socket
    # timeouts, Redis skipped for OPOP_CACHE_RETRY_SECONDS after a failure. Sessions are written to the database
    # too (cached_db), so carts and sign-ins survive a Redis outage or restart.
    CACHES = {
        "default": {
            "BACKEND": "catalog.resilient_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "opop"),
            "OPTIONS": {
                "breaker_seconds": float(os.environ.get("OPOP_CACHE_RETRY_SECONDS", "5")),
                "socket_connect_timeout": float(os.environ.get("OPOP_CACHE_CONNECT_TIMEOUT", "0.25")),
                "socket_timeout": float(os.environ.get("OPOP_CACHE_TIMEOUT", "0.5")),
            },
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Per process. Django's default of 300 entries would cull the page cache on any real catalog; 2,000 pages of
    # ~10 KB is ~20 MB per worker. Production wants REDIS_URL (shared by workers, survives restarts).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "opop",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "shop.login_protection.ForgetLoginFailuresOnPasswordChange"},
]

# Brute-force protection of the sign-in (django-axes; tiers and trade-offs in shop/login_protection.py).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "shop.login_protection.TieredLockoutHandler"
AXES_LOCKOUT_PARAMETERS = [params for params, _limit in LOCKOUT_TIERS]
AXES_FAILURE_LIMIT = min(limit for _params, limit in LOCKOUT_TIERS)
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("OPOP_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a lock ends on time however hard it is hammered
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "shop.login_protection.locked_out_response"
AXES_CLIENT_IP_CALLABLE = "catalog.throttle.client_address"
AXES_SENSITIVE_PARAMETERS = ["password", "csrfmiddlewaretoken"]
AXES_VERBOSE = False
# How many reverse proxies (nginx, a load balancer, a CDN) stand in front of Django and append to
# X-Forwarded-For; 0 trusts no header (catalog/throttle.py). Behind one nginx: 1.
OPOP_TRUSTED_PROXY_COUNT = int(os.environ.get("OPOP_TRUSTED_PROXY_COUNT", "0"))

# Indonesian first, English second.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
# Every app ships its own locale/ (catalog, checkout, checkout.payments, cms, themes, shop): no project-wide path.
LOCALE_PATHS = []
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    # MEDIA_S3_BUCKET: uploads in an S3-compatible bucket shared by every web server (shop/settings/media.py).
    "default": s3_media_storage() or {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background work uses the django-tasks API that Wagtail 8 already depends on.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

globals().update(email_settings("django.core.mail.backends.console.EmailBackend"))  # EMAIL_BACKEND or MAILERS
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "OPOP Shop <toko@opop.example>")

# Wagtail
WAGTAIL_SITE_NAME = "OPOP Shop"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "cms.ShopImage"
# Photo advice beside the fields of the image edit form (cms/photo_checks.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.image_forms.ShopImageForm"
# Uploads (cms/image_limits.py): bytes and pixels of an image, bytes of a document. 40 million pixels is a 7,700 ×
# 5,200 photo, more than a 5 MB JPEG holds; decoded it takes ~160 MB. Pillow's bomb limit follows the pixel limit.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("OPOP_IMAGE_MAX_BYTES", 5 * 1024 * 1024))
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("OPOP_IMAGE_MAX_PIXELS", 40_000_000))
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("OPOP_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024))
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.document_forms.ShopDocumentForm"
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "avif"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Indonesian stemming for product search ("batiknya" finds "batik"); see docs/storefront.md.
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "indonesian"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: editors' e-mail hashes stay private and the admin makes no third-party request (Wagtail's default
# avatar is used instead).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
# Wagtail's login form with a translated password label (cms/admin_login.py).
WAGTAILADMIN_USER_LOGIN_FORM = "cms.admin_login.LoginForm"
LOGIN_URL = "wagtailadmin_login"

# Shop behaviour
OPOP_DEFAULT_CHANNEL = os.environ.get("OPOP_DEFAULT_CHANNEL", "indonesia")
# How long the review link in the "delivered" e-mail works (checkout.review_links).
OPOP_REVIEW_LINK_DAYS = int(os.environ.get("OPOP_REVIEW_LINK_DAYS", "90"))
OPOP_PAGE_CACHE = env_bool("OPOP_PAGE_CACHE", True)  # off: every buyer page is rendered (benchmarks, debugging)
# Per-visitor bits of cached pages (cms.cache slots): name -> filler(request) -> str, filled on every response.
OPOP_PAGE_CACHE_SLOTS = {
    "csrf": "cms.cache.csrf_token",
    "cart_count": "checkout.selectors.cart_count_label",
    "cart_count_words": "checkout.selectors.cart_count_words",
    "account": "cms.visitor.account_label",
    "csp_nonce": "catalog.csp.nonce",  # {% csp_nonce %}: a fresh nonce on every response, matching the header
}

# Content-Security-Policy (catalog/csp.py; docs/security.md). Django's setting names and format, applied by our
# middleware on Django 5.2 and 6.x alike. Buyer pages: no inline script or style except by nonce (none use one
# today) or, for the self-contained error pages' one <style>, by its hash; JSON-LD is data, not script.
_MEDIA_ORIGINS = media_origins()
# Payment pages the checkout sends the buyer to with a redirect after a form post (form-action covers redirects).
OPOP_CSP_PAYMENT_ORIGINS = env_list(
    "OPOP_CSP_PAYMENT_ORIGINS", "https://app.midtrans.com,https://app.sandbox.midtrans.com,https://checkout.stripe.com"
)
# Violations are logged (catalog.csp.report: one line each, rate-limited, no database); empty turns reports off.
OPOP_CSP_REPORT_URI = os.environ.get("OPOP_CSP_REPORT_URI", "/csp-report/") or None
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE, ERROR_PAGE_STYLE_HASH],
    "img-src": [CSP.SELF, "data:", *_MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF, *OPOP_CSP_PAYMENT_ORIGINS],
    "frame-ancestors": [CSP.SELF],
    "report-uri": OPOP_CSP_REPORT_URI,
}
# The admin (and Wagtail's previews, served under /admin/): as strict as Wagtail 8 allows. Wagtail writes inline
# <script> elements in its own templates (InlinePanel, multiple chooser panel, date/time widgets) and its vendor
# bundle inserts inline <script> and <style> elements at run time, so scripts and styles need 'unsafe-inline'; no
# 'unsafe-eval', no other origin. Measured page by page in tests/browser/test_csp.py (docs/security.md).
OPOP_CSP_ADMIN = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", *_MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "report-uri": OPOP_CSP_REPORT_URI,
}
# A CDN or Varnish in front (docs/performance.md): purged through wagtail.contrib.frontend_cache when pages change.
if os.environ.get("OPOP_FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["OPOP_FRONTEND_CACHE_URL"],
        }
    }
OPOP_CDN_QUERY_SECONDS = int(os.environ.get("OPOP_CDN_QUERY_SECONDS", "60"))  # filtered listings in a CDN
OPOP_PAGE_CACHE_SECONDS = int(os.environ.get("OPOP_PAGE_CACHE_SECONDS", "600"))  # anonymous page cache lifetime
OPOP_PPN_RATE = "0.11"  # effective PPN for non-luxury goods (PMK 131/2024: 12% on an 11/12 base)
OPOP_TERMS_VERSION = os.environ.get("OPOP_TERMS_VERSION", "2026-11")  # recorded when no legal page exists
# The terms and privacy pages the checkout links to and records (checkout.legal_port; cms.LegalPage).
OPOP_LEGAL_DOCUMENTS = "cms.legal.current_documents"
OPOP_BENCH = env_bool("OPOP_BENCH")  # mounts the bare baseline view of bench/run.py (shop/bench_views.py)
OPOP_DEMO = False  # True only in the demo/test settings: the payment simulators refuse to run otherwise
# Machine endpoints that need no buyer channel (payment notifications, CSP reports): the middleware never touches the
# session or the cache for them, so a payment notification is handled even with Redis down.
OPOP_NO_CHANNEL_PATHS = ("/payments/midtrans/notification", "/payments/stripe/webhook", "/csp-report/")
# A database outage answers 503 with this Retry-After (catalog/outage.py).
OPOP_UNAVAILABLE_RETRY_AFTER = int(os.environ.get("OPOP_UNAVAILABLE_RETRY_AFTER", "15"))

# Payment gateways: keys come from the environment only, never from the database or the code.
MIDTRANS_SERVER_KEY = os.environ.get("MIDTRANS_SERVER_KEY", "")
MIDTRANS_CLIENT_KEY = os.environ.get("MIDTRANS_CLIENT_KEY", "")
MIDTRANS_IS_PRODUCTION = env_bool("MIDTRANS_IS_PRODUCTION")
MIDTRANS_SNAP_BASE_URL = os.environ.get("MIDTRANS_SNAP_BASE_URL", "")
MIDTRANS_CORE_BASE_URL = os.environ.get("MIDTRANS_CORE_BASE_URL", "")
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
# Payouts to stores (docs/payouts.md): commission, the store's share of payment fees, days held after delivery,
# and the disbursement provider ("simulator" offline, "midtrans" for Midtrans Payouts, formerly Iris).
OPOP_PAYOUT_COMMISSION_PERCENT = os.environ.get("OPOP_PAYOUT_COMMISSION_PERCENT", "5")
OPOP_PAYOUT_PAYMENT_FEE_PERCENT = os.environ.get("OPOP_PAYOUT_PAYMENT_FEE_PERCENT", "2")
OPOP_PAYOUT_STORE_FEE_SHARE_PERCENT = os.environ.get("OPOP_PAYOUT_STORE_FEE_SHARE_PERCENT", "100")
OPOP_PAYOUT_HOLD_DAYS = int(os.environ.get("OPOP_PAYOUT_HOLD_DAYS", "7"))
OPOP_DISBURSEMENT_GATEWAY = os.environ.get("OPOP_DISBURSEMENT_GATEWAY", "simulator")
MIDTRANS_PAYOUTS_BASE_URL = os.environ.get("MIDTRANS_PAYOUTS_BASE_URL", "https://app.sandbox.midtrans.com/iris")
MIDTRANS_PAYOUTS_CREATOR_KEY = os.environ.get("MIDTRANS_PAYOUTS_CREATOR_KEY", "")
MIDTRANS_PAYOUTS_APPROVER_KEY = os.environ.get("MIDTRANS_PAYOUTS_APPROVER_KEY", "")
MIDTRANS_PAYOUTS_TIMEOUT = float(os.environ.get("MIDTRANS_PAYOUTS_TIMEOUT", "10"))
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
PAYMENT_HTTP_TIMEOUT = float(os.environ.get("PAYMENT_HTTP_TIMEOUT", "10"))
# Payments housekeeping (docs/payments.md): how long reconciliation keeps asking about a payment that closed unpaid,
# how long rejected notifications are kept and how many one address may leave a minute, the longest an unpaid order
# may hold stock through retries, and the header a trusted proxy puts the sender's address in (e.g.
# HTTP_X_FORWARDED_FOR; empty: REMOTE_ADDR).
OPOP_LATE_PAYMENT_WATCH_DAYS = int(os.environ.get("OPOP_LATE_PAYMENT_WATCH_DAYS", "7"))
OPOP_REJECTED_EVENT_DAYS = int(os.environ.get("OPOP_REJECTED_EVENT_DAYS", "30"))
OPOP_REJECTED_NOTIFICATIONS_PER_MINUTE = int(os.environ.get("OPOP_REJECTED_NOTIFICATIONS_PER_MINUTE", "20"))
OPOP_MAX_STOCK_HOLD_HOURS = int(os.environ.get("OPOP_MAX_STOCK_HOLD_HOURS", "48"))
PAYMENT_CLIENT_IP_HEADER = os.environ.get("PAYMENT_CLIENT_IP_HEADER", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
