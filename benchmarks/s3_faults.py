"""How long S3 faults hold a request, with the default settings (connect 2 s, read 5 s, two
attempts in total; checks: one attempt of 1 s, abandoned after 2.5 s).

A moto S3 server runs in its own process; "hung" freezes it with SIGSTOP (connections are still
accepted by the kernel, nothing answers), "stopped" is a port nobody listens on, "no bucket" is a
live server without the configured bucket. Each case is timed through Django's test client
(full middleware stack) on a throwaway SQLite database.

Run: .venv/bin/python benchmarks/s3_faults.py   (BENCH_OLD=1 also times the old settings:
3 s / 10 s / botocore max_attempts=3, i.e. four attempts, about 40 s per call on a hung server.)

Figures on the 2-core build machine (2026-12-04, BENCH_OLD=1):
  healthy: /healthz 0.10 s (200); audio URL 0.02 s (302)
  hung:    one storage call 10.02 s (2 attempts x 5 s read timeout)
           the same call with the OLD settings: 40.57 s (4 attempts x 10 s)
           /healthz 1.01 s (503, "timed out"); audio URL first 1.01 s (503), next 0.00 s (503)
           audio upload 1.46 s (form error, nothing stored)
  stopped: one storage call 0.11 s; /healthz 0.08 s (503); upload 0.04 s (form error)
  no bucket: /healthz 0.01 s (503, "bucket missing"); upload 0.04 s (form error)
"""

import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))


def main():
    workdir = tempfile.mkdtemp(prefix="hs-s3-faults-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    import django

    django.setup()
    from botocore.config import Config
    from django.conf import settings
    from django.core.cache import cache
    from django.core.files.storage import storages
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    from cms.core.factories import UserFactory
    from cms.storage import STORAGE_ERRORS
    from library.factories import AudioFileFactory
    from tests.audio_samples import mp3_bytes
    from tests.conftest import free_port, s3_storages
    from tests.test_s3_faults import MotoProcess

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0, interactive=False)
    admin = Client()
    admin.force_login(UserFactory(username="bench-admin", is_superuser=True, is_staff=True))
    anonymous = Client()

    server = MotoProcess()
    rows = []

    def timed(label, action):
        cache.clear()  # each case starts without a remembered outage
        started = time.monotonic()
        outcome = action()
        elapsed = time.monotonic() - started
        rows.append((label, elapsed, outcome))
        print(f"{label:<58} {elapsed:6.2f} s  {outcome}", flush=True)

    def exists_call():
        try:
            storages["default"].exists("private/anything.mp3")
        except STORAGE_ERRORS as error:
            return type(error).__name__
        return "answered"

    def upload():
        response = admin.post(
            "/admin/snippets/library/audiofile/add/",
            {
                "title": "bench",
                "language": "en",
                "file": SimpleUploadedFile("b.mp3", mp3_bytes(seconds=1.0), "audio/mpeg"),
            },
        )
        return response.status_code

    try:
        bucket = server.new_bucket()
        with override_settings(STORAGES=s3_storages(bucket, server.endpoint)):
            audio_url = AudioFileFactory(title="bench audio").get_delivery_url()
            timed("healthy: /healthz", lambda: anonymous.get("/healthz").status_code)
            timed("healthy: audio URL (redirect to S3)", lambda: admin.get(audio_url).status_code)
            with server.hung():
                timed("hung: one storage call (storage.exists)", exists_call)
                timed("hung: /healthz", lambda: anonymous.get("/healthz").status_code)
                timed("hung: audio URL, first request", lambda: admin.get(audio_url).status_code)
                started = time.monotonic()  # the first request noted the outage
                status = admin.get(audio_url).status_code
                rows.append(("hung: audio URL, next request", time.monotonic() - started, status))
                print(f"{'hung: audio URL, next request':<58} {rows[-1][1]:6.2f} s  {status}")
                timed("hung: audio upload (form error)", upload)
        stopped = s3_storages("stopped", f"http://127.0.0.1:{free_port()}")
        with override_settings(STORAGES=stopped):
            timed("stopped: one storage call", exists_call)
            timed("stopped: /healthz", lambda: anonymous.get("/healthz").status_code)
            timed("stopped: audio upload (form error)", upload)
        with override_settings(STORAGES=s3_storages("no-such-bucket", server.endpoint)):
            timed("no bucket: /healthz", lambda: anonymous.get("/healthz").status_code)
            timed("no bucket: audio upload (form error)", upload)
        if os.environ.get("BENCH_OLD"):
            old = s3_storages(server.new_bucket(), server.endpoint)
            old["default"]["OPTIONS"]["client_config"] = Config(
                connect_timeout=3,
                read_timeout=10,
                retries={"max_attempts": 3, "mode": "standard"},
                signature_version="s3v4",
            )
            with override_settings(STORAGES=old), server.hung():
                timed("hung, OLD settings: one storage call", exists_call)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
