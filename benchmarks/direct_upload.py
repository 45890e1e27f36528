"""A large audio upload straight from the browser to S3 (issue #14), against plain boto3.

In one run, on this machine, all on 127.0.0.1:
  1. a moto S3 server in its own process (its memory and CPU are not the app's), with a bucket
     carrying the README's CORS rule for the app's origin;
  2. a throwaway SQLite database (migrated; one user in the Editors group) and the app under
     gunicorn (`gunicorn.conf.py`, one gthread worker, so "worker memory" is one process):
     production settings over plain HTTP, media storage on the moto server (AWS_* variables);
  3. a generated MP3 of BENCH_UPLOAD_MB (default 200) megabytes, and a 1 MB one;
  4. Chromium (Playwright, headless) signs in and saves each file through the audio add form,
     the 1 MB one first (the worker's first upload: it builds its boto3 S3 clients), then the
     large one, timed from the click on Save to the form's answer (audio saved) and to the
     listing page, with every request's start and end and every progress event the upload
     script reports; the worker's RSS (/proc/<pid>/status) is sampled every 100 ms; the request
     bodies the app received are summed from gunicorn's access log (Content-Length), and the
     S3 server's request log shows the browser's part PUTs and the app's ranged GETs;
  5. boto3 `upload_file` (default TransferConfig: 8 MB parts, 10 threads) of the same file to
     the same server, once before and once after the browser upload.
Prints one table with the machine's load average beside it. Everything it starts or writes is
removed at the end, also on failure.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from benchmarks.audio_upload import free_port, make_large_mp3  # noqa: E402

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

# Every progress event and every XHR's start and end, timestamped in the page (epoch ms).
PAGE_PROBE = """
(() => {
  const now = () => performance.timeOrigin + performance.now();
  document.addEventListener("audio-upload:progress", (event) => {
    window.benchEvent("progress", now(), String(event.detail.percent));
  });
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.benchLabel = method + " " + url;
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    const label = this.benchLabel;
    window.benchEvent("start", now(), label);
    this.addEventListener("loadend", () => window.benchEvent("end", now(), label, this.status));
    return send.apply(this, arguments);
  };
})();
"""


# --- Processes and /proc -------------------------------------------------------------------


def wait_for_port(port, process, name, deadline=90):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{name} did not start")


def stop(process):
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)  # its own session: only what it started
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


def proc_status(pid, field):
    """A /proc/<pid>/status field in bytes (VmRSS, VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def gunicorn_worker(master_pid, deadline=60):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
        if len(children) == 1:
            return int(children[0])
        time.sleep(0.2)
    raise SystemExit("gunicorn's worker did not start")


class RssSampler(threading.Thread):
    """The worker's RSS every SAMPLE_SECONDS, as (epoch seconds, bytes)."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.samples = []
        self.halt = threading.Event()

    def run(self):
        while not self.halt.is_set():
            self.samples.append((time.time(), proc_status(self.pid, "VmRSS")))
            self.halt.wait(SAMPLE_SECONDS)

    def peak(self, start=0.0, end=float("inf")):
        return max((rss for at, rss in self.samples if start <= at <= end), default=0)


def manage(env, *args):
    result = subprocess.run(  # noqa: S603  (fixed arguments)
        [PYTHON, "manage.py", *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")


# --- The run -------------------------------------------------------------------------------


def s3_client(endpoint):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def boto3_upload(client, path, key):
    started = time.perf_counter()
    client.upload_file(str(path), BUCKET, key)  # default TransferConfig: multipart
    elapsed = time.perf_counter() - started
    assert client.head_object(Bucket=BUCKET, Key=key)["ContentLength"] == path.stat().st_size
    client.delete_object(Bucket=BUCKET, Key=key)
    return elapsed


def worker_state(pid):
    return {"rss": proc_status(pid, "VmRSS"), "hwm": proc_status(pid, "VmHWM")}


def new_lines(path, offset):
    with open(path, "rb") as log:
        log.seek(offset)
        return log.read().decode(errors="replace").splitlines()


def save_audio(page, app_url, audio_path, title, worker_pid, events, logs):
    """Pick the file on the add form and save: the page's events, the worker's RSS, and what
    the access log and the S3 server's log gained meanwhile."""
    page.goto(app_url + ADD_PATH)
    page.locator("#id_title").fill(title)
    page.locator("#id_file").set_input_files(str(audio_path))
    time.sleep(1)  # let the worker settle before the baseline
    events.clear()
    offsets = {name: path.stat().st_size for name, path in logs.items()}
    sampler = RssSampler(worker_pid)
    before = worker_state(worker_pid)
    sampler.start()
    clicked = time.time()
    page.get_by_role("button", name="Save").click()
    try:
        page.wait_for_url(app_url + LIST_PATH, timeout=900_000)
    except Exception:
        errors = page.locator("[data-audio-upload-errors]").inner_text(timeout=5_000)
        raise SystemExit(f"upload of {title!r} did not finish: {errors!r}") from None
    listed = time.time()
    page.wait_for_timeout(300)
    sampler.halt.set()
    sampler.join()
    time.sleep(0.5)  # the access log line of the last request
    return {
        "events": list(events),
        "clicked": clicked,
        "listed": listed,
        "sampler": sampler,
        "before": before,
        "after": worker_state(worker_pid),
        "log_lines": {name: new_lines(path, offsets[name]) for name, path in logs.items()},
    }


def browser_uploads(app_url, uploads, worker_pid, logs):
    """Sign in, then save each (path, title) in turn through the audio add form."""
    from playwright.sync_api import sync_playwright

    events, results, console = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(locale="en-GB")
            context.expose_function(
                "benchEvent",
                lambda kind, at, label, status=None: events.append(
                    (kind, at / 1000, label, status)
                ),
            )
            context.add_init_script(PAGE_PROBE)
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.on("console", lambda m: m.type in ("error", "warning") and console.append(m.text))
            page.goto(app_url + "/admin/login/")
            page.get_by_label("Username").fill(USERNAME)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(app_url + "/admin/")
            for path, title in uploads:
                results.append(save_audio(page, app_url, path, title, worker_pid, events, logs))
            context.close()
        finally:
            browser.close()
    return results, console


def request_kind(label, endpoint):
    method, url = label.split(" ", 1)
    if url.startswith(endpoint):
        return "part" if method == "PUT" else "s3 " + method
    for action in ("initiate", "sign", "complete", "abort"):
        if f"/audio-uploads/{action}/" in url:
            return action
    return "form" if url.endswith(ADD_PATH) or url == ADD_PATH else url


def phases(events, endpoint):
    """Start and end (epoch seconds) of each kind of request, and the progress percents."""
    spans, statuses, percents = {}, {}, []
    for kind, at, label, status in sorted(events, key=lambda event: event[1]):
        if kind == "progress":
            percents.append(int(label))
            continue
        name = request_kind(label, endpoint)
        first, last = spans.get(name, (at, at))
        spans[name] = (min(first, at), max(last, at))
        if kind == "end":
            statuses.setdefault(name, []).append(status)
    return spans, statuses, percents


def request_bodies(lines):
    """(method, path, status, Content-Length) from access log lines in ACCESS_LOG_FORMAT."""
    bodies = []
    for line in lines:
        method, url, status, length = line.split(" ")
        bodies.append((method, url, status, int(length) if length.isdigit() else 0))
    return bodies


def main():
    workdir = Path(tempfile.mkdtemp(prefix="hs-direct-upload-"))
    audio_path = workdir / "Long Episode.mp3"
    warmup_path = workdir / "Short Clip.mp3"
    logs = {"access": workdir / "access.log", "moto": workdir / "moto.log"}
    moto = server = None
    moto_port, app_port = free_port(), free_port()
    endpoint = f"http://127.0.0.1:{moto_port}"
    app_url = f"http://127.0.0.1:{app_port}"
    (workdir / f"{SETTINGS_MODULE}.py").write_text(SETTINGS_SOURCE)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "PYTHONPATH": f"{workdir}{os.pathsep}{PROJECT_DIR}",
        "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3",
        "SECRET_KEY": "benchmark-only-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "WAGTAILADMIN_BASE_URL": app_url,
        "TRUSTED_PROXY_COUNT": "0",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_EC2_METADATA_DISABLED": "true",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_BIND": f"127.0.0.1:{app_port}",
        "GUNICORN_ACCESS_LOG": str(logs["access"]),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)  # one worker: its local-memory cache is enough
    try:
        with open(logs["moto"], "wb") as log:
            moto = subprocess.Popen(  # noqa: S603
                [PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(moto_port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        size = make_large_mp3(audio_path, SIZE_MB)
        make_large_mp3(warmup_path, 1)
        manage(env, "migrate", "--noinput")
        manage(
            env,
            "shell",
            "-c",
            "from django.contrib.auth.models import Group, User; "
            f"user = User.objects.create_user({USERNAME!r}, password={PASSWORD!r}); "
            "user.groups.add(Group.objects.get(name='Editors'))",
        )
        wait_for_port(moto_port, moto, "moto server")
        client = s3_client(endpoint)
        client.create_bucket(Bucket=BUCKET)
        client.put_bucket_cors(  # the README's rule, for this run's origin
            Bucket=BUCKET,
            CORSConfiguration={
                "CORSRules": [
                    {
                        "AllowedOrigins": [app_url],
                        "AllowedMethods": ["PUT"],
                        "AllowedHeaders": ["content-type"],
                        "ExposeHeaders": [],
                        "MaxAgeSeconds": 3600,
                    }
                ]
            },
        )
        with open(workdir / "gunicorn.log", "wb") as log:
            server = subprocess.Popen(  # noqa: S603
                [
                    PYTHON,
                    "-m",
                    "gunicorn",
                    "-c",
                    "gunicorn.conf.py",
                    "--access-logformat",
                    ACCESS_LOG_FORMAT,
                    "cms.wsgi",
                ],
                cwd=PROJECT_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for_port(app_port, server, "gunicorn")
        worker_pid = gunicorn_worker(server.pid)

        load_before = os.getloadavg()
        boto3_before = boto3_upload(client, audio_path, "boto3/before.mp3")
        (warmup, run), console = browser_uploads(
            app_url,
            [(warmup_path, "Warm-up clip"), (audio_path, TITLE)],
            worker_pid,
            logs,
        )
        boto3_after = boto3_upload(client, audio_path, "boto3/after.mp3")
        load_after = os.getloadavg()

        objects = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
        multipart = client.list_multipart_uploads(Bucket=BUCKET).get("Uploads", [])
        report(
            size=size,
            warmup=warmup,
            run=run,
            endpoint=endpoint,
            boto3_times=(boto3_before, boto3_after),
            loads=(load_before, load_after),
            objects=objects,
            multipart=multipart,
        )
        if console:
            print(f"browser console: {console}")
        server_log = (workdir / "gunicorn.log").read_text(errors="replace")
        assert "Traceback" not in server_log, server_log[-3000:]
    finally:
        stop(server)
        stop(moto)
        shutil.rmtree(workdir, ignore_errors=True)


# werkzeug's request lines: '127.0.0.1 - - [05/Dec/2026 13:18:39] "GET /bucket/key HTTP/1.1" 206 -'
# (coloured by status), written when the answer has been sent.
S3_REQUEST_LINE = re.compile(
    rf'\[(\d\d/\w+/\d{{4}} [\d:]+)\] "(?:\x1b\[[\d;]*m)*(\w+) /{BUCKET}/([\w-]+)/\S* '
    rf'HTTP/[\d.]+\S*" (\d+)'
)


def s3_requests(lines):
    """(epoch seconds, method, first part of the key, status) of each request to the bucket."""
    requests = []
    for match in map(S3_REQUEST_LINE.search, lines):
        if match:
            stamp, method, prefix, status = match.groups()
            at = datetime.strptime(stamp, "%d/%b/%Y %H:%M:%S").timestamp()
            requests.append((at, method, prefix, status))
    return requests


def rss_growth(run, start=0.0, end=float("inf")):
    return (run["sampler"].peak(start, end) - run["before"]["rss"]) / MB


def loads_text(loads):
    return " ".join(f"{value:.2f}" for value in loads)


def report(*, size, warmup, run, endpoint, boto3_times, loads, objects, multipart):
    spans, statuses, percents = phases(run["events"], endpoint)
    sampler, before, after = run["sampler"], run["before"], run["after"]
    clicked, listed = run["clicked"], run["listed"]
    saved = spans["form"][1]
    s3_start, s3_end = spans["initiate"][0], spans["complete"][1]
    boto3_seconds = sum(boto3_times) / len(boto3_times)
    mb = size / MB

    rows = [
        ("boto3 upload_file, before", boto3_times[0], None),
        ("boto3 upload_file, after", boto3_times[1], None),
        ("browser to S3: initiate..complete", s3_end - s3_start, rss_growth(run, s3_start, s3_end)),
        ("browser: Save -> audio saved", saved - clicked, rss_growth(run, clicked, saved)),
        ("browser: Save -> listing shown", listed - clicked, rss_growth(run)),
    ]
    print(
        f"Direct upload of a {mb:.0f} MB MP3 ({size} bytes), Chromium headless; gunicorn 1 worker "
        f"(gthread); moto S3 server in its own process; {os.cpu_count()} CPUs; load average "
        f"before {loads_text(loads[0])}, after {loads_text(loads[1])}"
    )
    print(
        f"| {'method':<35} | {'seconds':>7} | {'MB/s':>6} | {'x boto3':>7} "
        f"| {'app worker peak RSS growth (MB)':>31} |"
    )
    print(f"|{'-' * 37}|{'-' * 9}|{'-' * 8}|{'-' * 9}|{'-' * 33}|")
    for label, seconds, rss in rows:
        rss_text = "n/a (app not involved)" if rss is None else f"{rss:.1f}"
        print(
            f"| {label:<35} | {seconds:>7.2f} | {mb / seconds:>6.1f} | "
            f"{seconds / boto3_seconds:>7.2f} | {rss_text:>31} |"
        )
    print(f"(x boto3: against the mean of the two boto3 runs, {boto3_seconds:.2f} s)")

    print("\nBrowser upload, requests by kind (s after the click on Save):")
    for name in ("initiate", "sign", "part", "complete", "form"):
        if name in spans:
            start, end = spans[name]
            codes = statuses.get(name, [])
            print(
                f"  {name:<9} {start - clicked:7.2f} .. {end - clicked:7.2f}  "
                f"({end - start:6.2f} s, {len(codes)} requests, status {sorted(set(codes))})"
            )
    print("  (form: the content check by ranged reads from S3, the copy into place and the save)")
    print(
        f"Progress events: {len(percents)} ({len(set(percents))} distinct percents), first "
        f"{percents[0] if percents else '-'}%, last {percents[-1] if percents else '-'}%, "
        f"never falling: {percents == sorted(percents)}"
    )

    parts = spans["part"]
    print(
        f"App worker RSS: baseline {before['rss'] / MB:.1f} MB, peak {sampler.peak() / MB:.1f} MB "
        f"({len(sampler.samples)} samples, every {SAMPLE_SECONDS * 1000:.0f} ms): "
        f"+{rss_growth(run):.1f} MB; while the parts went to S3 +{rss_growth(run, *parts):.1f}"
        f" MB, during the form POST +{rss_growth(run, *spans['form']):.1f} MB; kernel "
        f"high-water mark (VmHWM) {before['hwm'] / MB:.1f} -> {after['hwm'] / MB:.1f} MB"
    )
    warm_spans = phases(warmup["events"], endpoint)[0]
    print(
        f"  The 1 MB warm-up before it (the worker's first upload: one-off costs, mostly "
        f"importing boto3 and building its S3 clients): +{rss_growth(warmup):.1f} MB, "
        f"Save -> saved {warm_spans['form'][1] - warmup['clicked']:.2f} s"
    )
    bodies = [body for body in request_bodies(run["log_lines"]["access"]) if body[0] != "GET"]
    body_total = sum(body[3] for body in bodies)
    largest = max(bodies, key=lambda body: body[3], default=("-", "-", "-", 0))
    print(
        f"Request bodies the app received (gunicorn access log, Content-Length): {len(bodies)} "
        f"POSTs, {body_total / 1024:.1f} KB in all, largest {largest[3] / 1024:.1f} KB "
        f"({largest[0]} {largest[1]})"
    )
    requests = s3_requests(run["log_lines"]["moto"])
    puts = [at for at, method, key, _ in requests if method == "PUT" and key == "pending-uploads"]
    ranged = [
        at
        for at, method, key, status in requests
        if (method, key, status) == ("GET", "pending-uploads", "206")
    ]
    copied = [at for at, method, key, _ in requests if method == "PUT" and key == "private"]
    print(
        f"S3 server log: {len(puts)} part PUTs from the browser; the content check's "
        f"{len(ranged)} ranged GETs (at most {READ_WINDOW_MB} MB each: the whole object read "
        f"back by the worker), {ranged[-1] - ranged[0]:.0f} s from first to last; the copy into "
        f"place answered {copied[-1] - ranged[-1]:.0f} s after the last GET (1 s resolution)"
    )
    keys = sorted(item["Key"] for item in objects)
    print(f"Bucket afterwards: {keys}; multipart uploads left: {len(multipart)}")

    assert percents and percents[-1] == 100 and percents == sorted(percents), percents
    assert len(keys) == 2 and all(key.startswith("private/audio/") for key in keys), keys
    assert size in {item["Size"] for item in objects}
    assert not multipart
    assert body_total < MB, "the app received a large request body"
    assert rss_growth(run) < max(mb / 4, 40), "the worker's memory grew with the file"


if __name__ == "__main__":
    main()
