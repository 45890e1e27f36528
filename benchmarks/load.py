"""Load benchmark (issue #12): gunicorn with production settings on PostgreSQL and Redis.

What it does, in one run, on this machine:
  1. Creates its own PostgreSQL database (BENCH_LOAD_DATABASE_URL's server; name hs_load_<pid>),
     migrates it and loads the demo; uses Redis db BENCH_LOAD_REDIS_DB (default 12), emptied
     before and after.
  2. Makes BENCH_LOAD_USERS (1,000) employees and signs each in (a session made the way
     django.contrib.auth.login makes one, saved through the session engine; the login form's
     password hashing is not what is measured here).
  3. Starts gunicorn (`gunicorn.conf.py`, 2 workers, benchmarks/bench_settings.py: production
     settings plus a bare "ok" view and an X-Bench-Queries header) on a free port.
  4. Measures, side by side, the bare view and every page type as a cache hit and as a miss
     (the page cache emptied through its API before each request), from CONCURRENCY
     keep-alive client threads, each request by a different employee.
  5. The launch burst: BURST_USERS distinct employees open the same campaign page within
     BURST_SECONDS (arrivals spread evenly, open loop), starting from an empty page cache.
  6. The scale cases: 5 against 500 items in a show, a playlist, the campaign index and the
     library (page 1, misses).
  7. Prints one table (req/s, p50, p95, ratio of req/s to the bare view, queries) with the
     machine's load average beside it, then stops gunicorn and drops the database.

Run with `make bench` (or `.venv/bin/python benchmarks/load.py`). Offline; a few minutes.
"""

import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SERVER_URL = os.environ.get(
    "BENCH_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
REDIS_BASE = os.environ.get("BENCH_LOAD_REDIS", "redis://127.0.0.1:6379")
REDIS_DB = int(os.environ.get("BENCH_LOAD_REDIS_DB", "12"))
USERS = int(os.environ.get("BENCH_LOAD_USERS", "1000"))
REQUESTS = int(os.environ.get("BENCH_LOAD_REQUESTS", "200"))
MISS_REQUESTS = int(os.environ.get("BENCH_LOAD_MISS_REQUESTS", "40"))
CONCURRENCY = int(os.environ.get("BENCH_LOAD_CONCURRENCY", "4"))
BURST_USERS = int(os.environ.get("BENCH_BURST_USERS", "1000"))
BURST_SECONDS = float(os.environ.get("BENCH_BURST_SECONDS", "60"))
SCALE = (5, int(os.environ.get("BENCH_SCALE_ITEMS", "500")))
WORKERS = 2


# --- Setup inside Django (run as a subprocess with the benchmark's environment) ---------------


def setup_django():
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()


def make_employees(count):
    """`count` employees with a session each; prints the session keys as JSON."""
    setup_django()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
    from django.contrib.auth.backends import ModelBackend
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, User
    from django.utils.module_loading import import_string

    store_class = import_string(settings.SESSION_ENGINE + ".SessionStore")
    employees = Group.objects.get(name="Employees")
    password = make_password("benchmark-only")
    users = User.objects.bulk_create(
        [User(username=f"bench-employee-{n}", password=password) for n in range(count)]
    )
    users = list(User.objects.filter(username__startswith="bench-employee-").order_by("pk"))
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=employees.pk) for user in users]
    )
    # The backend a password login records (the first ModelBackend of AUTHENTICATION_BACKENDS),
    # so the sessions read back exactly as after the login form.
    backend = next(
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if isinstance(load_backend(path), ModelBackend)
    )
    keys = []
    for user in users:
        session = store_class()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session["_refreshed_at"] = int(time.time())
        session.create()
        keys.append(session.session_key)
    print(json.dumps(keys))


def make_scale_content(items):
    """A show, a playlist, campaigns and shows at two sizes; prints their URLs as JSON."""
    setup_django()
    import datetime

    from campaigns.models import CampaignIndexPage, CampaignPage
    from cms.core.taxonomy import Pillar
    from library.models import (
        AudioFile,
        EpisodePage,
        LibraryIndexPage,
        PlaylistItem,
        PlaylistPage,
        PodcastShowPage,
    )

    library = LibraryIndexPage.objects.get(locale__language_code="en")
    audio = AudioFile.objects.first()
    transcript = EpisodePage.objects.filter(transcript__isnull=False).first().transcript
    today = datetime.date.today()
    urls = {}

    def add(parent, page):
        parent.add_child(instance=page)
        return page

    for size in SCALE[:1] + (items,):
        show = add(
            library,
            PodcastShowPage(
                title=f"Scale show {size}",
                slug=f"scale-show-{size}",
                description="Benchmark show.",
                owner_email="bench@example.com",
            ),
        )
        show = PodcastShowPage.objects.get(pk=show.pk)
        episodes = []
        for number in range(size):
            episode = add(
                show,
                EpisodePage(
                    title=f"Scale episode {size}-{number}",
                    slug=f"episode-{number}",
                    audio=audio,
                    transcript=transcript,
                    episode_number=number + 1,
                    introduction="A short conversation for the benchmark.",
                ),
            )
            episodes.append(episode)
            if number % 50 == 0:
                show = PodcastShowPage.objects.get(pk=show.pk)  # fresh numchild for add_child
        playlist = add(
            PodcastShowPage.objects.get(pk=show.pk).get_parent().specific,
            PlaylistPage(title=f"Scale playlist {size}", slug=f"scale-playlist-{size}"),
        )
        PlaylistItem.objects.bulk_create(
            [
                PlaylistItem(
                    playlist=playlist,
                    episode=episode,
                    sort_order=n,
                    locale_id=playlist.locale_id,
                    translation_key=uuid.uuid4(),
                )
                for n, episode in enumerate(episodes)
            ]
        )
        urls[f"show {size}"] = show.url
        urls[f"playlist {size}"] = playlist.url

    index = CampaignIndexPage.objects.get(locale__language_code="en")
    pillar = Pillar.objects.filter(locale__language_code="en").first()
    library = LibraryIndexPage.objects.get(locale__language_code="en")
    for number in range(items):
        index = CampaignIndexPage.objects.get(pk=index.pk)
        add(
            index,
            CampaignPage(
                title=f"Past scale campaign {number}",
                slug=f"past-scale-campaign-{number}",
                pillar=pillar,
                starts_on=today - datetime.timedelta(days=800 + number),
                ends_on=today - datetime.timedelta(days=700 + number),
            ),
        )
        library = LibraryIndexPage.objects.get(pk=library.pk)
        add(
            library,
            PodcastShowPage(
                title=f"Scale library show {number}",
                slug=f"scale-library-show-{number}",
                description="Benchmark show.",
                owner_email="bench@example.com",
            ),
        )
    urls["campaign index"] = index.url
    urls["library"] = library.url
    print(json.dumps(urls))


def page_urls():
    """The demo's URL of each page type (English); prints JSON."""
    setup_django()
    from campaigns.models import CampaignIndexPage, CampaignPage
    from cms.core.models import HomePage
    from cms.core.taxonomy import Pillar
    from cms.support.models import SupportPage
    from library.models import EpisodePage, LibraryIndexPage, PlaylistPage, PodcastShowPage

    def url_of(model):
        return model.objects.live().filter(locale__language_code="en").first().url

    pillar = Pillar.objects.filter(locale__language_code="en").first()
    print(
        json.dumps(
            {
                "home": url_of(HomePage),
                "home (sv)": HomePage.objects.get(locale__language_code="sv").url,
                "pillar": f"{url_of(HomePage)}pillars/{pillar.slug}/",
                "support": url_of(SupportPage),
                "library": url_of(LibraryIndexPage),
                "show": url_of(PodcastShowPage),
                "episode": url_of(EpisodePage),
                "playlist": url_of(PlaylistPage),
                "campaign index": url_of(CampaignIndexPage),
                "campaign": url_of(CampaignPage),
                "search ?q=sleep": "/en/search/?q=sleep",
            }
        )
    )


# --- The client: keep-alive connections, one per thread ----------------------------------------


class Client:
    def __init__(self, port):
        self.port = port
        self.local = threading.local()

    def connection(self):
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.local.conn = conn
        return conn

    def request(self, path, session_key=None, method="GET"):
        headers = {"Host": "localhost", "X-Forwarded-Proto": "https"}
        if session_key:
            headers["Cookie"] = f"sessionid={session_key}"
        started = time.perf_counter()
        for attempt in (1, 2):
            conn = self.connection()
            try:
                conn.request(method, path, headers=headers)
                response = conn.getresponse()
                body = response.read()
                break
            except (http.client.HTTPException, OSError):
                conn.close()
                self.local.conn = None
                if attempt == 2:
                    return time.perf_counter() - started, 599, 0, 0
        elapsed = time.perf_counter() - started
        queries = int(response.getheader("X-Bench-Queries") or 0)
        return elapsed, response.status, queries, len(body)


def run_closed(client, path, sessions, count, before_each=None):
    """`count` requests over CONCURRENCY threads, each by the next employee."""
    results = []
    lock = threading.Lock()
    counter = iter(range(count))

    def worker():
        while True:
            with lock:
                number = next(counter, None)
            if number is None:
                return
            if before_each:
                before_each()
            result = client.request(path, sessions[number % len(sessions)])
            with lock:
                results.append(result)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return summarise(results, wall)


def summarise(results, wall):
    times = sorted(result[0] for result in results)
    errors = sum(1 for result in results if result[1] != 200)
    statuses = {}
    for result in results:
        statuses[result[1]] = statuses.get(result[1], 0) + 1
    return {
        "statuses": statuses,
        "rps": len(results) / wall if wall else 0,
        "p50": times[len(times) // 2] * 1000,
        "p95": times[min(len(times) - 1, int(len(times) * 0.95))] * 1000,
        "queries": statistics.median(result[2] for result in results),
        "bytes": statistics.median(result[3] for result in results),
        "errors": errors,
        "n": len(results),
    }


def run_burst(client, path, sessions):
    """BURST_USERS distinct employees, arrivals spread evenly over BURST_SECONDS (open loop)."""
    interval = BURST_SECONDS / BURST_USERS
    results = []
    lock = threading.Lock()
    started = time.perf_counter()

    def one(number):
        due = started + number * interval
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        result = client.request(path, sessions[number % len(sessions)])
        with lock:
            results.append(result)

    with ThreadPoolExecutor(max_workers=64) as pool:
        list(pool.map(one, range(BURST_USERS)))
    return summarise(results, time.perf_counter() - started)


# --- Orchestration -----------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def admin_sql(statement):
    import psycopg

    with psycopg.connect(SERVER_URL, autocommit=True) as conn:
        conn.execute(statement)


def flush_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


def in_django(env, *args):
    result = subprocess.run(  # noqa: S603  (our own script, fixed arguments)
        [PYTHON, __file__, *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{args[0]} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def manage(env, *args):
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")


def wait_for(port, deadline=60):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def main():
    database = f"hs_load_{os.getpid()}"
    parts = urlsplit(SERVER_URL)
    database_url = f"{parts.scheme}://{parts.netloc}/{database}"
    redis_url = f"{REDIS_BASE}/{REDIS_DB}"
    media = Path(tempfile.mkdtemp(prefix=f"{database}-media-"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "benchmark-only-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "WAGTAILADMIN_BASE_URL": "http://localhost",
        "PYTHONPATH": str(PROJECT_DIR),
        "WEB_CONCURRENCY": str(WORKERS),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "LOG_LEVEL": "WARNING",
        "BENCH_MEDIA_ROOT": str(media),
    }
    env.pop("AWS_STORAGE_BUCKET_NAME", None)
    server = None
    admin_sql(f'CREATE DATABASE "{database}"')
    try:
        flush_redis(redis_url)
        print(f"Database {database}, Redis db {REDIS_DB}: migrating and loading the demo…")
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        print(f"Signing in {USERS} employees…")
        sessions = in_django(env, "--employees", str(USERS))
        pages = in_django(env, "--page-urls")
        server = subprocess.Popen(  # noqa: S603
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "cms.wsgi"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for(port)
        client = Client(port)
        rows, bare = measure_pages(client, sessions, pages)
        print(f"Scale content (5 and {SCALE[1]} items)…")
        scale_urls = in_django(env, "--scale", str(SCALE[1]))
        rows += measure_scale(client, sessions, pages, scale_urls)
        print_table(rows, bare)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        flush_redis(redis_url)
        admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(media, ignore_errors=True)


def forget_pages(client):
    client.request("/bench/forget-pages", method="POST")


def measure_pages(client, sessions, pages):
    for path in pages.values():  # warm each worker's imports and templates
        for _ in range(WORKERS * 2):
            client.request(path, sessions[0])
    rows = []
    bare = run_closed(client, "/bench/ok", sessions, REQUESTS * 2)
    rows.append(("bare view", "-", bare))
    for name, path in pages.items():
        rows.append((name, "hit", run_closed(client, path, sessions, REQUESTS)))
        miss = run_closed(client, path, sessions, MISS_REQUESTS, lambda: forget_pages(client))
        rows.append((name, "miss", miss))
    forget_pages(client)
    burst = run_burst(client, pages["campaign"], sessions)
    rows.append((f"burst: {BURST_USERS} users / {BURST_SECONDS:.0f} s", "campaign", burst))
    # The demo's own campaign index and library are the small cases of those two.
    for name in ("campaign index", "library"):
        miss = run_closed(
            client, pages[name], sessions, MISS_REQUESTS, lambda: forget_pages(client)
        )
        rows.append((f"{name} (demo, few items)", "miss", miss))
    return rows, bare


def measure_scale(client, sessions, pages, scale_urls):
    forget_pages(client)
    rows = []
    for name, path in scale_urls.items():
        label = name if name not in ("campaign index", "library") else f"{name} (+{SCALE[1]})"
        miss = run_closed(client, path, sessions, MISS_REQUESTS, lambda: forget_pages(client))
        rows.append((label, "miss", miss))
    return rows


def print_table(rows, bare):
    load = os.getloadavg()
    print()
    print(
        f"gunicorn {WORKERS} workers (gthread), {CONCURRENCY} client threads, "
        f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    header = (
        f"| {'case':34} | {'cache':8} | {'req/s':>7} | {'x bare':>6} | {'p50 ms':>7} "
        f"| {'p95 ms':>7} | {'queries':>7} | {'KB':>5} | {'errors':>6} |"
    )
    print(header)
    print("|" + "|".join("-" * (len(part)) for part in header.split("|")[1:-1]) + "|")
    for name, mode, figures in rows:
        ratio = figures["rps"] / bare["rps"] if bare["rps"] else 0
        print(
            f"| {name:34} | {mode:8} | {figures['rps']:7.1f} | {ratio:6.3f} "
            f"| {figures['p50']:7.1f} | {figures['p95']:7.1f} | {figures['queries']:7.0f} "
            f"| {figures['bytes'] / 1024:5.1f} | {figures['errors']:6d} |"
        )
    print(f"load average after: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    failed = [
        (name, mode, figures["statuses"]) for name, mode, figures in rows if figures["errors"]
    ]
    for name, mode, statuses in failed:
        print(f"errors in {name} ({mode}): status codes {statuses}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--employees":
        make_employees(int(sys.argv[2]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--page-urls":
        page_urls()
    elif len(sys.argv) > 1 and sys.argv[1] == "--scale":
        make_scale_content(int(sys.argv[2]))
    else:
        main()
