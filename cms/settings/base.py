"""Settings shared by every environment.

Safe for production as they stand: no DEBUG, no default secret key. Every value that differs
between machines comes from an environment variable, documented in `.env.example`.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False

# No default: production must set one. dev.py and test.py provide their own.
SECRET_KEY = os.environ.get("SECRET_KEY", "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Order matters to `load_demo`: each app's demo builds on the ones listed before it.
INSTALLED_APPS = [
    "cms.core",
    # Company sign-in (OpenID Connect); before wagtail.admin: it extends the admin login page.
    "cms.accounts",
    "cms.support",
    "cms.workflows",
    "cms.translation_queue",
    "library",
    "campaigns",
    "search",
    # Content safety: safe-messaging checker, review-by dates (cms/safety, README "Content safety").
    "cms.safety",
    # Programme insights: aggregate counts only (cms/insights, README "Programme insights").
    "cms.insights",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
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
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "storages",
    # Login throttling (cms/core/login_throttling.py).
    "axes",
    # Content-Security-Policy (cms/core/middleware.py picks the site's or the admin's policy).
    "csp",
    # Editors' picks for search (promoted results per query), and the anonymous query counts.
    "wagtail.contrib.search_promotions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (site or admin policy, with a nonce) and Permissions-Policy: outer,
    # so pages other middleware answers (the login lockout page) get them too.
    "cms.core.middleware.ContentSecurityPolicyMiddleware",
    "cms.core.middleware.PermissionsPolicyMiddleware",
    # Early: a NUL byte or undecodable query is a 400 before sessions or views touch it.
    "cms.core.middleware.HostileInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Company sign-in: a provider session past its time is renewed (or ended) at the provider.
    "cms.accounts.middleware.ProviderSessionRefreshMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Keeps an active session alive (SESSION_COOKIE_AGE counts from the last request).
    "cms.core.middleware.SessionIdleRefreshMiddleware",
    # The request's Wagtail Site from the cache (cms/core/routing.py): no site query per request.
    "cms.core.routing.CachedSiteMiddleware",
    # Rendered pages shared by employees in the same view-restriction groups (PAGE_CACHE_SECONDS).
    "cms.core.page_cache.PageCacheMiddleware",
    # Turns a locked-out login into the lockout page (django-axes asks to be last but one).
    "axes.middleware.AxesMiddleware",
    # Signed redirects and document downloads: private, no-store.
    "cms.core.middleware.PrivateResponsesMiddleware",
    # Marks safe-messaging findings in editors' previews (cms/safety/middleware.py).
    "cms.safety.middleware.SafeMessagingPreviewMiddleware",
    # Last, so it sees exceptions from views first: an S3 outage is a 503, never a 500.
    "cms.core.middleware.StorageFaultMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # After Django's own: a page the cache may keep gets a CSRF stand-in.
                "cms.core.page_cache.csrf_placeholder",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
# SQLite in the project folder unless DATABASE_URL says otherwise (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serves one writer at a time. In its default (deferred) transactions two requests
    # that read and then write deadlock, and one fails at once with "database is locked" (a
    # translator's save while the translation editor loaded image renditions did). IMMEDIATE
    # takes the write lock as the transaction begins, so the other waits its turn instead.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------------------


def redis_cache_settings(url):
    """A django-redis cache that fails fast and carries on uncached when Redis is down."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "heartandsoul",
        "TIMEOUT": 300,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
            # Redis unreachable: reads miss and writes are dropped, so pages are served
            # uncached (slower, never an error). Set here, on the cache, where it wins over
            # django-redis's global DJANGO_REDIS_IGNORE_EXCEPTIONS.
            "IGNORE_EXCEPTIONS": True,
        },
    }


REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": redis_cache_settings(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Every error the cache above ignores is logged (logger "django_redis.cache", level ERROR), so
# an outage shows in the logs rather than only as slower pages. django-redis reads this from
# the settings only: there is no per-cache option.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# --- Speed: the queries of a page-cache miss ---
# Sessions are read from the cache (Redis in production) and written through to the database:
# no session query on a request, and a cache outage still logs nobody out (the database copy
# is read instead).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# A playlist longer than this is shown this many entries at a time (other listings use
# LISTING_PAGE_SIZE below).
PLAYLIST_PAGE_SIZE = int(os.environ.get("PLAYLIST_PAGE_SIZE", "50"))

# --- Speed: page cache (cms/core/page_cache.py) ---
# Seconds a rendered page is kept for employees who share its view-restriction groups; any
# publish, unpublish, move, delete or snippet publish invalidates every page at once.
# 0 turns the page cache (and the cached banner) off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))

# --- Authentication -----------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# --- Login throttling and sessions (django-axes; cms/core/login_throttling.py) ---
# Checked before the password: axes counts failures per username and per address, in the
# database (shared by every app process), and refuses for LOGIN_COOLOFF_MINUTES once either
# reaches LOGIN_FAILURE_LIMIT. A success resets the username's count.
AUTHENTICATION_BACKENDS = [
    "cms.core.login_throttling.RequestAwareAxesBackend",
    # Django's ModelBackend, refusing passwords where company sign-in says so (OpenID Connect).
    "cms.accounts.backends.LocalPasswordBackend",
    "cms.accounts.backends.CompanySignInBackend",
]
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
LOGIN_COOLOFF_MINUTES = int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15"))
# Proxies (load balancers) in front of the app that append to X-Forwarded-For: 0 trusts none.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.core.login_throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "cms.core.login_throttling.client_ip"
AXES_USERNAME_CALLABLE = "cms.core.login_throttling.username_for_counting"
AXES_ENABLE_ADMIN = False  # no Django admin here: the Wagtail admin lists lockouts
AXES_VERBOSE = False
# Sessions end after SESSION_COOKIE_AGE seconds without a request (default 12 hours).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(12 * 60 * 60)))
# How often an active session's expiry is pushed back (instead of a write on every request).
SESSION_REFRESH_SECONDS = int(os.environ.get("SESSION_REFRESH_SECONDS", "300"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
# Page view restrictions send visitors to our branded login page, not the admin's.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

# --- OpenID Connect (company sign-in; cms/accounts, README "Company sign-in") ---------------
# mozilla-django-oidc's own setting names, from the environment. Off while OIDC_RP_CLIENT_ID is
# unset: local accounts only, as before. Endpoints given explicitly always win; any left unset
# come from OIDC_OP_DISCOVERY_URL (the provider's /.well-known/openid-configuration) when given,
# fetched on first use, never at start-up.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_DISCOVERY_URL = os.environ.get("OIDC_OP_DISCOVERY_URL", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
# Not mozilla-django-oidc's: the ID token's required "iss", and where logout ends the
# provider's session (RP-initiated logout). Discovery fills both when unset.
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
OIDC_OP_END_SESSION_ENDPOINT = os.environ.get("OIDC_OP_END_SESSION_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
# Authorization code flow with PKCE (S256), state and nonce; the ID token's signature checked
# against the provider's JWKS, and its audience, issuer and expiry (cms/accounts/backends.py).
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
# Kept in the server-side session as the id_token_hint of the provider logout.
OIDC_STORE_ID_TOKEN = True
# Seconds between silent re-checks at the provider (prompt=none): a person removed from the
# directory loses their session here within this time.
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = int(os.environ.get("OIDC_RENEW_SESSION_SECONDS", "900"))
OIDC_TIMEOUT = float(os.environ.get("OIDC_TIMEOUT", "5"))  # seconds, each call to the provider
# Directory groups (OIDC_GROUPS_CLAIM) to the site's role groups: "hs-editors=Editors,
# hs-reviewers=Wellbeing reviewers". A directory group may be named twice to give two roles.
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")
OIDC_LOCALE_CLAIM = os.environ.get("OIDC_LOCALE_CLAIM", "locale")
# The claim naming a person's organisational group (office or department), kept on their company
# identity for Insights' optional breakdown (INSIGHTS_ORG_GROUPS). Empty: not supplied.
OIDC_ORG_GROUP_CLAIM = os.environ.get("OIDC_ORG_GROUP_CLAIM", "")


def oidc_group_map(text):
    """{directory group: [site group, ...]} from "a=Editors,b=Wellbeing reviewers"."""
    mapping = {}
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        directory_group, sep, site_group = (piece.strip() for piece in entry.partition("="))
        if not sep or not directory_group or not site_group:
            raise ImproperlyConfigured(
                f"OIDC_GROUP_MAP entries look like directory-group=Site group, not {entry!r}."
            )
        mapping.setdefault(directory_group, []).append(site_group)
    return mapping


OIDC_GROUP_MAP = oidc_group_map(os.environ.get("OIDC_GROUP_MAP", ""))
# The button reads "Sign in with <IDP_NAME>" ("Sign in with your company account" when unset).
IDP_NAME = os.environ.get("IDP_NAME", "")
# With company sign-in on, LOCAL_LOGIN=false refuses every password except those of the
# superusers named in BREAK_GLASS_USERNAMES (for when the provider is down), who log in at
# /admin/login/?break-glass. Without company sign-in it changes nothing.
LOCAL_LOGIN = env_bool("LOCAL_LOGIN", True)
BREAK_GLASS_USERNAMES = env_list("BREAK_GLASS_USERNAMES")


def origin_of(url):
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# The logout form's answer redirects to the provider's end-session endpoint: the policy's
# form-action must allow that origin (Chromium applies it to a form's redirects too).
OIDC_FORM_ACTION_ORIGINS = (
    [origin]
    if OIDC_RP_CLIENT_ID
    and (origin := origin_of(OIDC_OP_END_SESSION_ENDPOINT or OIDC_OP_DISCOVERY_URL))
    else []
)

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("en", _("English")),
    ("sv", _("Swedish")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("pt-br", _("Brazilian Portuguese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# A translation goes live through review, never because its source page is live.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Synchronised trees (aliases) stay off: an untranslated page is never shown as a copy of the
# source. wagtail-localize only aliases pages into a locale given a "sync from" locale
# (Settings > Locales), which we never set.
# Deleting a source page removes its translation records; its translations stay as pages in
# their own right (wagtail-localize's default, spelled out).
WAGTAILLOCALIZE_DISABLE_ON_DELETE = False


def machine_translator(name):
    """WAGTAILLOCALIZE_MACHINE_TRANSLATOR for MACHINE_TRANSLATOR=off|dummy|deepl (default off)."""
    name = (name or "off").strip().lower()
    if name in {"off", "none", ""}:
        return None
    if name == "dummy":
        # Offline: reverses each word. For the demo and development only.
        return {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}
    if name == "deepl":
        return {
            "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
            "OPTIONS": {"AUTH_KEY": os.environ.get("DEEPL_AUTH_KEY", "")},
        }
    raise ImproperlyConfigured(f"MACHINE_TRANSLATOR must be off, dummy or deepl, not {name!r}.")


# Machine translation in the translation editor: off unless MACHINE_TRANSLATOR says otherwise.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator(os.environ.get("MACHINE_TRANSLATOR"))

# How many items a public listing (a pillar's campaigns, shows, playlists) shows per page.
LISTING_PAGE_SIZE = 12

# --- Static files and media ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
# WhiteNoise has no media type for the web app manifest (it would go out as octet-stream).
WHITENOISE_MIMETYPES = {".webmanifest": "application/manifest+json"}
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
# Local-file home of private media (audio, documents). Never served by a URL of its own:
# it is read only through views that check who is asking.
PRIVATE_MEDIA_ROOT = BASE_DIR / "private-media"

AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
# Credentials may also come from the instance role; only read them when given.
AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID") or None
AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY") or None
# --- Storage faults (bounded: a hung S3 costs a worker seconds, never minutes) ---
# Every S3 call: connect and read timeouts, and the number of attempts *including the first*
# (botocore's total_max_attempts). Worst case on a hung server ~ attempts x (connect + read).
AWS_S3_CONNECT_TIMEOUT = float(os.environ.get("AWS_S3_CONNECT_TIMEOUT", "2"))
AWS_S3_READ_TIMEOUT = float(os.environ.get("AWS_S3_READ_TIMEOUT", "5"))
AWS_S3_MAX_ATTEMPTS = int(os.environ.get("AWS_S3_MAX_ATTEMPTS", "2"))
# Checks made while someone waits (/healthz, the audio URL, before an upload): one attempt with
# this connect/read timeout, and the whole check abandoned after STORAGE_CHECK_DEADLINE.
STORAGE_CHECK_TIMEOUT = float(os.environ.get("STORAGE_CHECK_TIMEOUT", "1"))
STORAGE_CHECK_DEADLINE = float(os.environ.get("STORAGE_CHECK_DEADLINE", "2.5"))
# After a storage failure, audio answers 503 at once with this Retry-After, for this long.
STORAGE_RETRY_AFTER_SECONDS = int(os.environ.get("STORAGE_RETRY_AFTER_SECONDS", "60"))
# Lifetime of presigned URLs to private objects (documents, audio).
AWS_QUERYSTRING_EXPIRE = int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "600"))


def build_storages(bucket_name, endpoint_url=None):
    """The STORAGES setting: S3 when a bucket is configured, local files otherwise."""
    from cms.storage import s3_storage_options

    staticfiles = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    if bucket_name:
        s3 = {
            "bucket_name": bucket_name,
            "endpoint_url": endpoint_url,
            "region_name": AWS_S3_REGION_NAME,
            "access_key": AWS_ACCESS_KEY_ID,
            "secret_key": AWS_SECRET_ACCESS_KEY,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN,
            "connect_timeout": AWS_S3_CONNECT_TIMEOUT,
            "read_timeout": AWS_S3_READ_TIMEOUT,
            "max_attempts": AWS_S3_MAX_ATTEMPTS,
            "presigned_url_expiry": AWS_QUERYSTRING_EXPIRE,
        }
        backend = "storages.backends.s3.S3Storage"
        # Renditions unsigned (public/images/), originals signed: see cms.storage.
        public_backend = "cms.storage.PublicMediaS3Storage"
        return {
            "default": {"BACKEND": backend, "OPTIONS": s3_storage_options(public=False, **s3)},
            "public": {
                "BACKEND": public_backend,
                "OPTIONS": s3_storage_options(public=True, **s3),
            },
            "staticfiles": staticfiles,
        }
    return {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
        },
        "public": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},
        },
        "staticfiles": staticfiles,
    }


# "default" is private (audio, documents and anything not said otherwise); "public" holds
# images, which are artwork and safe to serve without signing.
STORAGES = build_storages(AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL)
# Renditions in the "public" alias, looked up when used (so a test or the environment decides).
WAGTAILIMAGES_RENDITION_STORAGE = "cms.storage.get_public_storage"

# --- Audio library --------------------------------------------------------------------------
AUDIO_MAX_UPLOAD_MB = int(os.environ.get("AUDIO_MAX_UPLOAD_MB", "500"))
# Lifetime of the presigned S3 URL an audio request is redirected to.
AUDIO_URL_EXPIRY_SECONDS = int(os.environ.get("AUDIO_URL_EXPIRY_SECONDS", "600"))

# --- Wagtail ------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Heart & Soul"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "core.CustomImage"
# Wagtail's database backend; on PostgreSQL it stems each item in its own language
# (search/backends). Elasticsearch/OpenSearch: see the README.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}
# Search terms are sensitive: the anonymous daily query counts kept for editors' picks are
# deleted after this many days (`manage.py purge_search_queries`, run daily).
SEARCH_QUERY_RETENTION_DAYS = int(os.environ.get("SEARCH_QUERY_RETENTION_DAYS", "30"))
# A listener's resume positions ("listening history") untouched for this many days are deleted
# (`manage.py purge_listening_history`, run daily). Saved episodes and playlists are kept.
LISTENING_HISTORY_DAYS = int(os.environ.get("LISTENING_HISTORY_DAYS", "365"))
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# Approval by every step publishes, though reviewers hold no publish permission themselves.
WAGTAIL_FINISH_WORKFLOW_ACTION = "cms.workflows.publishing.publish_approved_workflow_state"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: it would send a hash of each editor's e-mail address to a third party on every
# admin page (and need a hole in the admin's Content-Security-Policy).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Page editors can hold many StreamField blocks.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Security -----------------------------------------------------------------------------
# Longest query or form value the public site accepts (not the admin); longer is a 400.
# (gunicorn refuses request lines over 4094 bytes first; this bounds form posts.)
MAX_PUBLIC_PARAMETER_LENGTH = int(os.environ.get("MAX_PUBLIC_PARAMETER_LENGTH", "20000"))
SESSION_COOKIE_HTTPONLY = True
# Wagtail marks its own preview views SAMEORIGIN; nothing else may be framed.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"


# --- Content-Security-Policy (django-csp 4) and Permissions-Policy ---------------------------
# Where audio, renditions and signed originals come from when media lives on S3: the player
# follows the audio URL's redirect to a presigned S3 URL.
def media_origins(bucket, endpoint_url, region, custom_domain):
    if not bucket:
        return []
    origins = []
    if endpoint_url:
        origins.append(endpoint_url.rstrip("/"))
    else:
        region_part = f".{region}" if region else ""
        origins += [f"https://{bucket}.s3{region_part}.amazonaws.com", "https://s3.amazonaws.com"]
    if custom_domain:
        origins.append(f"https://{custom_domain}")
    return origins


MEDIA_ORIGINS = media_origins(
    AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME, AWS_S3_CUSTOM_DOMAIN
)
# Where browsers send violation reports (e.g. a Sentry CSP endpoint); unset: no reports.
# (Not named CSP_*: django-csp 4 takes CSP_ settings for its old format and refuses to start.)
CONTENT_SECURITY_POLICY_REPORT_URI = os.environ.get("CSP_REPORT_URI", "")


def inline_style_hashes(template_path):
    """CSP hashes of the <style> blocks of a page rendered without a request (500.html: no
    nonce there, and it must not depend on static files while the server is failing)."""
    import base64
    import hashlib
    import re

    try:
        text = Path(template_path).read_text()
    except OSError:
        return []
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
        for block in re.findall(r"<style>(.*?)</style>", text, re.S)
    ]


ERROR_PAGE_STYLE_HASHES = inline_style_hashes(BASE_DIR / "templates" / "500.html")


def content_security_policy(*, admin=False, media=(), report_uri="", form_action=()):
    """The site's policy: nothing inline (scripts and styles are files, or carry the request's
    nonce), no eval, never framed. The admin's relaxes what Wagtail's editor needs (see the
    README, "Content-Security-Policy")."""
    from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

    directives = {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE, *ERROR_PAGE_STYLE_HASHES],
        "img-src": [SELF, "data:", *media],
        "media-src": [SELF, *media],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF, *form_action],
        "base-uri": [SELF],
        "object-src": [NONE],
        "frame-src": [NONE],
        "frame-ancestors": [NONE],
    }
    if admin:
        directives |= {
            # Wagtail 8's form widgets (date, snippet, image and page choosers) print an inline
            # <script> each (WidgetWithScript.render_js_init), and its modal workflow inserts
            # chooser HTML with inline scripts through jQuery. Wagtail gives them no nonce, and a
            # nonce in the list would disable 'unsafe-inline', so the admin has none. No eval.
            "script-src": [SELF, UNSAFE_INLINE],
            # Its templates and scripts set style attributes.
            "style-src": [SELF, UNSAFE_INLINE],
            # Image choosers and the focal-point editor preview local files as blob: URLs.
            "img-src": [SELF, "data:", "blob:", *media],
            "media-src": [SELF, "blob:", *media],
            # The audio form sends recordings straight to the bucket (presigned part URLs).
            "connect-src": [SELF, *media],
            # The preview panel frames the page preview; the preview itself is framed by it.
            "frame-src": [SELF],
            "frame-ancestors": [SELF],
        }
    if report_uri:
        directives["report-uri"] = [report_uri]
    return {"DIRECTIVES": directives}


CONTENT_SECURITY_POLICY = content_security_policy(
    media=MEDIA_ORIGINS,
    report_uri=CONTENT_SECURITY_POLICY_REPORT_URI,
    form_action=OIDC_FORM_ACTION_ORIGINS,
)
ADMIN_CONTENT_SECURITY_POLICY = content_security_policy(
    admin=True,
    media=MEDIA_ORIGINS,
    report_uri=CONTENT_SECURITY_POLICY_REPORT_URI,
    form_action=OIDC_FORM_ACTION_ORIGINS,
)
# Features no page of the site uses; media keys and the lock-screen player (Media Session) need
# no permission and stay available.
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "autoplay": ["self"],
    "fullscreen": ["self"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Keep boto's retry chatter out of the logs unless asked for.
        "botocore": {"level": "WARNING"},
        "django_redis": {"level": "WARNING"},
        # One line per failed login otherwise; lockouts are in the admin.
        "axes": {"level": "WARNING"},
        # Page-saved and background-task lines drown out what matters.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
    },
}


def require_env(name):
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


# --- Programme insights (cms/insights) ----------------------------------------------------
# A figure built from fewer distinct people than this (per day, page and language) is shown as
# "fewer than N" and left out of every total, chart and export.
INSIGHTS_MIN_GROUP = int(os.environ.get("INSIGHTS_MIN_GROUP", "10"))
# Daily rows older than this are deleted by `manage.py purge_insights` (run daily).
INSIGHTS_RETENTION_DAYS = int(os.environ.get("INSIGHTS_RETENTION_DAYS", "730"))
# Counts by organisational group too (office, department: OIDC_ORG_GROUP_CLAIM, which must be
# set as well), with the same suppression. Off by default.
INSIGHTS_ORG_GROUPS = env_bool("INSIGHTS_ORG_GROUPS")

# --- Content safety (cms/safety, README "Content safety") ----------------------------------
# Days after a page's review-by date before employees see "This content is being reviewed".
REVIEW_GRACE_DAYS = int(os.environ.get("REVIEW_GRACE_DAYS", "30"))
# A helpline not verified within this many days (or never) is flagged to wellbeing reviewers.
HELPLINE_VERIFY_DAYS = int(os.environ.get("HELPLINE_VERIFY_DAYS", "180"))
