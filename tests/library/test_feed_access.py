"""Who may read a feed, and the URLs in it as a podcast app follows them (no session)."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from cms.core.factories import UserFactory
from library.factories import EpisodePageFactory, TranscriptFactory
from library.models import PodcastFeedToken
from tests.library import feed_support
from tests.library.feed_support import (
    NS,
    feed_path,
    fetch,
    items_by_title,
    local_url,
    one,
    parse,
    token_for,
)

pytestmark = pytest.mark.django_db
# The shared fixtures (tests/library/feed_support.py), found here by pytest.
anonymous, artwork, feed, podcast = (
    feed_support.anonymous,
    feed_support.artwork,
    feed_support.feed,
    feed_support.podcast,
)


def with_wrong_token(path):
    return re.sub(r"^/feeds/[^/]+/", "/feeds/" + "w" * 43 + "/", path)


def streamed(response):
    return b"".join(response.streaming_content)


# --- Who may read the feed ----------------------------------------------------------------


def test_no_token_and_not_logged_in_is_not_found_not_a_login_page(anonymous, podcast):
    response = fetch(anonymous, podcast["show"])
    assert response.status_code == 404
    assert "Location" not in response


def test_an_empty_token_is_not_found(anonymous, podcast):
    assert anonymous.get(feed_path(podcast["show"]) + "?token=").status_code == 404


def test_a_wrong_token_is_not_found(anonymous, podcast, employee):
    token_for(employee)
    assert fetch(anonymous, podcast["show"], "not-the-token").status_code == 404


def test_a_revoked_token_is_not_found_and_the_new_one_works(anonymous, podcast, employee):
    old = token_for(employee)
    assert fetch(anonymous, podcast["show"], old).status_code == 200

    PodcastFeedToken.issue(employee)
    new = token_for(employee)

    assert new != old
    assert fetch(anonymous, podcast["show"], old).status_code == 404
    rss = parse(fetch(anonymous, podcast["show"], new))
    enclosure = one(items_by_title(rss)["Rest is not a reward"], "enclosure")
    assert urlsplit(enclosure.get("url")).path.startswith(f"/feeds/{new}/audio/")


def test_a_deactivated_employees_token_is_not_found(anonymous, podcast, employee):
    token = token_for(employee)
    employee.is_active = False
    employee.save()
    assert fetch(anonymous, podcast["show"], token).status_code == 404


def test_a_logged_in_employee_reads_the_feed_without_a_token(client, podcast, employee):
    client.force_login(employee)

    rss = parse(fetch(client, podcast["show"]))

    # The full token is never known again after it was shown: the URLs inside are the
    # session's own (they work in this browser, not in a podcast app).
    enclosure = one(items_by_title(rss)["Rest is not a reward"], "enclosure")
    url = urlsplit(enclosure.get("url"))
    assert url.path.startswith("/audio/")
    assert url.query == ""


def test_an_unknown_or_unpublished_show_is_not_found(anonymous, podcast, employee):
    token = token_for(employee)
    assert anonymous.get(f"/feeds/{token}/shows/999999.rss").status_code == 404
    podcast["show"].unpublish()
    assert fetch(anonymous, podcast["show"], token).status_code == 404


def test_an_unpublished_episode_is_not_in_the_feed(anonymous, podcast, employee):
    draft = EpisodePageFactory(parent=podcast["show"], title="Still being edited", live=False)
    draft.save_revision()
    podcast["first"].unpublish()

    rss = parse(fetch(anonymous, podcast["show"], token_for(employee)))

    assert set(items_by_title(rss)) == {"Asking for help"}


def restrict_to_group(page, group_name):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=group_name))
    return restriction


def test_an_episode_restricted_to_another_group_is_left_out(anonymous, podcast, employee):
    restrict_to_group(podcast["first"], "Editors")
    editor = UserFactory(username="feed-editor", groups=[Group.objects.get(name="Editors")])

    employees_feed = parse(fetch(anonymous, podcast["show"], token_for(employee)))
    editors_feed = parse(fetch(anonymous, podcast["show"], token_for(editor)))

    assert set(items_by_title(employees_feed)) == {"Asking for help"}
    assert set(items_by_title(editors_feed)) == {"Asking for help", "Rest is not a reward"}


def test_a_show_restricted_to_another_group_is_not_found(anonymous, podcast, employee):
    restrict_to_group(podcast["show"], "Editors")
    assert fetch(anonymous, podcast["show"], token_for(employee)).status_code == 404


# --- Following the URLs in the feed, as a podcast app does (no session) --------------------


def test_the_enclosure_url_delivers_the_audio_with_the_token(anonymous, feed, podcast):
    audio = podcast["first"].audio
    url = local_url(one(items_by_title(feed)["Rest is not a reward"], "enclosure").get("url"))
    with audio.file.open("rb") as stored:
        expected = stored.read()

    response = anonymous.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/mpeg"
    assert streamed(response) == expected

    ranged = anonymous.get(url, HTTP_RANGE="bytes=100-199")
    assert ranged.status_code == 206
    assert ranged["Content-Range"] == f"bytes 100-199/{len(expected)}"
    assert streamed(ranged) == expected[100:200]


def test_the_enclosure_url_with_a_revoked_token_is_not_found(anonymous, feed, podcast, employee):
    url = local_url(one(items_by_title(feed)["Rest is not a reward"], "enclosure").get("url"))
    PodcastFeedToken.issue(employee)

    assert anonymous.get(url).status_code == 404


def test_the_token_does_not_open_audio_of_a_restricted_episode(anonymous, feed, podcast):
    url = local_url(one(items_by_title(feed)["Rest is not a reward"], "enclosure").get("url"))
    restrict_to_group(podcast["first"], "Editors")

    assert anonymous.get(url).status_code == 404


def test_transcript_urls_return_webvtt_and_plain_text(anonymous, feed):
    item = items_by_title(feed)["Rest is not a reward"]
    urls = {e.get("type"): e.get("url") for e in item.findall("podcast:transcript", NS)}

    vtt = anonymous.get(local_url(urls["text/vtt"]))
    assert vtt.status_code == 200
    assert vtt["Content-Type"] == "text/vtt; charset=utf-8"
    body = vtt.content.decode()
    assert body.startswith("WEBVTT")
    assert re.search(r"00:00:00\.000 --> 00:00:01\.500", body)
    assert "Welcome back." in body

    text = anonymous.get(local_url(urls["text/plain"]))
    assert text.status_code == 200
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert "Welcome back." in text.content.decode()
    assert "-->" not in text.content.decode()

    typed = items_by_title(feed)["Asking for help"]
    [typed_url] = [e.get("url") for e in typed.findall("podcast:transcript", NS)]
    assert anonymous.get(local_url(typed_url)).content.decode() == (
        "Asking is a strength.\nSo is listening.\n"
    )


def test_transcript_urls_with_a_wrong_or_revoked_token_are_not_found(anonymous, feed, employee):
    item = items_by_title(feed)["Rest is not a reward"]
    url = local_url(one(item, "podcast:transcript[@type='text/vtt']").get("url"))
    path = urlsplit(url).path

    assert anonymous.get(with_wrong_token(path)).status_code == 404
    PodcastFeedToken.issue(employee)
    assert anonymous.get(url).status_code == 404


def test_the_token_does_not_open_transcripts_of_hidden_episodes(anonymous, podcast, employee):
    """A feed token reads the transcripts of episodes its owner may hear, nothing else."""
    token = token_for(employee)
    restricted = podcast["first"].transcript
    restrict_to_group(podcast["first"], "Editors")
    unpublished = podcast["second"].transcript
    podcast["second"].unpublish()
    unused = TranscriptFactory(title="Not used by any page")

    for transcript in (restricted, unpublished, unused):
        assert anonymous.get(transcript.get_url("txt", token)).status_code == 404
