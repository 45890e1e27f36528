"""The direct upload benchmark's settings (benchmarks/direct_upload.py): the file size, Chromium,
the moto server's bucket and keys, the editor who signs in, and the app's settings module."""

import os
import sys
import uuid
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SIZE_MB = int(os.environ.get("BENCH_UPLOAD_MB", "200"))
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MB = 1024 * 1024
BUCKET = "bench-direct-upload"
REGION = "us-east-1"
ACCESS_KEY = "bench-access-key"
SECRET_KEY = "bench-secret-key"  # noqa: S105  (the local moto server's dummy key)
USERNAME = "bench-editor"
PASSWORD = "benchmark-only-" + uuid.uuid4().hex
TITLE = "Benchmark upload"
ADD_PATH = "/admin/snippets/library/audiofile/add/"
LIST_PATH = "/admin/snippets/library/audiofile/"
SAMPLE_SECONDS = 0.1
READ_WINDOW_MB = 4  # library.uploads.READ_WINDOW

# Production settings over plain HTTP on loopback, static files found in place (no
# collectstatic). Media storage comes from the AWS_* variables, as in production.
SETTINGS_MODULE = "direct_upload_bench_settings"
SETTINGS_SOURCE = """\
from cms.settings.production import *  # noqa: F403
from cms.settings.production import STORAGES

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
"""

ACCESS_LOG_FORMAT = "%(m)s %(U)s %(s)s %({content-length}i)s"
