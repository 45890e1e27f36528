"""Search latency as the site grows: median and p95 of a fixed set of queries at two sizes.

Builds N standard pages and episodes of realistic text (sentences drawn, with a fixed seed,
from a vocabulary of the programme's subjects) in a throwaway database, indexes them, then
times the search page through Django's test client (full middleware stack, facets included)
for each query. The planner's statistics are refreshed (ANALYZE) after each build, as
autovacuum keeps them on a live database. Sizes: BENCH_SEARCH_SIZES (default "2000,20000");
rounds per query: BENCH_SEARCH_ROUNDS (default 5). Target: p95 at the larger size no more
than 3x p95 at the smaller one. Figures only; no test asserts timings.

SQLite by default (a temporary file); there it also compares, at the smallest size, the ranking
step of modelsearch's SQLite backend with the project's one-pass ranking. For PostgreSQL set
BENCH_SEARCH_DATABASE_URL to an empty database that may be wiped, e.g.
postgres://postgres@127.0.0.1:5432/search_bench.
"""

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

SIZES = [int(size) for size in os.environ.get("BENCH_SEARCH_SIZES", "2000,20000").split(",")]
ROUNDS = int(os.environ.get("BENCH_SEARCH_ROUNDS", "5"))
QUERIES = [
    "sleep",
    "can't sleep",
    "grief",
    "talking to my manager",
    "burnout recovery",
    "anxiety at work",
    "loneliness",
    "zebrafinch",  # matches nothing
]
SUBJECTS = [
    "sleep",
    "rest",
    "grief",
    "loss",
    "burnout",
    "anxiety",
    "stress",
    "manager",
    "team",
    "loneliness",
    "breathing",
    "walking",
    "routine",
    "boundaries",
    "parenting",
    "money",
    "worry",
    "recovery",
    "kindness",
    "conversation",
    "listening",
    "support",
    "change",
]
FILLER = [
    "we",
    "talk",
    "about",
    "how",
    "it",
    "feels",
    "when",
    "the",
    "day",
    "is",
    "long",
    "and",
    "you",
    "notice",
    "small",
    "things",
    "that",
    "help",
    "a",
    "little",
    "more",
    "each",
    "week",
    "with",
    "colleagues",
    "at",
    "home",
    "in",
    "the",
    "evening",
    "morning",
    "together",
]


def sentence(rng):
    words = rng.choices(FILLER, k=rng.randint(8, 14)) + rng.choices(SUBJECTS, k=2)
    rng.shuffle(words)
    return " ".join(words).capitalize() + "."


def build(count, start, rng, parent):
    from cms.core.models import StandardPage

    for number in range(start, start + count):
        text = " ".join(sentence(rng) for _ in range(rng.randint(6, 12)))
        page = StandardPage(
            title=f"{rng.choice(SUBJECTS).capitalize()} notes {number}",
            slug=f"bench-{number}",
            introduction=sentence(rng),
            body=[("paragraph", f"<p>{text}</p>")],
        )
        parent.add_child(instance=page)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def compare_sqlite_ranking(size):
    """The ranking step alone, modelsearch's SQLite backend (one FTS subquery per match) against
    the project's one-pass ranking, same queries, same run. Only at the smallest size: the
    former takes minutes per common word at 20,000 pages."""
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    pages = Page.objects.live().filter(depth__gt=1)
    medians = {}
    for name, backend in (("modelsearch", SQLiteSearchBackend({})), ("one-pass", None)):
        backend = backend or get_search_backend()
        timings = []
        for query in QUERIES:
            for _ in range(ROUNDS):
                began = time.perf_counter()
                list(backend.search(query, pages, operator="and")[:1000])
                timings.append((time.perf_counter() - began) * 1000)
        medians[name] = statistics.median(timings)
    print(
        f"  ranking only, {size} pages: modelsearch median {medians['modelsearch']:.1f} ms, "
        f"one-pass median {medians['one-pass']:.1f} ms "
        f"({medians['modelsearch'] / medians['one-pass']:.1f}x faster)"
    )


def main():
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    database_url = os.environ.get("BENCH_SEARCH_DATABASE_URL")
    if not database_url:
        database_url = f"sqlite:///{tempfile.mkdtemp(prefix='hs-search-bench-')}/bench.sqlite3"
    os.environ["DATABASE_URL"] = database_url

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("flush", interactive=False, verbosity=0) if "postgres" in database_url else None
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", verbosity=0)
    # Pages are indexed in one pass after each build, as `update_index` would.
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False}
    }

    from cms.core.models import HomePage

    home = HomePage.objects.get(locale__language_code="en")
    client = Client()
    client.force_login(get_user_model().objects.get(username="employee"))
    rng = random.Random(20261128)  # noqa: S311 - text generation, not security

    print(f"Search latency on {connection.vendor}, {ROUNDS} rounds per query")
    built = 0
    figures = {}
    for size in SIZES:
        started = time.perf_counter()
        build(size - built, built, rng, HomePage.objects.get(pk=home.pk))
        built = size
        call_command("update_index", verbosity=0)
        # Fresh planner statistics, as autovacuum keeps them on a live database: right after a
        # bulk load PostgreSQL still believes the page table is nearly empty and picks a nested
        # loop over every page (about 10x slower at 20,000 pages).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"  built and indexed {size} pages in {time.perf_counter() - started:.0f} s")
        timings = []
        for query in QUERIES:
            client.get("/en/search/", {"q": query})  # warm
            for _ in range(ROUNDS):
                began = time.perf_counter()
                response = client.get("/en/search/", {"q": query})
                timings.append((time.perf_counter() - began) * 1000)
                assert response.status_code == 200
        figures[size] = (statistics.median(timings), percentile(timings, 0.95))
        print(
            f"  {size:>6} pages: median {figures[size][0]:7.1f} ms, p95 {figures[size][1]:7.1f} ms"
        )
        if connection.vendor == "sqlite" and size == SIZES[0]:
            compare_sqlite_ranking(size)
    if len(SIZES) > 1:
        small, large = SIZES[0], SIZES[-1]
        ratio = figures[large][1] / figures[small][1]
        print(f"  p95 ratio {large}/{small}: {ratio:.2f}x (target: at most 3x)")


if __name__ == "__main__":
    main()
