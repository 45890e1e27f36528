"""Per-listener cost: a listener with no history against one with 5,000 history rows.

Builds a throwaway SQLite database with the demo content (or uses BENCH_LISTENING_DATABASE_URL,
an empty PostgreSQL database it may wipe), adds 5,000 live episodes and gives one employee a
position in each of them, then times through Django's test client (full middleware stack):
  - the state request listening.js makes once per page (ids of a show page's episodes),
  - the My listening page,
  - a save of the position (the request listening.js makes every 15 s while playing),
for both listeners, interleaved round by round so that machine noise hits both alike. Prints
the median, the 5,000-row listener's ratio to the empty one (target: within 1.10x) and the
queries each request made. Run with `make bench`.
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
HISTORY_ROWS = int(os.environ.get("BENCH_LISTENING_ROWS", "5000"))


def main():
    workdir = tempfile.mkdtemp(prefix="hs-bench-listening-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_LISTENING_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"
    )
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
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    settings.ALLOWED_HOSTS = ["*"]
    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", verbosity=0)

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from cms.core.factories import UserFactory
    from library.listening.bulk import bulk_episodes, bulk_history
    from library.models import AudioFile, EpisodePage, PodcastShowPage

    show = PodcastShowPage.objects.live().filter(locale__language_code="en").first()
    episode = EpisodePage.objects.live().child_of(show).filter(audio__isnull=False).first()
    employees = Group.objects.get(name="Employees")
    fresh = get_user_model().objects.get(username="employee")
    seasoned = UserFactory(username="bench-seasoned-listener", groups=[employees])
    recent = UserFactory(username="bench-recent-listener", groups=[employees])
    started = time.perf_counter()
    episode_ids = bulk_episodes(show, HISTORY_ROWS, AudioFile.objects.first())
    bulk_history(seasoned, episode_ids)
    # The same newest 20 rows as the long history: what both pages show is identical, so the
    # difference between these two is the history's size alone.
    bulk_history(recent, episode_ids[:20])
    print(f"built {HISTORY_ROWS} history rows in {time.perf_counter() - started:.1f} s")
    # Planner statistics, as autovacuum (PostgreSQL) or a periodic ANALYZE keeps them on a live
    # database: right after a bulk load PostgreSQL plans the state query as if the tables were
    # empty (about 70 ms instead of 1 ms of SQL on this machine).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    show_episode_ids = ",".join(
        str(pk)
        for pk in EpisodePage.objects.live().child_of(show).values_list("pk", flat=True)[:20]
    )
    listeners = {"0 rows": fresh, "20 rows": recent, f"{HISTORY_ROWS} rows": seasoned}
    clients = {}
    for label, user in listeners.items():
        clients[label] = Client()
        clients[label].force_login(user)

    cases = [
        ("state request", "get", "/listening/state/", {"episodes": show_episode_ids, "lang": "en"}),
        ("My listening page", "get", "/en/my-listening/", {}),
        (
            "save position",
            "post",
            "/listening/position/",
            {"episode": episode.pk, "position": "61.5", "duration": "300"},
        ),
    ]
    results = {}
    for case, method, url, data in cases:
        timings = {label: [] for label in listeners}
        queries = {}
        for label, client in clients.items():
            for _ in range(10):  # warm caches and template loaders
                getattr(client, method)(url, data)
            seen = []

            def count_query(execute, sql, params, many, context, seen=seen):
                seen.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count_query):
                getattr(client, method)(url, data)
            queries[label] = len(seen)
        for _ in range(ROUNDS):
            for label, client in clients.items():
                started = time.perf_counter()
                response = getattr(client, method)(url, data)
                timings[label].append(time.perf_counter() - started)
                assert response.status_code == 200, (case, label, response.status_code)
        results[case] = (
            {label: statistics.median(values) for label, values in timings.items()},
            queries,
        )

    empty, small, full = listeners
    print(
        f"{'case':<20}{'listener':>12}{'median ms':>12}{'x 0 rows':>10}{'x 20 rows':>11}"
        f"{'queries':>9}   ({ROUNDS} rounds, {connection.vendor})"
    )
    for case, (medians, queries) in results.items():
        for label in listeners:
            print(
                f"{case:<20}{label:>12}{medians[label] * 1000:>12.2f}"
                f"{medians[label] / medians[empty]:>10.2f}{medians[label] / medians[small]:>11.2f}"
                f"{queries[label]:>9}"
            )
    for base in (empty, small):
        worst = max(medians[full] / medians[base] for medians, _queries in results.values())
        print(f"worst ratio {full} / {base}: {worst:.2f}x (target: at most 1.10x)")
    load = os.getloadavg()
    print(f"machine load (1/5/15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
