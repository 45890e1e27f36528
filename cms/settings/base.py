"""Settings shared by every environment.

Safe for production as they stand: no DEBUG, no default secret key. Every value that differs
between machines comes from an environment variable, documented in `.env.example`.

Grouped by concern: the environment helpers and paths (env.py), cache and sessions (cache.py),
authentication and login throttling (authentication.py), company sign-in (oidc.py), languages
and translation (i18n.py), static files, media and S3 (storage.py), security headers and
Content-Security-Policy (security.py). This module imports them all and stays the one the
environments' settings (dev, test, production) import.
"""

import os

import dj_database_url

from .authentication import *  # noqa: F403
from .cache import *  # noqa: F403
from .env import *  # noqa: F403
from .i18n import *  # noqa: F403
from .oidc import *  # noqa: F403
from .security import *  # noqa: F403
from .storage import *  # noqa: F403

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
    # Small shared-cache values (generations, locales) read once per request, not once per use.
    "cms.core.request_memo.RequestMemoMiddleware",
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

# --- Listings -------------------------------------------------------------------------------
# How many items a public listing (a pillar's campaigns, shows, playlists) shows per page.
LISTING_PAGE_SIZE = 12
# A playlist longer than this is shown this many entries at a time (other listings use
# LISTING_PAGE_SIZE below).
PLAYLIST_PAGE_SIZE = int(os.environ.get("PLAYLIST_PAGE_SIZE", "50"))

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
