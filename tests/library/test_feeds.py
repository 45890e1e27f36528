"""Private podcast feeds: the tag rules Apple Podcasts and Podcasting 2.0 clients rely on, read
with lxml and with feedparser (as a podcast app would), and who may read and follow them."""

import io
import re
import uuid
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import factory
import feedparser
import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from lxml import etree
from lxml import html as lxml_html
from PIL import Image
from wagtail.models import PageViewRestriction

from cms.core.factories import CustomImageFactory, UserFactory
from library.factories import (
    AudioFileFactory,
    EpisodePageFactory,
    PodcastShowPageFactory,
    TranscriptFactory,
)
from library.models import PodcastFeedToken
from library.synthesis import encode_mp3, tone_pcm

from .conftest import publish

pytestmark = pytest.mark.django_db

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
}
# Podcasting 2.0, podcast:guid: a UUIDv5 of the feed URL without its scheme and trailing
# slashes, in this namespace.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
RFC_2822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)


def feed_path(show, token=None):
    return f"/feeds/{token}/shows/{show.pk}.rss" if token else f"/feeds/shows/{show.pk}.rss"


# Full keys issued in this test run, by their hash: the database keeps only the hash.
issued_keys = {}


def token_for(user):
    """The user's full feed key: issued once and remembered while the stored hash is the same
    (a reset elsewhere makes this issue a new one)."""
    token = PodcastFeedToken.objects.filter(user=user).first()
    if token and token.key_hash in issued_keys:
        return issued_keys[token.key_hash]
    key = PodcastFeedToken.issue(user)
    issued_keys[PodcastFeedToken.hash_key(key)] = key
    return key


def with_wrong_token(path):
    return re.sub(r"^/feeds/[^/]+/", "/feeds/" + "w" * 43 + "/", path)


def fetch(client, show, token=None):
    return client.get(feed_path(show, token))


def parse(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    return etree.fromstring(response.content)


def one(element, path):
    found = element.findall(path, NS)
    assert len(found) == 1, f"{path}: {len(found)} elements"
    return found[0]


def items_by_title(rss):
    return {item.findtext("title"): item for item in rss.iterfind("channel/item")}


def local_url(url):
    """The path and query of an absolute URL in the feed, for the test client."""
    parts = urlsplit(url)
    assert parts.scheme == "http" and parts.netloc == "testserver", url
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def seconds_from_clock(text):
    seconds = 0
    for part in text.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds


def streamed(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def artwork():
    # Wagtail caches renditions by image id; ids come round again after a rolled-back test.
    caches["renditions" if "renditions" in settings.CACHES else "default"].clear()
    return CustomImageFactory(
        title="Calm Corner artwork",
        file=factory.django.ImageField(width=2400, height=2400, color="#2f4f8a"),
    )


@pytest.fixture
def podcast(library_index, artwork):
    """A show with artwork and two episodes: one with timed cues, one with a typed transcript."""
    show = publish(
        PodcastShowPageFactory(
            parent=library_index,
            title="Calm Corner",
            description="Short conversations about rest & recovery.",
            host_names="Sam Lee",
            owner_name="Heart & Soul team",
            owner_email="calm@example.com",
            artwork=artwork,
        )
    )
    first = publish(
        EpisodePageFactory(
            parent=show,
            title="Rest is not a reward",
            slug="rest-is-not-a-reward",
            episode_number=1,
            publish_date=datetime(2026, 3, 2).date(),
            audio=AudioFileFactory(title="Rest is not a reward"),
            transcript=TranscriptFactory(title="Rest is not a reward"),
        )
    )
    second = publish(
        EpisodePageFactory(
            parent=show,
            title="Asking for help",
            slug="asking-for-help",
            episode_number=2,
            publish_date=datetime(2026, 3, 9).date(),
            audio=AudioFileFactory(title="Asking for help"),
            transcript=TranscriptFactory(
                title="Asking for help", cues=[], text="Asking is a strength.\nSo is listening."
            ),
        )
    )
    return {"show": show, "first": first, "second": second}


@pytest.fixture
def feed(client, podcast, employee):
    return parse(fetch(client, podcast["show"], token_for(employee)))


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


# --- Resetting the token ------------------------------------------------------------------


def test_reset_needs_a_post(client, employee):
    client.force_login(employee)
    assert client.get(reverse("library:reset_feed_token")).status_code == 405


def test_reset_needs_a_login(anonymous, employee):
    token = token_for(employee)
    response = anonymous.post(reverse("library:reset_feed_token"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert token_for(employee) == token


def test_reset_needs_the_csrf_token(employee):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(employee)
    token = token_for(employee)

    assert browser.post(reverse("library:reset_feed_token")).status_code == 403
    assert token_for(employee) == token


def test_reset_revokes_the_old_address_and_returns_to_the_show(client, podcast, employee):
    show = podcast["show"]
    old = token_for(employee)
    client.force_login(employee)

    response = client.post(reverse("library:reset_feed_token"), {"next": show.url}, follow=True)

    assert response.redirect_chain == [(show.url, 302)]
    html = response.content.decode()
    assert "The old one no longer works" in html
    [shown] = lxml_html.fromstring(html).xpath("//input[@data-copy-source]/@value")
    new = re.fullmatch(rf"http://testserver/feeds/([\w-]+)/shows/{show.pk}\.rss", shown).group(1)
    assert new != old
    assert old not in html
    # Shown once: the next visit offers a new address instead of showing this one again.
    assert new not in client.get(show.url).content.decode()
    assert fetch(Client(), show, old).status_code == 404
    assert fetch(Client(), show, new).status_code == 200


def test_reset_does_not_redirect_to_another_site(client, employee):
    client.force_login(employee)
    response = client.post(
        reverse("library:reset_feed_token"), {"next": "https://evil.example.com/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_reset_only_touches_the_users_own_token(client, employee, role_users):
    other = token_for(role_users["Editors"])
    client.force_login(employee)
    client.post(reverse("library:reset_feed_token"))
    assert token_for(role_users["Editors"]) == other


# --- Subscribing from the pages -----------------------------------------------------------


def feed_links(document):
    return document.xpath('//head/link[@rel="alternate"][@type="application/rss+xml"]')


def test_show_page_offers_the_personal_feed_url_with_a_copy_button(client, podcast, employee):
    show = podcast["show"]
    client.force_login(employee)

    # No address yet: a button makes one (stored hashed, so it is shown only then).
    first_visit = lxml_html.fromstring(client.get(show.url).content)
    assert not first_visit.xpath("//input[@data-copy-source]")
    [form] = first_visit.xpath('//form[contains(@action, "reset-token")]')
    response = client.post(form.get("action"), {"next": show.url}, follow=True)
    document = lxml_html.fromstring(response.content)

    [field] = document.xpath("//input[@data-copy-source]")
    assert field.get("readonly") is not None
    key = PodcastFeedToken.objects.get(user=employee).key_hash
    shown_key = urlsplit(field.get("value")).path.split("/")[2]
    assert PodcastFeedToken.hash_key(shown_key) == key
    assert field.get("value") == f"http://testserver{feed_path(show, shown_key)}"
    label = document.xpath(f'//label[@for="{field.get("id")}"]')
    assert label and label[0].text_content().strip()
    [button] = document.xpath("//button[@data-copy-button]")
    assert button.text_content().strip() == "Copy"
    summary = document.xpath("//section[contains(@class, 'subscribe')]//details/summary")
    assert summary[0].text_content().strip() == "How to subscribe"
    # The address shown is the one that works, in a client without a session.
    assert fetch(Client(), show, shown_key).status_code == 200


@pytest.mark.parametrize("which", ["show", "first"])
def test_show_and_episode_pages_link_to_the_feed(client, podcast, employee, which):
    client.force_login(employee)

    document = lxml_html.fromstring(client.get(podcast[which].url).content)

    [link] = feed_links(document)
    assert link.get("title") == "Calm Corner"
    assert urlsplit(link.get("href")).path == feed_path(podcast["show"])
    assert parse(client.get(link.get("href"))).findtext("channel/title") == "Calm Corner"


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
