"""Render-speed figures for the site core, as ratios against a baseline measured in the same run.

Builds a throwaway SQLite database with the demo content, then times, through Django's test
client (the full middleware stack, no network):
  - baseline: GET /healthz (one trivial query and a storage stat),
  - the login page (template rendering, no page tree),
  - an employee's home page in English and in Swedish (page serving, view restriction,
    navigation, StreamField rendering).
Run with `make bench`. Figures vary by machine; the ratios are what to compare across commits.
"""

import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))


def main():
    workdir = tempfile.mkdtemp(prefix="hs-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    # Like production's persistent connections.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", verbosity=0)

    from django.contrib.auth import get_user_model

    anonymous = Client()
    employee = Client()
    employee.force_login(get_user_model().objects.get(username="employee"))

    cases = [
        ("baseline /healthz", anonymous, "/healthz"),
        ("login page", anonymous, "/en/login/"),
        ("home page (en)", employee, "/en/"),
        ("home page (sv)", employee, "/sv/"),
        ("library index", employee, "/en/listen/"),
        ("podcast show", employee, "/en/listen/talking-minds/"),
        ("episode", employee, "/en/listen/talking-minds/burnout-noticing-the-signs/"),
        ("playlist", employee, "/en/listen/start-here/"),
    ]
    results = {}
    for label, client, url in cases:
        for _ in range(10):  # warm caches and template loaders
            client.get(url)
        queries = []

        def count_query(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count_query):
            client.get(url)
        timings = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        results[label] = (statistics.median(timings), len(queries))

    baseline = results["baseline /healthz"][0]
    print(f"{'case':<22}{'median ms':>12}{'x baseline':>12}{'queries':>10}   ({ROUNDS} rounds)")
    for label, (median, query_count) in results.items():
        print(f"{label:<22}{median * 1000:>12.2f}{median / baseline:>12.1f}{query_count:>10}")


if __name__ == "__main__":
    main()
