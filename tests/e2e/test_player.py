"""The player in a real browser: the demo employee plays an episode, seeks with the keyboard,
changes speed, reads along, a playlist plays on by itself, and a podcast app subscribes
with the personal feed address."""

import re

import feedparser
import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect
from wagtail.models import Locale

from cms.core.management.commands.load_demo import DEFAULT_DEMO_PASSWORD
from library.factories import (
    AudioFileFactory,
    EpisodePageFactory,
    LibraryIndexPageFactory,
    PlaylistPageFactory,
    PodcastShowPageFactory,
    TranscriptFactory,
)
from library.models import LibraryIndexPage, PlaylistItem, PodcastFeedToken
from library.synthesis import encode_mp3, tone_pcm

# Transactional: the live server's thread must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)

AUDIO = "document.querySelector('[data-audio]')"


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def generated_audio(title, seconds):
    return AudioFileFactory(
        title=title, file=ContentFile(encode_mp3(tone_pcm(seconds)), name="tone.mp3")
    )


@pytest.fixture
def show(site_tree):
    english = Locale.objects.get(language_code="en")
    index = LibraryIndexPage.objects.filter(locale=english).first() or publish(
        LibraryIndexPageFactory(parent=site_tree["en"], slug="test-library")
    )
    return publish(PodcastShowPageFactory(parent=index, title="Calm Corner", slug="calm-corner"))


@pytest.fixture
def episode(show):
    cues = [
        ("cue", {"start": 0.0, "end": 10.0, "speaker": "Host", "text": "Welcome back."}),
        ("cue", {"start": 10.0, "end": 30.0, "speaker": "", "text": "Let's talk about rest."}),
        ("cue", {"start": 30.0, "end": 40.0, "speaker": "Host", "text": "Take care."}),
    ]
    return publish(
        EpisodePageFactory(
            parent=show,
            title="Rest is not a reward",
            slug="rest-is-not-a-reward",
            content_notes="Mentions exhaustion and burnout.",
            audio=generated_audio("Rest is not a reward", 40),
            transcript=TranscriptFactory(title="Rest is not a reward", cues=cues),
        )
    )


def log_in_and_open(page, live_server, url):
    page.goto(f"{live_server.url}/en/login/?next={url}")
    page.get_by_label("Username").fill("employee")
    page.get_by_label("Password").fill(DEFAULT_DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + url)
    page.wait_for_load_state("load")  # player.js is deferred: it runs before "load"


def audio_state(page):
    return page.evaluate(
        f"({{ time: {AUDIO}.currentTime, paused: {AUDIO}.paused, "
        f"duration: {AUDIO}.duration, rate: {AUDIO}.playbackRate, src: {AUDIO}.currentSrc }})"
    )


def wait_for_metadata(page):
    page.wait_for_function(f"{AUDIO}.readyState >= 1 && isFinite({AUDIO}.duration)")


def test_the_episode_page_never_autoplays_and_puts_the_content_note_first(
    live_server, page, episode
):
    log_in_and_open(page, live_server, episode.url)
    player = page.get_by_role("region", name="Audio player")
    expect(player.get_by_role("button", name="Play", exact=True)).to_be_visible()
    wait_for_metadata(page)
    page.wait_for_timeout(1000)

    state = audio_state(page)
    assert state["paused"] is True
    assert state["time"] == 0
    assert state["duration"] == pytest.approx(40, abs=0.2)
    assert page.evaluate(f"{AUDIO}.autoplay") is False

    note = page.locator(".content-note")
    expect(note).to_have_text("Content note: Mentions exhaustion and burnout.")
    assert note.bounding_box()["y"] < player.bounding_box()["y"]
    assert page.evaluate(
        "document.querySelector('.content-note').compareDocumentPosition("
        "document.querySelector('[data-player]')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    expect(player.locator("[data-duration-text]")).to_have_text(["0:40", "0:40"])


def test_the_demo_employee_plays_pauses_seeks_and_reads_along(live_server, page, episode):
    log_in_and_open(page, live_server, episode.url)
    player = page.get_by_role("region", name="Audio player")
    wait_for_metadata(page)

    # Play with the enhanced button: time runs.
    player.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function(f"{AUDIO}.currentTime > 1.2", timeout=15_000)
    toggle = player.get_by_role("button", name="Pause", exact=True)
    expect(toggle).to_be_visible()
    expect(player.locator("[data-current-time]")).not_to_have_text("0:00")

    # Pause: time stands still.
    toggle.click()
    page.wait_for_function(f"{AUDIO}.paused")
    paused_at = audio_state(page)["time"]
    page.wait_for_timeout(600)
    assert audio_state(page)["time"] == paused_at
    play = player.get_by_role("button", name="Play", exact=True)
    expect(play).to_be_visible()

    # Keyboard, with focus inside the player: forward and back 15 s.
    play.focus()
    page.keyboard.press("ArrowRight")
    assert audio_state(page)["time"] == pytest.approx(paused_at + 15, abs=0.1)
    page.keyboard.press("l")
    assert audio_state(page)["time"] == pytest.approx(paused_at + 30, abs=0.1)
    page.keyboard.press("ArrowLeft")
    assert audio_state(page)["time"] == pytest.approx(paused_at + 15, abs=0.1)
    page.keyboard.press("j")
    assert audio_state(page)["time"] == pytest.approx(paused_at, abs=0.1)
    # Never past either end.
    page.keyboard.press("j")
    assert audio_state(page)["time"] == 0
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    state = audio_state(page)
    assert state["time"] == pytest.approx(state["duration"], abs=0.1)
    # The buttons do the same for pointer users.
    player.get_by_role("button", name="Back 15 seconds").click()
    assert audio_state(page)["time"] == pytest.approx(state["duration"] - 15, abs=0.1)
    assert audio_state(page)["paused"] is True

    # Speed.
    player.get_by_label("Speed").select_option("1.5")
    assert audio_state(page)["rate"] == 1.5

    # A transcript timestamp seeks there and plays from that moment.
    page.get_by_role("button", name="Play from 0:30").click()
    page.wait_for_function(f"!{AUDIO}.paused && {AUDIO}.currentTime >= 30")
    state = audio_state(page)
    assert 30 <= state["time"] < 33
    assert state["rate"] == 1.5
    expect(page.locator('[data-cue-start="30.0"]')).to_have_attribute("aria-current", "true")
    expect(page.locator('[data-cue-start="0.0"]')).not_to_have_attribute("aria-current", "true")

    # Space is not needed on a button (it presses it); K plays and pauses from anywhere inside.
    page.keyboard.press("k")
    page.wait_for_function(f"{AUDIO}.paused")


def test_the_keyboard_help_and_visible_focus(live_server, page, episode):
    log_in_and_open(page, live_server, episode.url)
    player = page.get_by_role("region", name="Audio player")

    expect(player.get_by_text(re.compile("Keyboard: Space or K plays and pauses"))).to_be_visible()
    forward = player.get_by_role("button", name="Forward 15 seconds")
    forward.focus()
    outline = forward.evaluate(
        "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert outline[0] != "none" and outline[1] != "0px", outline


@pytest.fixture
def playlist(show):
    first = publish(
        EpisodePageFactory(parent=show, title="Breathe in", audio=generated_audio("Breathe in", 2))
    )
    second = publish(
        EpisodePageFactory(
            parent=show, title="Breathe out", audio=generated_audio("Breathe out", 3)
        )
    )
    playlist = PlaylistPageFactory(parent=show.get_parent(), title="Two breaths", slug="two")
    PlaylistItem.objects.create(playlist=playlist, episode=first, sort_order=0)
    PlaylistItem.objects.create(playlist=playlist, episode=second, sort_order=1)
    return {"page": publish(playlist), "first": first, "second": second}


def test_play_all_continues_to_the_next_item(live_server, page, playlist):
    second_audio = playlist["second"].audio
    log_in_and_open(page, live_server, playlist["page"].url)
    wait_for_metadata(page)
    assert audio_state(page)["paused"] is True

    tracks = page.locator("[data-track]")
    expect(tracks).to_have_count(2)
    player = page.get_by_role("region", name="Audio player")
    expect(player.locator("[data-duration-text]")).to_have_text(["0:02", "0:02"])
    expect(tracks.nth(0)).to_have_attribute("aria-current", "true")
    page.get_by_label("Speed").select_option("1.25")

    page.get_by_role("button", name="Play all").click()

    page.wait_for_function(
        f"{AUDIO}.currentSrc.includes({second_audio.get_delivery_url()!r}) "
        f"&& !{AUDIO}.paused && {AUDIO}.currentTime > 0.3",
        timeout=15_000,
    )
    expect(tracks.nth(1)).to_have_attribute("aria-current", "true")
    expect(tracks.nth(0)).not_to_have_attribute("aria-current", "true")
    # The listener's chosen speed carries over to the next item.
    assert audio_state(page)["rate"] == 1.25
    expect(page.get_by_label("Speed")).to_have_value("1.25")
    # The player describes the item now playing, not the first one.
    player = page.get_by_role("region", name="Audio player")
    expect(player.locator("[data-duration-text]")).to_have_text(["0:03", "0:03"])
    expect(player.locator("[data-spoken-duration]")).to_have_text("(3 s)")
    expect(player.get_by_role("link", name="Download")).to_have_attribute(
        "href", second_audio.get_delivery_url()
    )

    # After the last item, it stops.
    page.wait_for_function(f"{AUDIO}.ended", timeout=15_000)
    assert audio_state(page)["paused"] is True


def test_the_employee_copies_the_personal_feed_url_and_a_podcast_app_reads_it(
    live_server, page, browser, episode
):
    show = episode.get_parent().specific
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in_and_open(page, live_server, show.url)

    feed_link = page.locator('head link[rel="alternate"][type="application/rss+xml"]')
    expect(feed_link).to_have_attribute("href", f"/feeds/shows/{show.pk}.rss")
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    key = PodcastFeedToken.objects.get(user__username="employee").key
    assert copied == f"{live_server.url}/feeds/shows/{show.pk}.rss?token={key}"
    expect(page.get_by_label("Your personal feed address")).to_have_value(copied)

    # A podcast app has no session: only the address.
    app = browser.new_context()
    try:
        response = app.request.get(copied)
        assert response.status == 200
        parsed = feedparser.parse(response.body())
        assert parsed.bozo == 0
        assert parsed.feed.title == "Calm Corner"
        [entry] = parsed.entries
        assert entry.title == "Rest is not a reward"
        enclosure = app.request.get(entry.enclosures[0].href, headers={"Range": "bytes=0-1023"})
        assert enclosure.status == 206
        assert enclosure.headers["content-type"] == "audio/mpeg"
        assert len(enclosure.body()) == 1024
    finally:
        app.close()
