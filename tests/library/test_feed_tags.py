"""The feed's tags: channel and item rules for Apple Podcasts and Podcasting 2.0, feedparser."""

import io
import re
import uuid
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import feedparser
import pytest
from django.core.files.base import ContentFile
from lxml import etree
from lxml import html as lxml_html
from PIL import Image

from library.factories import AudioFileFactory, EpisodePageFactory
from library.synthesis import encode_mp3, tone_pcm
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

from .conftest import publish

pytestmark = pytest.mark.django_db
# The shared fixtures (tests/library/feed_support.py), found here by pytest.
artwork, feed, podcast = feed_support.artwork, feed_support.feed, feed_support.podcast


# Podcasting 2.0, podcast:guid: a UUIDv5 of the feed URL without its scheme and trailing
# slashes, in this namespace.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
RFC_2822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)


def seconds_from_clock(text):
    seconds = 0
    for part in text.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds


# --- Channel rules ------------------------------------------------------------------------


def test_the_feed_is_rss_2_with_the_podcast_namespaces(feed):
    assert feed.tag == "rss"
    assert feed.get("version") == "2.0"
    assert feed.nsmap["itunes"] == NS["itunes"]
    assert feed.nsmap["podcast"] == NS["podcast"]
    assert len(feed.findall("channel")) == 1


def test_channel_title_link_language_and_description(client, feed, podcast, employee):
    show = podcast["show"]
    channel = one(feed, "channel")

    assert one(channel, "title").text == "Calm Corner"
    assert one(channel, "language").text == "en"
    assert one(channel, "description").text == "Short conversations about rest & recovery."
    link = one(channel, "link").text
    assert urlsplit(link).path == show.url
    client.force_login(employee)
    assert client.get(local_url(link)).status_code == 200


def test_atom_self_link_is_the_listeners_feed_url(feed, podcast, employee):
    self_link = one(feed, "channel/atom:link")
    assert self_link.get("rel") == "self"
    assert self_link.get("type") == "application/rss+xml"
    assert local_url(self_link.get("href")) == feed_path(podcast["show"], token_for(employee))


def test_itunes_image_is_a_square_rendition_between_1400_and_3000_px(client, feed, artwork):
    href = one(feed, "channel/itunes:image").get("href")
    assert href.startswith("http://testserver/")
    rendition = artwork.renditions.get(file__endswith=urlsplit(href).path.rsplit("/", 1)[-1])
    with rendition.file.open("rb") as image_file:
        width, height = Image.open(image_file).size
    assert width == height
    assert 1400 <= width <= 3000
    assert artwork.get_rendition(rendition.filter_spec).url == urlsplit(href).path


def test_itunes_category_is_health_and_fitness_with_mental_health_nested(feed):
    category = one(feed, "channel/itunes:category")
    assert category.get("text") == "Health & Fitness"
    nested = category.findall("itunes:category", NS)
    assert [element.get("text") for element in nested] == ["Mental Health"]
    # The escaped ampersand is in the bytes a podcast app reads.
    assert b'text="Health &amp; Fitness"' in etree.tostring(category)


@pytest.mark.parametrize(("explicit", "expected"), [(False, "false"), (True, "true")])
def test_itunes_explicit_is_true_or_false(client, podcast, employee, explicit, expected):
    show = podcast["show"]
    show.explicit = explicit
    publish(show)

    rss = parse(fetch(client, show, token_for(employee)))

    assert one(rss, "channel/itunes:explicit").text == expected


def test_itunes_owner_has_name_and_email(feed):
    owner = one(feed, "channel/itunes:owner")
    assert one(owner, "itunes:name").text == "Heart & Soul team"
    assert one(owner, "itunes:email").text == "calm@example.com"


def test_internal_content_is_blocked_from_directories_and_locked(feed):
    assert one(feed, "channel/itunes:block").text == "yes"
    assert one(feed, "channel/podcast:locked").text == "yes"


def test_podcast_guid_is_the_uuid5_of_the_feed_url(client, podcast, employee, role_users):
    show = podcast["show"]
    rss = parse(fetch(client, show, token_for(employee)))

    expected = uuid.uuid5(PODCAST_GUID_NAMESPACE, f"testserver/feeds/shows/{show.pk}.rss")
    assert one(rss, "channel/podcast:guid").text == str(expected)
    # The show's identity, not the listener's: the same for everyone.
    other = parse(fetch(client, show, token_for(role_users["Editors"])))
    assert one(other, "channel/podcast:guid").text == str(expected)


def test_podcast_guid_uses_the_sites_base_url_without_scheme_or_trailing_slash(
    client, podcast, employee, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://listen.example.com/"
    show = podcast["show"]

    rss = parse(fetch(client, show, token_for(employee)))

    expected = uuid.uuid5(PODCAST_GUID_NAMESPACE, f"listen.example.com/feeds/shows/{show.pk}.rss")
    assert one(rss, "channel/podcast:guid").text == str(expected)


def test_podcast_guid_matches_the_specifications_worked_example():
    from library.feeds import podcast_guid

    # The example in the Podcasting 2.0 namespace documentation.
    assert (
        podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml")
        == "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    )


# --- Item rules ---------------------------------------------------------------------------


def test_each_published_episode_is_an_item_newest_first(feed):
    assert [item.findtext("title") for item in feed.iterfind("channel/item")] == [
        "Asking for help",
        "Rest is not a reward",
    ]


def test_item_guid_is_stable_across_edits_and_unique(client, podcast, employee):
    show, first = podcast["show"], podcast["first"]
    before = items_by_title(parse(fetch(client, show, token_for(employee))))
    guid = one(before["Rest is not a reward"], "guid")
    assert guid.get("isPermaLink") == "false"
    assert guid.text != one(before["Asking for help"], "guid").text

    first.title = "Rest is not a prize"
    first.slug = "rest-is-not-a-prize"
    publish(first)
    after = items_by_title(parse(fetch(client, show, token_for(employee))))

    assert one(after["Rest is not a prize"], "guid").text == guid.text


def test_item_pub_date_is_rfc_2822(feed, podcast):
    for item in feed.iterfind("channel/item"):
        text = one(item, "pubDate").text
        assert RFC_2822.match(text), text
    first = items_by_title(feed)["Rest is not a reward"]
    published = parsedate_to_datetime(one(first, "pubDate").text)
    assert published.tzinfo is not None
    assert published.date() == podcast["first"].publish_date


def test_enclosure_points_at_the_delivery_url_with_the_token(feed, podcast, employee):
    audio = podcast["first"].audio
    enclosure = one(items_by_title(feed)["Rest is not a reward"], "enclosure")

    url = urlsplit(enclosure.get("url"))
    assert (url.scheme, url.netloc) == ("http", "testserver")
    assert url.path == f"/feeds/{token_for(employee)}/audio/{audio.pk}/rest-is-not-a-reward.mp3"
    assert url.query == ""
    assert enclosure.get("type") == "audio/mpeg"
    with audio.file.open("rb") as stored:
        size = len(stored.read())
    assert int(enclosure.get("length")) == size


def test_enclosure_ends_in_the_files_real_extension(client, podcast, employee, settings):
    """A WAV named .mp3 on upload is stored, delivered and announced as .wav."""
    from tests.audio_samples import wav_file_bytes

    wav = AudioFileFactory(
        title="Breathing space", file=ContentFile(wav_file_bytes(seconds=2.0), name="breath.mp3")
    )
    publish(EpisodePageFactory(parent=podcast["show"], title="Breathing space", audio=wav))

    rss = parse(fetch(client, podcast["show"], token_for(employee)))
    enclosure = one(items_by_title(rss)["Breathing space"], "enclosure")

    assert urlsplit(enclosure.get("url")).path.endswith(f"/audio/{wav.pk}/breathing-space.wav")
    assert enclosure.get("type") == "audio/wav"


def test_item_duration_and_episode_number(feed, podcast):
    items = items_by_title(feed)
    for title, episode in [
        ("Rest is not a reward", podcast["first"]),
        ("Asking for help", podcast["second"]),
    ]:
        duration = one(items[title], "itunes:duration").text
        assert re.fullmatch(r"(\d+:)?\d{1,2}:\d{2}", duration), duration
        assert seconds_from_clock(duration) == round(episode.audio.duration_seconds)
        assert one(items[title], "itunes:episode").text == str(episode.episode_number)


def test_item_duration_of_a_long_episode_has_hours(client, podcast, employee):
    long_audio = AudioFileFactory(title="Long walk", duration_seconds=0)
    long_audio.duration_seconds = 3725.4
    long_audio.save()
    publish(EpisodePageFactory(parent=podcast["show"], title="Long walk", audio=long_audio))

    rss = parse(fetch(client, podcast["show"], token_for(employee)))

    assert one(items_by_title(rss)["Long walk"], "itunes:duration").text == "1:02:05"


def test_item_transcripts_webvtt_and_plain_text(client, feed, podcast, employee):
    first = items_by_title(feed)["Rest is not a reward"]
    transcripts = {
        element.get("type"): element.get("url")
        for element in first.findall("podcast:transcript", NS)
    }
    assert sorted(transcripts) == ["text/plain", "text/vtt"]
    transcript = podcast["first"].transcript
    prefix = f"/feeds/{token_for(employee)}/transcripts"
    assert urlsplit(transcripts["text/vtt"]).path == f"{prefix}/{transcript.pk}.vtt"
    assert urlsplit(transcripts["text/plain"]).path == f"{prefix}/{transcript.pk}.txt"
    for url in transcripts.values():
        assert urlsplit(url).query == ""

    # A typed transcript has no timings: only the text is offered.
    second = items_by_title(feed)["Asking for help"]
    typed = second.findall("podcast:transcript", NS)
    assert [element.get("type") for element in typed] == ["text/plain"]


def test_a_longer_generated_recording_has_its_real_duration_in_the_feed(client, podcast, employee):
    audio = AudioFileFactory(
        title="Ten seconds", file=ContentFile(encode_mp3(tone_pcm(10)), name="ten.mp3")
    )
    publish(EpisodePageFactory(parent=podcast["show"], title="Ten seconds", audio=audio))

    rss = parse(fetch(client, podcast["show"], token_for(employee)))

    assert one(items_by_title(rss)["Ten seconds"], "itunes:duration").text == "0:10"


def test_item_show_notes_are_front_end_html(client, podcast, employee):
    """Rich text is stored with Wagtail's internal link markup; podcast apps need real links."""
    show, first = podcast["show"], podcast["first"]
    first.summary = f'<p>More from <a linktype="page" id="{show.pk}">the show</a>.</p>'
    publish(first)

    rss = parse(fetch(client, show, token_for(employee)))
    notes = one(
        items_by_title(rss)["Rest is not a reward"],
        "{http://purl.org/rss/1.0/modules/content/}encoded",
    ).text

    assert "linktype" not in notes
    [link] = lxml_html.fragment_fromstring(notes, create_parent="div").xpath("//a")
    assert link.get("href") == f"http://testserver{show.url}"
    assert link.text == "the show"


@pytest.mark.django_db
def test_feed_queries_do_not_grow_with_the_number_of_episodes(client, employee, show):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from library.factories import EpisodePageFactory
    from library.models import PodcastFeedToken
    from tests.library.conftest import publish

    url = show.get_feed_path(PodcastFeedToken.issue(employee))

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    for number in range(2):
        publish(EpisodePageFactory(parent=show, title=f"Few {number}"))
    client.get(url)  # renditions and caches, as on a running site
    with_two = queries()
    for number in range(6):
        publish(EpisodePageFactory(parent=show, title=f"More {number}"))
    assert queries() == with_two


# --- A real client ------------------------------------------------------------------------


def test_feedparser_reads_the_feed_as_a_podcast_app_would(client, podcast, employee):
    show, first = podcast["show"], podcast["first"]
    response = fetch(client, show, token_for(employee))
    parsed = feedparser.parse(
        io.BytesIO(response.content),
        response_headers={"content-type": response["Content-Type"]},
    )

    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.title == "Calm Corner"
    assert urlsplit(parsed.feed.link).path == show.url
    assert parsed.feed.language == "en"
    assert parsed.feed.subtitle == "Short conversations about rest & recovery."
    assert parsed.feed.image.href.startswith("http://testserver/")
    # (feedparser 6 only understands the old "yes"/"clean" for itunes:explicit; lxml checks it.)
    assert parsed.feed.itunes_block == 1
    assert parsed.feed.publisher_detail.email == "calm@example.com"
    assert {tag.term for tag in parsed.feed.tags} >= {"Health & Fitness", "Mental Health"}

    assert [entry.title for entry in parsed.entries] == ["Asking for help", "Rest is not a reward"]
    entry = parsed.entries[1]
    assert entry.id.startswith("heartandsoul-episode-")
    assert entry.guidislink is False
    assert entry.published_parsed[:3] == (2026, 3, 2)
    assert entry.itunes_episode == "1"
    assert seconds_from_clock(entry.itunes_duration) == round(first.audio.duration_seconds)
    [enclosure] = entry.enclosures
    assert enclosure.type == "audio/mpeg"
    assert int(enclosure.length) == first.audio.size_bytes
    assert urlsplit(enclosure.href).path.endswith(".mp3")
    assert urlsplit(enclosure.href).path.startswith(f"/feeds/{token_for(employee)}/audio/")
