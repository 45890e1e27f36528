"""The audio form's upload script and the view's JSON answers to it (the browser side is in
tests/e2e/test_audio_upload.py). Without the script's header, the form posts as before
(tests/library/test_audio_upload.py)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from library.models import AudioFile
from tests.audio_samples import mp3_bytes, wav_file_bytes

pytestmark = pytest.mark.django_db

SCRIPT_HEADERS = {"HTTP_X_AUDIO_UPLOAD": "1"}


def add_url():
    return reverse("wagtailsnippets_library_audiofile:add")


def post(client, url, name, data, **extra):
    return client.post(
        url,
        {
            "title": "Finding calm",
            "language": "en",
            "file": SimpleUploadedFile(name, data, content_type="audio/mpeg"),
        },
        **extra,
    )


def test_the_form_carries_the_upload_script_and_the_size_limit(client, admin_user, settings):
    settings.AUDIO_MAX_UPLOAD_MB = 300
    client.force_login(admin_user)

    html = client.get(add_url()).content.decode()

    assert "library/audio_upload.js" in html
    assert 'data-audio-upload data-max-bytes="314572800" data-mode="form"' in html
    # The browser's message is the server's, in the editor's language.
    assert "the largest audio file accepted is 300 MB" in html
    assert 'type="file" name="file"' in html


def test_the_script_gets_where_to_go_and_the_message_waits_for_that_page(client, admin_user):
    client.force_login(admin_user)

    response = post(client, add_url(), "calm.mp3", mp3_bytes(), **SCRIPT_HEADERS)

    assert response.status_code == 200
    answer = json.loads(response.content)
    assert answer == {"ok": True, "redirect": reverse("wagtailsnippets_library_audiofile:list")}
    assert AudioFile.objects.filter(title="Finding calm").exists()
    listing = client.get(answer["redirect"]).content.decode()
    assert "Finding calm" in listing
    assert "created" in listing  # Wagtail's success message, shown on the next page


def test_the_script_gets_the_forms_errors(client, admin_user):
    client.force_login(admin_user)

    response = post(
        client, add_url(), "page.mp3", b"<!DOCTYPE html><html>hi</html>", **SCRIPT_HEADERS
    )

    assert response.status_code == 400
    errors = json.loads(response.content)["errors"]
    assert [error["field"] for error in errors] == ["file"]
    assert errors[0]["label"] == "File"
    assert "This file is an HTML page, not audio." in errors[0]["message"]
    assert not AudioFile.objects.filter(title="Finding calm").exists()


def test_the_size_limit_still_holds_on_the_server(client, admin_user, settings):
    settings.AUDIO_MAX_UPLOAD_MB = 1
    client.force_login(admin_user)

    response = post(client, add_url(), "long.wav", wav_file_bytes(seconds=30.0), **SCRIPT_HEADERS)

    assert response.status_code == 400
    message = json.loads(response.content)["errors"][0]["message"]
    assert "the largest audio file accepted is 1.0 MB" in message


def test_an_edit_answers_the_script_too(client, admin_user):
    client.force_login(admin_user)
    post(client, add_url(), "first.mp3", mp3_bytes())
    audio = AudioFile.objects.get(title="Finding calm")

    response = post(
        client,
        reverse("wagtailsnippets_library_audiofile:edit", args=(audio.pk,)),
        "second.wav",
        wav_file_bytes(),
        **SCRIPT_HEADERS,
    )

    assert json.loads(response.content)["ok"] is True
    audio.refresh_from_db()
    assert audio.extension == "wav"
