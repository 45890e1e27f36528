"""Audio uploads in Chromium: progress, cancel, the size limit before any byte is sent, and
(with S3) straight from the browser to the bucket. The S3 tests point the live server's storage
at the moto server from tests/conftest.py, which answers CORS for any origin."""

import wave
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cms.core.factories import UserFactory
from cms.workflows import roles
from library.models import AudioFile
from tests.e2e.waiting import wait_until

# Transactional: the live server's thread must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"
MB = 1024 * 1024


def write_wav(path, size_bytes):
    """A valid WAV of about `size_bytes` (silence, 22.05 kHz mono): written in a moment."""
    frames = size_bytes // 2
    with wave.open(str(path), "wb") as output:
        output.setnchannels(1)
        output.setsampwidth(2)
        output.setframerate(22050)
        chunk = b"\x00\x00" * 1024 * 1024
        while frames > 0:
            count = min(frames, 1024 * 1024)
            output.writeframes(chunk[: count * 2])
            frames -= count
    return path


@pytest.fixture
def editor_page(live_server, page):
    UserFactory(
        username="e2e-uploader", password=PASSWORD, groups=[Group.objects.get(name=roles.EDITORS)]
    )
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("e2e-uploader")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(live_server.url + "/admin/")
    return page


def watch_progress(page):
    """Record every percent the upload script reports, in the page."""
    page.evaluate(
        """() => {
            window.uploadPercents = [];
            document.addEventListener("audio-upload:progress",
                (event) => window.uploadPercents.push(event.detail.percent));
        }"""
    )


def open_add_form(page, live_server, title):
    page.goto(live_server.url + "/admin/snippets/library/audiofile/add/")
    page.locator("#id_title").fill(title)


def console_errors(page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return errors


def test_local_upload_shows_progress_and_lands_on_the_listing(live_server, editor_page, tmp_path):
    page = editor_page
    errors = console_errors(page)
    audio = write_wav(tmp_path / "Long Talk.wav", 40 * MB)
    open_add_form(page, live_server, "A long talk")
    watch_progress(page)

    page.locator("#id_file").set_input_files(str(audio))
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(live_server.url + "/admin/snippets/library/audiofile/")
    expect(page.get_by_text("A long talk").first).to_be_visible()
    stored = AudioFile.objects.get(title="A long talk")
    assert stored.size_bytes == Path(audio).stat().st_size
    assert stored.extension == "wav"
    assert errors == []


def test_local_upload_reports_rising_percent(live_server, editor_page, tmp_path):
    """Throttled to 8 MB/s so the progress events are many and the page stays to be read."""
    page = editor_page
    audio = write_wav(tmp_path / "talk.wav", 24 * MB)
    open_add_form(page, live_server, "A throttled talk")
    watch_progress(page)
    throttle(page, bytes_per_second=8 * MB)

    page.locator("#id_file").set_input_files(str(audio))
    page.get_by_role("button", name="Save").click()
    status = page.locator("[data-audio-upload-message]")
    expect(status).to_contain_text("uploaded, about")
    wait_until(page, "window.uploadPercents.some((percent) => percent >= 50)")
    percents = page.evaluate("window.uploadPercents")
    expect(page).to_have_url(live_server.url + "/admin/snippets/library/audiofile/", timeout=30_000)
    assert AudioFile.objects.filter(title="A throttled talk").exists()
    assert len(set(percents)) >= 3
    assert percents == sorted(percents)


def throttle(page, bytes_per_second):
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 0,
            "downloadThroughput": -1,
            "uploadThroughput": bytes_per_second,
        },
    )
    return session


def test_local_upload_can_be_cancelled(live_server, editor_page, tmp_path):
    page = editor_page
    audio = write_wav(tmp_path / "talk.wav", 24 * MB)
    open_add_form(page, live_server, "A cancelled talk")
    watch_progress(page)
    throttle(page, bytes_per_second=2 * MB)

    page.locator("#id_file").set_input_files(str(audio))
    page.get_by_role("button", name="Save").click()
    wait_until(page, "window.uploadPercents.length > 0")
    page.get_by_role("button", name="Cancel upload").click()

    expect(page.get_by_text("Upload cancelled. Nothing was saved.")).to_be_visible()
    page.wait_for_timeout(500)
    assert not AudioFile.objects.filter(title="A cancelled talk").exists()
    # The form is usable again: its Save button is not left spinning.
    expect(page.get_by_role("button", name="Save")).to_be_enabled()


def test_the_size_limit_is_checked_before_any_byte_is_sent(
    live_server, editor_page, tmp_path, settings
):
    settings.AUDIO_MAX_UPLOAD_MB = 2
    page = editor_page
    audio = write_wav(tmp_path / "big.wav", 3 * MB)
    open_add_form(page, live_server, "Too big")
    posts = []
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))

    page.locator("#id_file").set_input_files(str(audio))
    message = "The file is 3.0 MB; the largest audio file accepted is 2.0 MB."
    expect(page.get_by_text(message)).to_be_visible()  # said as soon as it is chosen
    page.get_by_role("button", name="Save").click()
    page.wait_for_timeout(500)

    expect(page.get_by_text(message)).to_be_visible()
    assert posts == []
    assert not AudioFile.objects.filter(title="Too big").exists()


# --- Straight to S3 ----------------------------------------------------------------------


@pytest.fixture
def s3_live(settings, s3_bucket, s3_endpoint, s3_client):
    """The live server's storage on the moto server, and the admin's policy letting the
    browser reach it (as settings do from AWS_S3_ENDPOINT_URL)."""
    from cms.settings.base import content_security_policy

    settings.ADMIN_CONTENT_SECURITY_POLICY = content_security_policy(
        admin=True, media=[s3_endpoint]
    )
    return s3_bucket


def bucket_state(s3_client, bucket):
    objects = s3_client.list_objects_v2(Bucket=bucket).get("Contents", [])
    uploads = s3_client.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
    return sorted(item["Key"] for item in objects), [upload["Key"] for upload in uploads]


def csp_violations(page):
    page.evaluate(
        """() => {
            window.cspViolations = [];
            document.addEventListener("securitypolicyviolation",
                (event) => window.cspViolations.push(event.violatedDirective));
        }"""
    )


def test_a_60_mb_upload_goes_straight_to_the_bucket_with_progress(
    live_server, editor_page, tmp_path, s3_live, s3_client, s3_endpoint
):
    page = editor_page
    errors = console_errors(page)
    audio = write_wav(tmp_path / "Sixty Minutes.wav", 60 * MB)
    open_add_form(page, live_server, "Sixty minutes")
    watch_progress(page)
    csp_violations(page)
    sent = {"app": 0, "parts": 0}

    def count(request):
        if request.url.startswith(s3_endpoint):
            sent["parts"] += request.method == "PUT"
        else:  # (the browser hands Playwright no body for a file part; these have none)
            sent["app"] += len(request.post_data_buffer or b"")

    page.on("request", count)

    page.locator("#id_file").set_input_files(str(audio))
    page.get_by_role("button", name="Save").click()
    wait_until(page, "window.uploadPercents.some((percent) => percent >= 50)", timeout=60_000)
    percents = page.evaluate("window.uploadPercents")
    violations = page.evaluate("window.cspViolations")
    expect(page).to_have_url(live_server.url + "/admin/snippets/library/audiofile/", timeout=60_000)

    assert violations == []
    # Read when half is sent (the page leaves once saved): several rising steps by then; on a
    # loaded machine three parts may finish together, so at least three distinct values.
    assert len(set(percents)) >= 3 and percents == sorted(percents)
    stored = AudioFile.objects.get(title="Sixty minutes")
    size = audio.stat().st_size
    assert stored.size_bytes == size
    assert stored.file.name.endswith("/sixty-minutes.wav")
    keys, multipart = bucket_state(s3_client, s3_live)
    assert keys == [f"private/{stored.file.name}"]
    assert multipart == []
    # The recording went to the bucket in 8 MB parts; the app server saw only small requests.
    assert sent["parts"] == 8
    assert sent["app"] < 100_000
    assert errors == []


def test_a_cancelled_upload_leaves_nothing_in_the_bucket(
    live_server, editor_page, tmp_path, s3_live, s3_client
):
    page = editor_page
    audio = write_wav(tmp_path / "talk.wav", 40 * MB)
    open_add_form(page, live_server, "Cancelled talk")
    watch_progress(page)
    throttle(page, bytes_per_second=4 * MB)

    page.locator("#id_file").set_input_files(str(audio))
    page.get_by_role("button", name="Save").click()
    wait_until(page, "window.uploadPercents.some((percent) => percent > 0)", timeout=20_000)
    assert bucket_state(s3_client, s3_live)[1] != []  # a multipart upload is under way
    page.get_by_role("button", name="Cancel upload").click()

    expect(page.get_by_text("Upload cancelled. Nothing was saved.")).to_be_visible()
    assert bucket_state(s3_client, s3_live) == ([], [])
    assert not AudioFile.objects.filter(title="Cancelled talk").exists()


def test_a_renamed_html_file_is_refused_after_upload_and_deleted(
    live_server, editor_page, tmp_path, s3_live, s3_client
):
    page = editor_page
    fake = tmp_path / "episode-12.mp3"
    fake.write_bytes(b"<!DOCTYPE html><html><body>" + b"<p>Not audio</p>" * 700_000)
    open_add_form(page, live_server, "Renamed page")
    watch_progress(page)

    page.locator("#id_file").set_input_files(str(fake))
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("This file is an HTML page, not audio.")).to_be_visible(timeout=30_000)
    assert page.evaluate("window.uploadPercents.length") > 0  # it was uploaded, then checked
    assert bucket_state(s3_client, s3_live) == ([], [])
    assert not AudioFile.objects.filter(title="Renamed page").exists()
    expect(page.get_by_role("button", name="Save")).to_be_enabled()
