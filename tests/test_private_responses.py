"""Per-user and signed responses carry `Cache-Control: private, no-store`: search results and
suggestions, the document download and its redirect to a signed S3 link, feeds, transcripts and
audio redirects (finding 9 of the hardening issue)."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from library.models import EpisodePage, PodcastFeedToken
from tests.trees import build_listener_pages


@pytest.fixture
def listener_pages(site_tree):
    """An English library with a show, an episode with a transcript, a "sleep" topic, and a
    "burnout" topic on the episode too."""
    from cms.core.factories import TopicFactory
    from tests.trees import published

    pages = build_listener_pages(site_tree["en"])
    pages.episode.topics.add(TopicFactory(name="Burnout", slug="burnout"))
    published(pages.episode)
    return pages


def no_store(response):
    parts = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= parts


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/en/search/?q=sleep", "/en/search/?topic=burnout", "/en/search/suggest/?q=sle"]
)
def test_search_results_are_private_no_store(employee_client, listener_pages, url):
    response = employee_client.get(url)
    assert response.status_code == 200
    if "topic=" in url:
        assert response.context["browsing"].slug == "burnout"
    assert no_store(response)


@pytest.mark.django_db
def test_document_redirect_to_a_signed_s3_link_is_private_no_store(employee_client, s3_bucket):
    document = get_document_model().objects.create(
        title="Toolkit", file=ContentFile(b"%PDF-1.4 toolkit", name="toolkit.pdf")
    )

    response = employee_client.get(document.url)

    assert response.status_code == 302
    assert "X-Amz-Signature=" in response["Location"]
    assert no_store(response)


@pytest.mark.django_db
def test_document_download_from_local_files_is_private_no_store(employee_client):
    document = get_document_model().objects.create(
        title="Poster", file=ContentFile(b"%PDF-1.4 poster", name="poster.pdf")
    )
    response = employee_client.get(document.url)
    assert response.status_code == 200
    assert no_store(response)


@pytest.mark.django_db
def test_audio_redirect_to_a_signed_s3_link_is_private_no_store(client, role_users, s3_bucket):
    from library.factories import AudioFileFactory

    audio = AudioFileFactory(title="Signed")
    client.force_login(role_users["Editors"])  # editors hear any recording

    response = client.get(audio.get_delivery_url())

    assert response.status_code == 302
    assert "X-Amz-Signature=" in response["Location"]
    assert no_store(response)


@pytest.mark.django_db
def test_feed_and_transcripts_are_private_no_store(client, employee, listener_pages):
    episode = EpisodePage.objects.live().filter(transcript__live=True).get()
    key = PodcastFeedToken.issue(employee)
    show = episode.get_parent().specific
    for url in (show.get_feed_path(key), episode.display_transcript.get_url("txt", key)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), url
