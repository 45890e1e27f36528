"""Shared by the player's browser tests: a show, an episode, a playlist, the audio's state."""

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
from library.models import LibraryIndexPage, PlaylistItem
from library.synthesis import encode_mp3, tone_pcm
from tests.e2e.waiting import wait_until

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
    wait_until(page, f"{AUDIO}.readyState >= 1 && isFinite({AUDIO}.duration)")


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
    third = publish(EpisodePageFactory(parent=show, title="Hold", audio=generated_audio("Hold", 2)))
    playlist = PlaylistPageFactory(parent=show.get_parent(), title="Two breaths", slug="two")
    for order, episode in enumerate([first, second, third]):
        PlaylistItem.objects.create(playlist=playlist, episode=episode, sort_order=order)
    return {"page": publish(playlist), "first": first, "second": second, "third": third}
