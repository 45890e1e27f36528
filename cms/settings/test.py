"""Test settings: need no environment variable at all.

DATABASE_URL, when set (CI sets it for the PostgreSQL run), still selects the database.
"""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, build_storages

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
# Tests start with local files; the S3 fixtures switch STORAGES to the moto server.
STORAGES = build_storages(bucket_name="")
MEDIA_ROOT = BASE_DIR / ".test-media" / "public"
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-media" / "private"
STORAGES["public"]["OPTIONS"]["location"] = MEDIA_ROOT
STORAGES["default"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off, so query-count and behaviour tests measure a real render; tests/page_cache_support.py
# turns it on.
PAGE_CACHE_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"

# TEST_DATABASE_NAME lets two checkouts or two runs on one machine keep separate test databases.
TEST_DATABASE_NAME = os.environ.get("TEST_DATABASE_NAME", "")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so --reuse-db keeps it between runs and the browser tests'
    # live server shares it.
    suffix = f"-{TEST_DATABASE_NAME}" if TEST_DATABASE_NAME else ""
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db{suffix}.sqlite3")}
elif TEST_DATABASE_NAME:
    DATABASES["default"]["TEST"] = {"NAME": f"test_{TEST_DATABASE_NAME}"}
DATABASES["default"]["CONN_MAX_AGE"] = 0

if os.environ.get("TEST_SQL_DEBUG"):
    LOGGING["loggers"]["django.db.backends"] = {"level": "DEBUG"}
