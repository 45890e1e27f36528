"""Settings for `benchmarks/load.py` only: production settings over plain HTTP on loopback, with
a benchmark URLconf (a bare "ok" view and a way to empty the page cache) and a header that says
how many SQL queries a request made. Never used by the site itself."""

import os
from pathlib import Path

from cms.settings.production import *  # noqa: F403
from cms.settings.production import MIDDLEWARE, STORAGES

ROOT_URLCONF = "benchmarks.bench_urls"
# Plain HTTP on 127.0.0.1: no redirect to HTTPS, cookies without the Secure flag.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# No collectstatic for a throwaway run: static URLs without the manifest's hashes.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The demo's media in the run's own folder (removed afterwards), never the checkout's.
MEDIA_ROOT = Path(os.environ["BENCH_MEDIA_ROOT"]) / "public"
PRIVATE_MEDIA_ROOT = MEDIA_ROOT.parent / "private"
STORAGES["public"] = {**STORAGES["public"], "OPTIONS": {**STORAGES["public"]["OPTIONS"]}}
STORAGES["default"] = {**STORAGES["default"], "OPTIONS": {**STORAGES["default"]["OPTIONS"]}}
STORAGES["public"]["OPTIONS"]["location"] = MEDIA_ROOT
STORAGES["default"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT
MIDDLEWARE = ["benchmarks.bench_urls.CountQueriesMiddleware", *MIDDLEWARE]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
