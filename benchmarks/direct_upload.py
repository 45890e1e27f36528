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
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

# The settings (direct_upload_config.py), the processes (direct_upload_processes.py) and the
# figures (direct_upload_report.py).
from benchmarks.audio_upload import free_port, make_large_mp3  # noqa: E402
from benchmarks.direct_upload_config import (  # noqa: E402
    ACCESS_KEY,
    ACCESS_LOG_FORMAT,
    ADD_PATH,
    BUCKET,
    CHROMIUM_ARGS,
    CHROMIUM_PATH,
    LIST_PATH,
    PASSWORD,
    PYTHON,
    REGION,
    SECRET_KEY,
    SETTINGS_MODULE,
    SETTINGS_SOURCE,
    SIZE_MB,
    TITLE,
    USERNAME,
)
from benchmarks.direct_upload_processes import (  # noqa: E402
    RssSampler,
    gunicorn_worker,
    manage,
    proc_status,
    stop,
    wait_for_port,
)
from benchmarks.direct_upload_report import report  # noqa: E402

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


if __name__ == "__main__":
    main()
