"""The stable audio URL: who may hear what, Range requests locally, presigned redirects on S3."""

import urllib.request
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from library.factories import AudioFileFactory, EpisodePageFactory
from library.models import PodcastFeedToken
from tests.conftest import free_port, s3_storages
from tests.library.conftest import publish


@pytest.fixture
def audio(episode):
    return episode.audio


def audio_bytes(audio):
    with audio.file.open("rb") as handle:
        return handle.read()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_log_in(client, audio):
    response = client.get(audio.get_delivery_url())
    assert response.status_code == 302
    assert "/login/?next=/audio/" in response["Location"]


@pytest.mark.django_db
def test_employee_gets_the_whole_file_with_range_support(client, employee, audio):
    client.force_login(employee)
    response = client.get(audio.get_delivery_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "audio/mpeg"
    assert response["Accept-Ranges"] == "bytes"
    assert int(response["Content-Length"]) == audio.size_bytes
    assert b"".join(response.streaming_content) == audio_bytes(audio)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=0-99", 0, 99), ("bytes=100-", 100, None), ("bytes=-50", None, None)],
)
def test_range_requests_get_206_with_the_right_bytes(client, employee, audio, header, first, last):
    client.force_login(employee)
    data = audio_bytes(audio)
    size = len(data)
    if header == "bytes=-50":
        first, last = size - 50, size - 1
    last = size - 1 if last is None else last

    response = client.get(audio.get_delivery_url(), HTTP_RANGE=header)

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{size}"
    assert int(response["Content-Length"]) == last - first + 1
    assert b"".join(response.streaming_content) == data[first : last + 1]


@pytest.mark.django_db
def test_an_unsatisfiable_range_gets_416(client, employee, audio):
    client.force_login(employee)
    response = client.get(audio.get_delivery_url(), HTTP_RANGE=f"bytes={audio.size_bytes + 10}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{audio.size_bytes}"


@pytest.mark.django_db
def test_head_gives_the_headers_without_a_body(client, employee, audio):
    client.force_login(employee)
    response = client.head(audio.get_delivery_url(), HTTP_RANGE="bytes=0-9")
    assert response.status_code == 206
    assert response["Content-Length"] == "10"
    assert response.content == b""


@pytest.mark.django_db
def test_a_wrong_extension_is_not_found_and_a_wrong_slug_redirects(client, employee, audio):
    client.force_login(employee)
    assert client.get(f"/audio/{audio.pk}/{audio.slug}.wav").status_code == 404
    response = client.get(f"/audio/{audio.pk}/old-title.mp3")
    assert response.status_code == 302
    assert response["Location"] == audio.get_delivery_url()


@pytest.mark.django_db
def test_missing_file_is_404_not_500(client, employee, audio):
    client.force_login(employee)
    audio.file.storage.delete(audio.file.name)
    assert client.get(audio.get_delivery_url()).status_code == 404


@pytest.mark.django_db
def test_audio_used_only_by_a_draft_is_for_editors_only(client, employee, admin_user, show):
    draft_audio = AudioFileFactory(title="Unreleased")
    EpisodePageFactory(parent=show, title="Coming soon", audio=draft_audio, live=False)

    client.force_login(employee)
    assert client.get(draft_audio.get_delivery_url()).status_code == 404
    client.force_login(admin_user)
    assert client.get(draft_audio.get_delivery_url()).status_code == 200


@pytest.mark.django_db
def test_audio_under_a_group_restriction_is_for_that_group(client, employee, episode):
    restriction = PageViewRestriction.objects.create(
        page=episode, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Editors"))
    client.force_login(employee)
    assert client.get(episode.audio.get_delivery_url()).status_code == 404

    employee.groups.add(Group.objects.get(name="Editors"))
    assert client.get(episode.audio.get_delivery_url()).status_code == 200


@pytest.mark.django_db
def test_feed_token_opens_audio_until_it_is_reset(client, employee, audio):
    key = PodcastFeedToken.issue(employee)
    url = audio.get_delivery_url(key)
    assert client.get(url).status_code == 200

    new_key = PodcastFeedToken.issue(employee)
    assert client.get(url).status_code == 404
    assert client.get(audio.get_delivery_url("w" * 43)).status_code == 404
    assert client.get(audio.get_delivery_url(new_key)).status_code == 200


@pytest.mark.django_db
def test_s3_audio_redirects_to_a_short_lived_presigned_url(
    client, employee, s3_bucket, settings, show
):
    episode = publish(EpisodePageFactory(parent=show, title="Stored in S3"))
    audio = episode.audio
    settings.AUDIO_URL_EXPIRY_SECONDS = 120
    client.force_login(employee)

    response = client.get(audio.get_delivery_url())

    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    location = response["Location"]
    query = parse_qs(urlparse(location).query)
    assert query["X-Amz-Expires"] == ["120"]
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["response-content-type"] == ["audio/mpeg"]
    # The presigned URL answers a Range request as a browser seeking would send it.
    request = urllib.request.Request(location, headers={"Range": "bytes=0-99"})
    with urllib.request.urlopen(request, timeout=5) as s3_response:
        assert s3_response.status == 206
        assert s3_response.headers["Content-Range"].startswith("bytes 0-99/")
        assert s3_response.read() == audio_bytes(audio)[:100]


@pytest.mark.django_db
def test_pages_never_embed_signed_urls(client, employee, s3_bucket, show):
    episode = publish(EpisodePageFactory(parent=show, title="Signed nowhere"))
    client.force_login(employee)
    html = client.get(episode.url).content.decode()
    assert episode.audio.get_delivery_url() in html
    assert "X-Amz-Signature" not in html


@pytest.mark.django_db
def test_s3_object_gone_is_404(client, employee, s3_bucket, s3_client, show):
    episode = publish(EpisodePageFactory(parent=show, title="Deleted behind our back"))
    s3_client.delete_object(Bucket=s3_bucket, Key=f"private/{episode.audio.file.name}")
    client.force_login(employee)
    assert client.get(episode.audio.get_delivery_url()).status_code == 404


@pytest.mark.django_db
def test_s3_outage_gives_a_clear_503(client, employee, settings, s3_bucket, show):
    episode = publish(EpisodePageFactory(parent=show, title="During an outage"))
    settings.STORAGES = s3_storages(s3_bucket, f"http://127.0.0.1:{free_port()}")
    client.force_login(employee)

    response = client.get(episode.audio.get_delivery_url())

    assert response.status_code == 503
    assert "try again" in response.content.decode()
    assert response["Retry-After"] == "60"
