"""Audio straight from the browser to S3 (library/uploads.py, library/upload_views.py), spoken
to over HTTP against the moto server: the endpoints a browser calls, with parts PUT to the
presigned URLs as the browser does (tests/e2e/test_audio_upload.py drives a real browser)."""

import io
import json
import math
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cms.settings.base import content_security_policy, media_origins
from library import uploads
from library.models import AudioFile
from tests.audio_samples import mp3_bytes, wav_file_bytes

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
HTML = b"<!DOCTYPE html><html><body>Not audio</body></html>" * 400


def endpoint(action):
    return reverse(f"library_uploads:{action}")


def call(client, action, **body):
    return client.post(endpoint(action), json.dumps(body), content_type="application/json")


def big_wav(size):
    """A valid WAV of `size` bytes (silence after a real header)."""
    from library.synthesis import wav_bytes

    return wav_bytes(b"\x00" * (size - 44))


def upload_parts(client, data, name="calm.wav"):
    """What the browser does: initiate, PUT each part to its presigned URL, complete."""
    started = call(client, "initiate", name=name, size=len(data)).json()
    numbers = list(range(1, started["part_count"] + 1))
    urls = call(client, "sign", token=started["token"], parts=numbers).json()["urls"]
    size = started["part_size"]
    for number in numbers:
        part = data[(number - 1) * size : number * size]
        assert requests.put(urls[str(number)], data=part, timeout=30).status_code == 200
    return started


def save_form(client, token, title="Finding calm"):
    return client.post(
        reverse("wagtailsnippets_library_audiofile:add"),
        {"title": title, "language": "en", "pending_upload": token},
        HTTP_X_AUDIO_UPLOAD="1",
    )


def keys(s3_client, bucket, prefix=""):
    listing = s3_client.list_objects_v2(Bucket=bucket, Prefix=prefix)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def pending_multipart(s3_client, bucket):
    return s3_client.list_multipart_uploads(Bucket=bucket).get("Uploads", [])


@pytest.fixture
def editor(client, role_users):
    client.force_login(role_users["Editors"])
    return client


def test_the_form_says_the_file_goes_straight_to_s3(editor, s3_bucket):
    html = editor.get(reverse("wagtailsnippets_library_audiofile:add")).content.decode()
    assert 'data-mode="s3"' in html
    assert f'data-url-initiate="{endpoint("initiate")}"' in html


def test_a_multipart_upload_is_checked_moved_into_place_and_saved(editor, s3_bucket, s3_client):
    data = big_wav(20 * MB)  # three parts of 8 MB
    started = upload_parts(editor, data, name="Long Talk.WAV")
    assert started["part_count"] == 3
    (in_progress,) = pending_multipart(s3_client, s3_bucket)
    assert in_progress["Key"].startswith("pending-uploads/")
    assert in_progress["Key"].endswith("/long-talk.wav")

    assert call(editor, "complete", token=started["token"]).json() == {"ok": True}
    response = save_form(editor, started["token"])

    assert response.json()["ok"] is True
    audio = AudioFile.objects.get(title="Finding calm")
    assert audio.size_bytes == len(data)
    assert audio.mime_type == "audio/wav"
    assert audio.file.name.startswith("audio/") and audio.file.name.endswith("/long-talk.wav")
    stored = s3_client.head_object(Bucket=s3_bucket, Key=f"private/{audio.file.name}")
    assert stored["ContentLength"] == len(data)
    assert stored["ContentType"] == "audio/wav"
    assert keys(s3_client, s3_bucket, "pending-uploads/") == []
    assert pending_multipart(s3_client, s3_bucket) == []


def test_validation_reads_ranges_not_the_whole_object(s3_bucket, s3_client):
    s3_client.put_object(Bucket=s3_bucket, Key="pending-uploads/x/a.wav", Body=big_wav(30 * MB))
    reader = uploads.S3ObjectReader(s3_client, s3_bucket, "pending-uploads/x/a.wav")
    info = uploads.inspect_audio(reader)
    assert info.format.name == "WAV"
    assert info.size_bytes == 30 * MB
    # A WAV is checked by its chunk headers: a few windows, not 30 MB.
    assert reader.bytes_fetched <= 2 * uploads.READ_WINDOW


def test_an_mp3_read_from_s3_matches_the_same_file_read_locally(s3_bucket, s3_client):
    data = mp3_bytes(seconds=3.0)
    s3_client.put_object(Bucket=s3_bucket, Key="pending-uploads/x/a.mp3", Body=data)
    reader = uploads.S3ObjectReader(s3_client, s3_bucket, "pending-uploads/x/a.mp3")
    assert uploads.inspect_audio(reader) == uploads.inspect_audio(io.BytesIO(data))


def test_a_renamed_html_file_is_refused_after_upload_and_deleted(editor, s3_bucket, s3_client):
    started = upload_parts(editor, HTML, name="episode.mp3")
    call(editor, "complete", token=started["token"])
    assert len(keys(s3_client, s3_bucket, "pending-uploads/")) == 1

    response = save_form(editor, started["token"])

    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"] == "file"
    assert "This file is an HTML page, not audio." in error["message"]
    assert not AudioFile.objects.filter(title="Finding calm").exists()
    assert keys(s3_client, s3_bucket) == []


def test_the_size_limit_is_checked_before_the_upload_starts(editor, s3_bucket, s3_client, settings):
    settings.AUDIO_MAX_UPLOAD_MB = 10

    response = call(editor, "initiate", name="long.wav", size=11 * MB)

    assert response.status_code == 400
    assert "the largest audio file accepted is 10 MB" in response.json()["error"]
    assert pending_multipart(s3_client, s3_bucket) == []


def test_complete_refuses_missing_parts(editor, s3_bucket, s3_client):
    data = big_wav(12 * MB)
    started = call(editor, "initiate", name="a.wav", size=len(data)).json()
    url = call(editor, "sign", token=started["token"], parts=[1]).json()["urls"]["1"]
    requests.put(url, data=data[: 8 * MB], timeout=30)

    response = call(editor, "complete", token=started["token"])

    assert response.status_code == 400
    assert keys(s3_client, s3_bucket) == []


def test_abort_leaves_nothing_behind(editor, s3_bucket, s3_client):
    data = big_wav(12 * MB)
    started = call(editor, "initiate", name="a.wav", size=len(data)).json()
    url = call(editor, "sign", token=started["token"], parts=[1]).json()["urls"]["1"]
    requests.put(url, data=data[: 8 * MB], timeout=30)
    assert len(pending_multipart(s3_client, s3_bucket)) == 1

    assert call(editor, "abort", token=started["token"]).json() == {"ok": True}

    assert pending_multipart(s3_client, s3_bucket) == []
    assert keys(s3_client, s3_bucket) == []


def test_a_token_is_only_good_for_the_user_it_was_given_to(editor, s3_bucket, role_users):
    started = call(editor, "initiate", name="a.wav", size=9 * MB).json()
    other = Client()
    other.force_login(role_users["Wellbeing reviewers"])

    response = call(other, "sign", token=started["token"], parts=[1])

    assert response.status_code == 400
    assert "The upload was not found" in response.json()["error"]
    forged = call(editor, "sign", token=started["token"] + "x", parts=[1])
    assert forged.status_code == 400


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("Employees", False),
        ("Translators", False),
        ("Editors", True),
        ("Wellbeing reviewers", True),
        ("Administrators", True),
    ],
)
@pytest.mark.parametrize("action", ["initiate", "sign", "complete", "abort"])
def test_who_may_upload(client, role_users, s3_bucket, s3_client, role, allowed, action):
    client.force_login(role_users[role])
    token = ""
    if action != "initiate":
        owner = Client()
        owner.force_login(role_users[role]) if allowed else owner.force_login(role_users["Editors"])
        token = call(owner, "initiate", name="a.wav", size=9 * MB).json()["token"]

    response = call(client, action, name="a.wav", size=9 * MB, token=token, parts=[1])

    if allowed:
        assert response.status_code in (200, 400)  # complete with no parts is refused
        if action == "initiate":
            assert "token" in response.json()
    else:
        assert response.status_code in (302, 403)
        if action == "initiate":
            assert pending_multipart(s3_client, s3_bucket) == []


def test_the_endpoints_need_the_csrf_token(role_users, s3_bucket, s3_client):
    client = Client(enforce_csrf_checks=True)
    client.force_login(role_users["Editors"])

    response = call(client, "initiate", name="a.wav", size=9 * MB)

    assert response.status_code == 403
    assert pending_multipart(s3_client, s3_bucket) == []


def test_the_endpoints_are_post_only(editor, s3_bucket):
    assert editor.get(endpoint("initiate")).status_code == 405


def test_without_s3_the_endpoints_are_not_there(editor):
    response = editor.post(endpoint("initiate"), "{}", content_type="application/json", follow=True)
    assert response.status_code == 404
    html = editor.get(reverse("wagtailsnippets_library_audiofile:add")).content.decode()
    assert 'data-mode="form"' in html


def test_a_pending_upload_cannot_replace_a_recording_live_episodes_use(
    client, admin_user, episode, s3_bucket, s3_client
):
    client.force_login(admin_user)
    started = upload_parts(client, wav_file_bytes(), name="other.wav")
    call(client, "complete", token=started["token"])

    response = client.post(
        reverse("wagtailsnippets_library_audiofile:edit", args=(episode.audio.pk,)),
        {"title": "x", "language": "en", "pending_upload": started["token"]},
        HTTP_X_AUDIO_UPLOAD="1",
    )

    assert "Live episodes use this recording" in response.json()["errors"][0]["message"]
    assert keys(s3_client, s3_bucket, "pending-uploads/") == []


def test_cleanup_removes_what_is_older_than_a_day(editor, s3_bucket, s3_client, settings):
    old = upload_parts(editor, wav_file_bytes(), name="old.wav")
    call(editor, "complete", token=old["token"])
    call(editor, "initiate", name="abandoned.wav", size=9 * MB)
    call(editor, "initiate", name="abandoned-too.wav", size=9 * MB)

    # Nothing is a day old yet: nothing goes.
    output = io.StringIO()
    call_command("purge_pending_uploads", stdout=output)
    assert "Deleted 0 pending object(s); aborted 0 multipart upload(s)." in output.getvalue()
    assert len(keys(s3_client, s3_bucket, "pending-uploads/")) == 1
    assert len(pending_multipart(s3_client, s3_bucket)) == 2

    # Ages are S3's own timestamps compared with now: an age limit of zero is "a day later".
    deleted, aborted = uploads.purge_pending_uploads(
        storages["default"], older_than=timedelta(seconds=0)
    )
    assert (deleted, aborted) == (1, 2)
    assert keys(s3_client, s3_bucket, "pending-uploads/") == []
    assert pending_multipart(s3_client, s3_bucket) == []


def test_the_admin_policy_lets_the_browser_reach_the_bucket():
    origins = media_origins("media", None, "eu-north-1", None)
    admin = content_security_policy(admin=True, media=origins)["DIRECTIVES"]
    site = content_security_policy(media=origins)["DIRECTIVES"]

    assert "https://media.s3.eu-north-1.amazonaws.com" in admin["connect-src"]
    assert site["connect-src"] == ["'self'"]  # the public site uploads nothing
    local = content_security_policy(admin=True, media=media_origins("", None, None, None))
    assert local["DIRECTIVES"]["connect-src"] == ["'self'"]


def test_part_size_keeps_under_s3s_part_limit():
    assert uploads.part_size_for(500 * MB) == 8 * MB
    assert math.ceil(200 * 1024 * MB / uploads.part_size_for(200 * 1024 * MB)) <= 10_000


def readme_block(marker):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    after = readme.split(f"<!-- {marker} -->", 1)[1]
    return json.loads(after.split("```json", 1)[1].split("```", 1)[0])


def test_the_readmes_cors_and_lifecycle_rules_are_accepted_by_the_bucket(s3_bucket, s3_client):
    cors = readme_block("bucket-cors")
    lifecycle = readme_block("bucket-lifecycle")

    s3_client.put_bucket_cors(Bucket=s3_bucket, CORSConfiguration={"CORSRules": cors})
    s3_client.put_bucket_lifecycle_configuration(Bucket=s3_bucket, LifecycleConfiguration=lifecycle)

    rule = s3_client.get_bucket_lifecycle_configuration(Bucket=s3_bucket)["Rules"][0]
    assert rule["Filter"]["Prefix"] == uploads.PENDING_PREFIX
    assert rule["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"] == 1
    assert s3_client.get_bucket_cors(Bucket=s3_bucket)["CORSRules"][0]["AllowedMethods"] == ["PUT"]
