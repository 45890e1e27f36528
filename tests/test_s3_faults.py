"""S3 faults stay bounded: a real S3-protocol server (moto) that refuses connections, hangs
(SIGSTOP on its process) or has lost its bucket. Wall-clock bounds are asserted loosely here;
`benchmarks/s3_faults.py` measures the exact figures."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import boto3
import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cms.storage import STORAGE_ERRORS
from library.models import AudioFile
from tests.audio_samples import mp3_bytes
from tests.conftest import S3_ACCESS_KEY, S3_REGION, S3_SECRET_KEY, free_port, s3_storages

MOTO_SERVER = Path(sys.executable).with_name("moto_server")
LOOSE_BOUND_SECONDS = 10


class MotoProcess:
    """moto's S3 server in a process of its own, so it can be frozen like a hung S3."""

    def __init__(self):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(self.endpoint, timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.1)
        self.client = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=S3_REGION,
            aws_access_key_id=S3_ACCESS_KEY,
            aws_secret_access_key=S3_SECRET_KEY,
        )

    def new_bucket(self):
        bucket = f"faults-{uuid.uuid4().hex[:12]}"
        self.client.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": S3_REGION}
        )
        return bucket

    @contextmanager
    def hung(self):
        """The process keeps its listening socket (connections are accepted by the kernel) but
        never answers: what a stuck S3 endpoint or a black-holed network looks like."""
        os.kill(self.process.pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(self.process.pid, signal.SIGCONT)

    def stop(self):
        os.kill(self.process.pid, signal.SIGCONT)
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def moto_process():
    server = MotoProcess()
    yield server
    server.stop()


@pytest.fixture
def s3_on_process(moto_process, settings):
    bucket = moto_process.new_bucket()
    settings.STORAGES = s3_storages(bucket, moto_process.endpoint)
    return bucket


@pytest.fixture
def s3_refusing(settings):
    """Nothing listens on the port: S3 stopped."""
    settings.STORAGES = s3_storages("stopped", f"http://127.0.0.1:{free_port()}")


@pytest.fixture
def s3_without_bucket(s3_endpoint, settings):
    settings.STORAGES = s3_storages(f"missing-{uuid.uuid4().hex[:8]}", s3_endpoint)


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


# --- Finding 3: bounded time per call ---------------------------------------------------------


def test_default_client_makes_two_attempts_in_total(settings):
    """`AWS_S3_MAX_ATTEMPTS` counts attempts, not retries (botocore's `max_attempts` in `retries`
    would make 2 mean three attempts)."""
    assert settings.AWS_S3_CONNECT_TIMEOUT == 2
    assert settings.AWS_S3_READ_TIMEOUT == 5
    assert settings.AWS_S3_MAX_ATTEMPTS == 2
    from cms.settings.base import build_storages

    options = build_storages("bucket", "http://127.0.0.1:1")["default"]["OPTIONS"]
    config = options["client_config"]
    assert (config.connect_timeout, config.read_timeout) == (2, 5)
    assert config.retries == {"total_max_attempts": 2, "mode": "standard"}


@pytest.mark.django_db
def test_a_call_to_a_hung_s3_makes_two_attempts_and_gives_up(moto_process, s3_on_process):
    storage = storages["default"]
    client = storage.connection.meta.client
    attempts = []
    client.meta.events.register("before-send.s3.HeadObject", lambda **kw: attempts.append(1))

    with moto_process.hung(), pytest.raises(STORAGE_ERRORS):
        storage.exists("private/anything.mp3")

    assert len(attempts) == 2


@pytest.mark.django_db
def test_a_call_to_a_hung_s3_ends_within_attempts_times_timeouts(moto_process, settings):
    bucket = moto_process.new_bucket()
    settings.STORAGES = s3_storages(
        bucket, moto_process.endpoint, connect_timeout=0.5, read_timeout=1, max_attempts=2
    )
    storage = storages["default"]

    with moto_process.hung():
        started = time.monotonic()
        with pytest.raises(STORAGE_ERRORS):
            storage.exists("private/anything.mp3")
        elapsed = time.monotonic() - started

    # Two reads of 1 s plus under a second of back-off; four attempts would take 4 s or more.
    assert 1.8 < elapsed < 3.9, elapsed


# --- Findings 3 and 5: /healthz ------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_is_ok_with_a_writable_bucket_and_leaves_no_probe(client, s3_bucket, s3_client):
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    assert s3_client.list_objects_v2(Bucket=s3_bucket).get("KeyCount", 0) == 0


@pytest.mark.django_db
def test_healthz_names_a_missing_bucket(client, s3_without_bucket):
    response, elapsed = timed(lambda: client.get("/healthz"))

    assert response.status_code == 503
    assert response.json()["failing"] == ["storage"]
    assert response.json()["checks"]["storage"] == "bucket missing"
    assert elapsed < 3


@pytest.mark.django_db
def test_healthz_answers_within_three_seconds_when_s3_hangs(client, moto_process, s3_on_process):
    with moto_process.hung():
        response, elapsed = timed(lambda: client.get("/healthz"))

    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["storage"]
    assert body["checks"]["storage"] in {"timed out", "unavailable"}
    assert elapsed < 3, f"/healthz took {elapsed:.1f}s"


@pytest.mark.django_db
def test_healthz_answers_within_three_seconds_when_s3_is_stopped(client, s3_refusing):
    response, elapsed = timed(lambda: client.get("/healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "unavailable"
    assert elapsed < 3


# --- Finding 4: uploads during an outage ---------------------------------------------------------


def upload(client):
    return client.post(
        reverse("wagtailsnippets_library_audiofile:add"),
        {
            "title": "Outage upload",
            "language": "en",
            "file": SimpleUploadedFile("calm.mp3", mp3_bytes(seconds=1.0), "audio/mpeg"),
        },
    )


def assert_form_error_and_nothing_saved(response, elapsed):
    assert response.status_code == 200
    assert "Storage is unavailable, nothing was saved; try again in a few minutes." in (
        response.content.decode()
    )
    assert not AudioFile.objects.filter(title="Outage upload").exists()
    assert elapsed < LOOSE_BOUND_SECONDS, f"upload took {elapsed:.1f}s"


@pytest.mark.django_db
def test_upload_while_s3_is_stopped_is_a_form_error(admin_client, s3_refusing):
    response, elapsed = timed(lambda: upload(admin_client))
    assert_form_error_and_nothing_saved(response, elapsed)


@pytest.mark.django_db
def test_upload_while_s3_hangs_is_a_form_error_and_writes_nothing(
    admin_client, moto_process, s3_on_process
):
    with moto_process.hung():
        response, elapsed = timed(lambda: upload(admin_client))
    assert_form_error_and_nothing_saved(response, elapsed)
    time.sleep(0.5)  # anything the frozen server had buffered is handled by now
    listing = moto_process.client.list_objects_v2(Bucket=s3_on_process)
    assert listing.get("KeyCount", 0) == 0


@pytest.mark.django_db
def test_upload_without_a_bucket_is_a_form_error(admin_client, s3_without_bucket):
    response, elapsed = timed(lambda: upload(admin_client))
    assert_form_error_and_nothing_saved(response, elapsed)


@pytest.mark.django_db
def test_upload_failing_while_saving_is_a_form_error(admin_client, moto_process, settings):
    """The quick probe passed but the upload itself fails (the bucket goes between the two)."""
    bucket = moto_process.new_bucket()
    settings.STORAGES = s3_storages(bucket, moto_process.endpoint)
    moto_process.client.put_bucket_policy(
        Bucket=bucket,
        Policy=(
            '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*",'
            f'"Action":"s3:PutObject","Resource":"arn:aws:s3:::{bucket}/*"}}]}}'
        ),
    )
    response, elapsed = timed(lambda: upload(admin_client))
    if response.status_code == 302:
        pytest.skip("moto does not enforce bucket policies: the upload went through")
    assert_form_error_and_nothing_saved(response, elapsed)


# --- Audio during an outage ---------------------------------------------------------------


@pytest.fixture
def stored_audio(db, s3_on_process):
    from library.factories import AudioFileFactory

    return AudioFileFactory(title="Outage audio")


@pytest.mark.django_db
def test_audio_answers_503_with_retry_after_when_s3_hangs(admin_client, moto_process, stored_audio):
    url = stored_audio.get_delivery_url()
    assert admin_client.get(url).status_code == 302

    with moto_process.hung():
        first, first_elapsed = timed(lambda: admin_client.get(url))
        second, second_elapsed = timed(lambda: admin_client.get(url))

    for response in (first, second):
        assert response.status_code == 503
        assert int(response["Retry-After"]) > 0
        assert "no-store" in response["Cache-Control"]
    assert first_elapsed < LOOSE_BOUND_SECONDS
    # The outage is remembered: the next listener is not kept waiting.
    assert second_elapsed < 0.5


@pytest.mark.django_db
def test_audio_answers_503_when_s3_is_stopped(admin_client, stored_audio, settings):
    url = stored_audio.get_delivery_url()
    settings.STORAGES = s3_storages("stopped", f"http://127.0.0.1:{free_port()}")

    response, elapsed = timed(lambda: admin_client.get(url))

    assert response.status_code == 503
    assert response["Retry-After"]
    assert elapsed < LOOSE_BOUND_SECONDS


@pytest.mark.django_db
def test_healthz_failure_makes_audio_answer_503_at_once(
    client, admin_client, moto_process, stored_audio
):
    url = stored_audio.get_delivery_url()
    with moto_process.hung():
        assert client.get("/healthz").status_code == 503
    # S3 is back, but the outage was noted moments ago: no new wait until the window passes
    # or /healthz sees it answer again.
    assert admin_client.get(url).status_code == 503
    assert client.get("/healthz").status_code == 200
    assert admin_client.get(url).status_code == 302
