"""Insights screens with a year of daily rows for 2,000 items in 6 languages.

Builds a throwaway SQLite database with the demo (or uses BENCH_INSIGHTS_DATABASE_URL, an empty
PostgreSQL database it may wipe), adds 2,000 live episodes (100 under the demo show, the rest
under a second show), and writes one year of PageDay rows for each of them in each of the six
languages (2,000 x 6 x 365 = 4.38 million rows, some cells under the threshold), the per-language
summaries the nightly rollup keeps, and a year of search counts (100 words a language). Then it
times each Insights screen (HTML and CSV) for an editor through Django's test client, full year,
all languages. Target: every screen under 1 s. Prints medians, the ratio to the admin dashboard
(a baseline measured in the same run) and query counts. BENCH_INSIGHTS_ITEMS, BENCH_INSIGHTS_DAYS
and BENCH_ROUNDS (default 5) change the size.
"""

import datetime
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

ITEMS = int(os.environ.get("BENCH_INSIGHTS_ITEMS", "2000"))
DAYS = int(os.environ.get("BENCH_INSIGHTS_DAYS", "365"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SHOW_SIZE = 100


def insert_rows(connection, table, columns, rows):
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        # Names from the model's metadata, values as parameters.
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({placeholders})",  # noqa: S608
            rows,
        )


def build(rng):
    from django.db import connection, transaction
    from wagtail.models import Locale

    from cms.insights.models import PAGE_METRICS, AnonymousCount, PageDay
    from cms.insights.rollup import summarise_day
    from library.factories import PodcastShowPageFactory
    from library.listening.bulk import bulk_episodes
    from library.models import AudioFile, PodcastShowPage

    show = PodcastShowPage.objects.live().filter(locale__language_code="en").first()
    audio = AudioFile.objects.first()
    second = PodcastShowPageFactory(parent=show.get_parent(), title="Bench show", slug="bench-show")
    second.save_revision().publish()
    ids = bulk_episodes(show, min(SHOW_SIZE, ITEMS), audio, prefix="benchone")
    if ITEMS > SHOW_SIZE:
        ids += bulk_episodes(second, ITEMS - SHOW_SIZE, audio, prefix="benchtwo")
    from wagtail.models import Page

    ids += list(
        Page.objects.live().filter(depth__gt=2).exclude(pk__in=ids).values_list("pk", flat=True)
    )
    locales = list(Locale.objects.values_list("pk", flat=True))
    today = datetime.date.today()
    days = [today - datetime.timedelta(days=n) for n in range(DAYS, 0, -1)]
    columns = ["day", "page_id", "locale_id"]
    for metric in PAGE_METRICS:
        columns += [metric, f"{metric}_people"]
    share = dict(zip(locales, [1.0, 0.5, 0.4, 0.25, 0.15, 0.1], strict=False))
    PageDay.objects.all().delete()
    started = time.perf_counter()
    with transaction.atomic():
        batch = []
        for page_id in ids:
            appeal = rng.uniform(0.2, 2.0)
            for locale_id in locales:
                base = 30 * appeal * share.get(locale_id, 0.1)
                for day in days:
                    people = int(base * rng.uniform(0.5, 1.5))
                    row = [day, page_id, locale_id]
                    for index, _metric in enumerate(PAGE_METRICS):
                        value = max(people - index * 2, 0) if index < 6 else people // 4
                        row += [value + value // 3, value]
                    batch.append(row)
                if len(batch) >= 20_000:
                    insert_rows(connection, PageDay._meta.db_table, columns, batch)
                    batch = []
        if batch:
            insert_rows(connection, PageDay._meta.db_table, columns, batch)
    rows = len(ids) * len(locales) * len(days)
    print(
        f"built {rows:,} daily rows for {len(ids):,} items in {time.perf_counter() - started:.0f} s"
    )
    started = time.perf_counter()
    AnonymousCount.objects.all().delete()
    searches = []
    for locale_id in locales:
        for rank in range(100):
            for day in days:
                count = int(60 / (rank + 1) * rng.uniform(0.5, 1.5))
                if count:
                    searches.append(
                        [
                            day,
                            "search",
                            locale_id,
                            f"word {rank}",
                            count,
                            count if rank % 7 == 0 else 0,
                        ]
                    )
    insert_rows(
        connection,
        AnonymousCount._meta.db_table,
        ["day", "kind", "locale_id", "term", "count", "zero_results"],
        searches,
    )
    with transaction.atomic():
        for day in days:
            summarise_day(day)
    print(f"search rows {len(searches):,} and summaries in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return show


def main():
    workdir = tempfile.mkdtemp(prefix="hs-bench-insights-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_INSIGHTS_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"
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

    from campaigns.models import CampaignPage
    from library.models import EpisodePage

    show = build(random.Random(17))  # noqa: S311 (benchmark data)
    campaign = CampaignPage.objects.filter(locale__language_code="en").first()
    episode = EpisodePage.objects.child_of(show).filter(slug__startswith="benchone").first()
    client = Client()
    client.force_login(get_user_model().objects.get(username="editor"))
    year = (
        f"?start={datetime.date.today() - datetime.timedelta(days=DAYS)}"
        f"&end={datetime.date.today() - datetime.timedelta(days=1)}"
    )
    cases = [
        ("admin dashboard (baseline)", "/admin/"),
        ("overview", f"/admin/insights/{year}"),
        ("overview CSV", f"/admin/insights/{year}&format=csv"),
        ("campaigns", f"/admin/insights/campaigns/{year}"),
        ("campaign", f"/admin/insights/campaigns/{campaign.pk}/{year}"),
        ("campaign CSV", f"/admin/insights/campaigns/{campaign.pk}/{year}&format=csv"),
        ("shows", f"/admin/insights/shows/{year}"),
        (f"show ({SHOW_SIZE}+ episodes)", f"/admin/insights/shows/{show.pk}/{year}"),
        ("episode", f"/admin/insights/episodes/{episode.pk}/{year}"),
        ("search", f"/admin/insights/search/{year}"),
        ("one locale: show", f"/admin/insights/shows/{show.pk}/{year}&locale=sv"),
    ]
    results = []
    for label, url in cases:
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200, (label, response.status_code)
        seen = []

        def count(execute, sql, params, many, context, seen=seen):
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url)
        timings = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            client.get(url)
            timings.append(time.perf_counter() - started)
        results.append((label, statistics.median(timings), max(timings), len(seen)))
    baseline = results[0][1]
    print(
        f"{'screen':<30}{'median ms':>11}{'max ms':>9}{'x base':>8}{'queries':>9}"
        f"   ({ROUNDS} rounds, {connection.vendor}, {ITEMS} items x 6 languages x {DAYS} days)"
    )
    for label, median, worst, queries in results:
        print(
            f"{label:<30}{median * 1000:>11.0f}{worst * 1000:>9.0f}"
            f"{median / baseline:>8.2f}{queries:>9}"
        )
    slowest = max(results[1:], key=lambda item: item[2])
    print(f"slowest screen: {slowest[0]} at {slowest[2] * 1000:.0f} ms (target: under 1000 ms)")
    load = os.getloadavg()
    print(f"machine load (1/5/15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
