"""Uploads are checked by content through the real admin; metadata is read, never typed."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from library.audio import AudioRejected, inspect_audio
from library.models import AudioFile
from tests.audio_samples import adts_aac_bytes, m4a_bytes, mp3_bytes, opus_bytes, wav_file_bytes

FORMATS = [
    # generator, expected format name, mime type, extension, sample rate
    (mp3_bytes, "MP3", "audio/mpeg", "mp3", 22050),
    (m4a_bytes, "M4A (AAC)", "audio/mp4", "m4a", 48000),
    (adts_aac_bytes, "AAC", "audio/aac", "aac", 48000),
    (opus_bytes, "Ogg Opus", "audio/ogg", "opus", 48000),
    (wav_file_bytes, "WAV", "audio/wav", "wav", 22050),
]


@pytest.mark.parametrize(("make", "name", "mime", "extension", "sample_rate"), FORMATS)
def test_metadata_is_read_from_each_format(make, name, mime, extension, sample_rate):
    data = make(seconds=3.0)
    info = inspect_audio(io.BytesIO(data))

    assert info.format.name == name
    assert info.mime_type == mime
    assert info.extension == extension
    assert info.duration_seconds == pytest.approx(3.0, abs=0.1)
    assert info.size_bytes == len(data)
    assert info.sample_rate == sample_rate
    assert info.channels == 1
    assert info.bitrate > 0


@pytest.mark.parametrize(("make", "name", "mime", "extension", "sample_rate"), FORMATS)
@pytest.mark.parametrize("keep", [0.5, 0.98])
def test_truncated_files_are_refused(make, name, mime, extension, sample_rate, keep):
    data = make(seconds=3.0)
    with pytest.raises(AudioRejected, match=r"incomplete|damaged"):
        inspect_audio(io.BytesIO(data[: int(len(data) * keep)]))


def add_url():
    return reverse("wagtailsnippets_library_audiofile:add")


@pytest.fixture
def private_media(settings, tmp_path):
    """A private media folder of this test's own, so "nothing was written" can be checked."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def stored_files(root):
    return sorted(str(path) for path in Path(root).rglob("*") if path.is_file())


def upload(client, name, data, content_type="audio/mpeg"):
    return client.post(
        add_url(),
        {
            "title": "Finding calm",
            "language": "en",
            "file": SimpleUploadedFile(name, data, content_type=content_type),
        },
    )


@pytest.mark.django_db
def test_editor_uploads_a_real_mp3_and_its_duration_is_filled_in(client, admin_user, private_media):
    client.force_login(admin_user)
    data = mp3_bytes(seconds=4.0)

    response = upload(client, "Finding Calm.MP3", data)

    assert response.status_code == 302
    audio = AudioFile.objects.get(title="Finding calm")
    assert audio.duration_seconds == pytest.approx(4.0, abs=0.1)
    assert audio.size_bytes == len(data)
    assert audio.mime_type == "audio/mpeg"
    assert audio.bitrate == 64000
    assert re.search(r"/finding-calm(_\w+)?\.mp3$", audio.file.name)
    with audio.file.open("rb") as stored:
        assert stored.read() == data
    assert len(stored_files(private_media)) == 1


@pytest.mark.django_db
def test_a_file_named_wrongly_is_stored_under_its_real_extension(client, admin_user):
    client.force_login(admin_user)
    response = upload(client, "interview.mp3", wav_file_bytes(), content_type="audio/mpeg")
    assert response.status_code == 302
    audio = AudioFile.objects.get(title="Finding calm")
    assert audio.extension == "wav"
    assert audio.mime_type == "audio/wav"


BAD_UPLOADS = [
    ("page.mp3", b"<!DOCTYPE html><html><body>Not audio</body></html>", "an HTML page"),
    ("report.mp3", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "a PDF document"),
    ("photo.wav", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "a PNG image"),
    ("empty.mp3", b"", "The file is empty"),
    ("random.m4a", bytes(range(256)) * 8, "not audio in a format we accept"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "message"), BAD_UPLOADS)
def test_bad_uploads_get_a_clear_error_and_leave_nothing_behind(
    client, admin_user, private_media, name, data, message
):
    client.force_login(admin_user)

    response = upload(client, name, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AudioFile.objects.filter(title="Finding calm").exists()
    assert stored_files(private_media) == []


@pytest.mark.django_db
def test_a_truncated_upload_is_refused_through_the_admin(client, admin_user, private_media):
    client.force_login(admin_user)
    data = mp3_bytes(seconds=3.0)

    response = upload(client, "cut.mp3", data[: len(data) - 100])

    assert response.status_code == 200
    assert "incomplete" in response.content.decode()
    assert not AudioFile.objects.filter(title="Finding calm").exists()
    assert stored_files(private_media) == []


@pytest.mark.django_db
def test_an_oversize_upload_names_the_limit(client, admin_user, settings, private_media):
    settings.AUDIO_MAX_UPLOAD_MB = 1
    client.force_login(admin_user)

    response = upload(client, "long.wav", wav_file_bytes(seconds=30.0), content_type="audio/wav")

    html = response.content.decode()
    assert response.status_code == 200
    assert "the largest audio file accepted is 1.0 MB" in html
    assert not AudioFile.objects.filter(title="Finding calm").exists()
    assert stored_files(private_media) == []


@pytest.mark.django_db
def test_upload_to_s3_stores_the_object_in_the_private_location(
    client, admin_user, s3_bucket, s3_client
):
    client.force_login(admin_user)
    data = opus_bytes(seconds=2.0)

    response = upload(client, "voice-note.ogg", data, content_type="audio/ogg")

    assert response.status_code == 302
    audio = AudioFile.objects.get(title="Finding calm")
    stored = s3_client.get_object(Bucket=s3_bucket, Key=f"private/{audio.file.name}")
    assert stored["Body"].read() == data
    assert audio.mime_type == "audio/ogg"


@pytest.mark.django_db
def test_a_refused_upload_writes_nothing_to_s3(client, admin_user, s3_bucket, s3_client):
    client.force_login(admin_user)
    upload(client, "page.mp3", b"<html>nope</html>")
    assert s3_client.list_objects_v2(Bucket=s3_bucket).get("KeyCount", 0) == 0


@pytest.mark.django_db
def test_deleting_an_audio_file_removes_the_recording(
    private_media, django_capture_on_commit_callbacks
):
    from library.factories import AudioFileFactory

    audio = AudioFileFactory()
    assert len(stored_files(private_media)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        audio.delete()
    assert stored_files(private_media) == []


@pytest.mark.django_db
def test_replacing_a_recording_removes_the_old_file(
    client, admin_user, private_media, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    upload(client, "first.mp3", mp3_bytes())
    audio = AudioFile.objects.get(title="Finding calm")
    old_name = audio.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailsnippets_library_audiofile:edit", args=(audio.pk,)),
            {
                "title": "Finding calm",
                "language": "en",
                "file": SimpleUploadedFile("second.wav", wav_file_bytes(), "audio/wav"),
            },
        )

    assert response.status_code == 302
    audio.refresh_from_db()
    assert audio.extension == "wav"
    assert [Path(path).name for path in stored_files(private_media)] == [Path(audio.file.name).name]
    assert old_name != audio.file.name


@pytest.mark.django_db
def test_a_member_of_editors_uploads_and_sees_the_duration_in_the_listing(
    client, role_users, private_media
):
    client.force_login(role_users["Editors"])

    response = upload(client, "calm.mp3", mp3_bytes(seconds=65.0))

    assert response.status_code == 302
    listing = client.get(reverse("wagtailsnippets_library_audiofile:list"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Finding calm" in html
    assert "1:05" in html


@pytest.mark.django_db
def test_a_recording_used_by_a_live_episode_cannot_be_swapped_without_review(
    client, admin_user, episode
):
    client.force_login(admin_user)
    audio = episode.audio
    response = client.post(
        reverse("wagtailsnippets_library_audiofile:edit", args=(audio.pk,)),
        {
            "title": audio.title,
            "language": "en",
            "file": SimpleUploadedFile("other.wav", wav_file_bytes(), "audio/wav"),
        },
    )
    assert response.status_code == 200
    assert "Live episodes use this recording" in response.content.decode()
    audio.refresh_from_db()
    assert audio.extension == "mp3"
