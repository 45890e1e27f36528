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

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

# The settings (benchmarks/load_config.py), the setup inside Django (load_content.py) and the
# client (load_client.py).
from benchmarks.load_client import Client, run_burst, run_closed  # noqa: E402
from benchmarks.load_config import (  # noqa: E402
    BURST_SECONDS,
    BURST_USERS,
    CONCURRENCY,
    MISS_REQUESTS,
    PYTHON,
    REDIS_BASE,
    REDIS_DB,
    REQUESTS,
    SCALE,
    SERVER_URL,
    USERS,
    WORKERS,
)
from benchmarks.load_content import make_employees, make_scale_content, page_urls  # noqa: E402

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
