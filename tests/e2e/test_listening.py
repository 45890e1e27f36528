"""Listening that remembers, in a real browser: play, leave, come back on "another device" (a
second browser context, same employee) and carry on where you stopped; My listening shows it;
another employee sees none of it. Plus axe on My listening."""

import time

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect
from wagtail.models import Locale

from cms.core.factories import UserFactory
from library.factories import (
    AudioFileFactory,
    EpisodePageFactory,
    LibraryIndexPageFactory,
    PlaylistPageFactory,
    PodcastShowPageFactory,
    TranscriptFactory,
)
from library.listening.models import ListeningPosition, SavedItem
from library.models import LibraryIndexPage, PlaylistItem
from library.synthesis import encode_mp3, tone_pcm
from tests.e2e.accessibility import axe_problems, log_in_context
from tests.e2e.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

AUDIO = "document.querySelector('[data-audio]')"


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def episode(site_tree):
    english = Locale.objects.get(language_code="en")
    index = LibraryIndexPage.objects.filter(locale=english).first() or publish(
        LibraryIndexPageFactory(parent=site_tree["en"], slug="test-library")
    )
    show = publish(PodcastShowPageFactory(parent=index, title="Calm Corner", slug="calm-corner"))
    audio = AudioFileFactory(
        title="A long breath", file=ContentFile(encode_mp3(tone_pcm(90)), name="tone.mp3")
    )
    return publish(
        EpisodePageFactory(
            parent=show,
            title="A long breath",
            slug="a-long-breath",
            audio=audio,
            transcript=TranscriptFactory(title="A long breath"),
        )
    )


@pytest.fixture
def listeners(role_users):
    employees = role_users["Employees"].groups.all()
    return UserFactory(username="listener-one", groups=employees), UserFactory(
        username="listener-two", groups=employees
    )


def open_as(browser, live_server, user, path):
    context = browser.new_context(locale="en-GB")
    log_in_context(context, live_server, user)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + path)
    page.wait_for_load_state("load")
    return context, page


def wait_for_metadata(page):
    wait_until(page, f"{AUDIO}.readyState >= 1 && isFinite({AUDIO}.duration)")


def wait_for_row(user, episode, timeout=10, minimum=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = ListeningPosition.objects.filter(user=user, episode=episode).first()
        if row is not None and row.position_seconds > minimum:
            return row
        time.sleep(0.1)
    raise AssertionError("the position was never saved")


def test_play_leave_and_resume_on_another_device(browser, live_server, episode, listeners):
    first, second = listeners

    # "Phone": play, move to 20 s, let it play on a moment, then leave the page.
    phone, page = open_as(browser, live_server, first, episode.url)
    wait_for_metadata(page)
    page.get_by_role("button", name="Play", exact=True).click()
    wait_until(page, f"!{AUDIO}.paused && {AUDIO}.currentTime > 0.5", timeout=15_000)
    page.evaluate(f"{AUDIO}.currentTime = 20")
    wait_until(page, f"{AUDIO}.currentTime > 21")
    stopped_at = page.evaluate(f"{AUDIO}.currentTime")
    page.goto(live_server.url + "/en/")  # leaving sends the position (pagehide)
    row = wait_for_row(first, episode)
    assert row.position_seconds == pytest.approx(stopped_at, abs=2)
    assert not row.finished
    phone.close()

    # "Laptop": same employee, a fresh browser context. The episode resumes where it stopped.
    laptop = browser.new_context(locale="en-GB")
    log_in_context(laptop, live_server, first)
    page = laptop.new_page()
    state_requests = []
    page.on(
        "request",
        lambda request: "/listening/state/" in request.url and state_requests.append(request.url),
    )
    page.goto(live_server.url + episode.url)
    wait_for_metadata(page)
    wait_until(page, f"{AUDIO}.currentTime > 1")
    resumed_at = page.evaluate(f"{AUDIO}.currentTime")
    assert abs(resumed_at - stopped_at) < 2, (resumed_at, stopped_at)
    note = page.locator(".listening-resume")
    expect(note).to_contain_text("Resuming at 0:2")
    assert page.evaluate(f"{AUDIO}.paused") is True  # resuming never starts playback
    assert len(state_requests) == 1  # everything personal on the page from one request

    # Save it, then My listening shows it in progress and saved.
    save = page.locator("[data-save-item]")
    expect(save).to_be_visible()
    expect(save).to_have_attribute("aria-pressed", "false")
    save.click()
    expect(save).to_have_attribute("aria-pressed", "true")
    assert SavedItem.objects.filter(user=first, page=episode).exists()

    # "Start over" goes back to the beginning.
    note.get_by_role("button", name="Start over").click()
    assert page.evaluate(f"{AUDIO}.currentTime") == 0
    expect(note).to_have_count(0)

    page.goto(live_server.url + "/en/my-listening/")
    continue_section = page.get_by_role("region", name="Continue listening")
    expect(continue_section.get_by_role("link", name="A long breath")).to_be_visible()
    saved_section = page.get_by_role("region", name="Saved episodes")
    expect(saved_section.get_by_role("link", name="A long breath")).to_be_visible()

    # The show lists it with a marker in words.
    page.goto(live_server.url + episode.get_parent().url)
    marker = page.locator(f'[data-listening-marker="{episode.pk}"]')
    expect(marker).to_be_visible()
    expect(marker).to_have_text("In progress · 2 min left")

    # The home page's "continue listening" when the home page includes it.
    page.goto(live_server.url + "/en/")
    if page.locator("[data-continue-listening]").count():
        expect(page.locator("[data-continue-list] a", has_text="A long breath")).to_be_visible()
    laptop.close()

    # Another employee: nothing of the first one's listening, anywhere.
    other, page = open_as(browser, live_server, second, episode.url)
    wait_for_metadata(page)
    page.wait_for_timeout(1000)
    assert page.evaluate(f"{AUDIO}.currentTime") == 0
    expect(page.locator(".listening-resume")).to_have_count(0)
    expect(page.locator("[data-save-item]")).to_have_attribute("aria-pressed", "false")
    page.goto(live_server.url + "/en/my-listening/")
    expect(page.get_by_role("link", name="A long breath")).to_have_count(0)
    expect(page.get_by_text("Nothing played yet.")).to_be_visible()
    other.close()


def test_finishing_an_episode_marks_it_listened(browser, live_server, episode, listeners):
    first, _second = listeners
    context, page = open_as(browser, live_server, first, episode.url)
    wait_for_metadata(page)
    page.get_by_role("button", name="Play", exact=True).click()
    wait_until(page, f"!{AUDIO}.paused")
    page.evaluate(f"{AUDIO}.currentTime = {AUDIO}.duration - 1")
    wait_until(page, f"{AUDIO}.ended", timeout=15_000)
    deadline = time.monotonic() + 10
    while not ListeningPosition.objects.filter(user=first, episode=episode, finished=True):
        assert time.monotonic() < deadline, "never marked finished"
        time.sleep(0.1)
    page.goto(live_server.url + episode.get_parent().url)
    expect(page.locator(f'[data-listening-marker="{episode.pk}"]')).to_have_text("Listened")
    # A finished episode starts from the beginning next time.
    page.goto(live_server.url + episode.url)
    wait_for_metadata(page)
    page.wait_for_timeout(800)
    assert page.evaluate(f"{AUDIO}.currentTime") == 0
    context.close()


def test_my_listening_has_no_accessibility_violations(browser, live_server, episode, listeners):
    first, _second = listeners
    ListeningPosition.objects.create(
        user=first, episode=episode, position_seconds=30, duration_seconds=90
    )
    SavedItem.objects.create(user=first, page=episode)
    for width, height in ((390, 844), (1280, 900)):
        context = browser.new_context(locale="en-GB", viewport={"width": width, "height": height})
        log_in_context(context, live_server, first)
        page = context.new_page()
        for path in ("/en/my-listening/", "/en/my-listening/?confirm=clear", "/sv/my-listening/"):
            page.goto(live_server.url + path)
            assert axe_problems(page) == [], path
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        context.close()


def test_a_playlist_resumes_each_track_and_keeps_the_one_left(
    browser, live_server, episode, listeners
):
    """player.js announces each track it loads (hs:trackchange); listening.js saves the track
    being left and moves the new one to where the listener stopped in it."""
    first, _second = listeners
    show = episode.get_parent()
    audio = AudioFileFactory(
        title="Second breath", file=ContentFile(encode_mp3(tone_pcm(60)), name="tone2.mp3")
    )
    second_episode = publish(
        EpisodePageFactory(
            parent=show,
            title="Second breath",
            slug="second-breath",
            audio=audio,
            transcript=TranscriptFactory(title="Second breath"),
        )
    )
    playlist = PlaylistPageFactory(
        parent=show.get_parent(), title="Two long breaths", slug="two-long-breaths"
    )
    PlaylistItem.objects.create(playlist=playlist, episode=episode, sort_order=0)
    PlaylistItem.objects.create(playlist=playlist, episode=second_episode, sort_order=1)
    publish(playlist)
    ListeningPosition.objects.create(
        user=first, episode=second_episode, position_seconds=30, duration_seconds=60
    )

    context, page = open_as(browser, live_server, first, playlist.url)
    expect(page.locator(f'[data-listening-marker="{second_episode.pk}"]')).to_have_text(
        "In progress · 1 min left"
    )
    wait_for_metadata(page)
    page.get_by_role("button", name="Play “A long breath”", exact=True).click()
    wait_until(page, f"!{AUDIO}.paused && {AUDIO}.currentTime > 4", timeout=15_000)

    page.get_by_role("button", name="Play “Second breath”", exact=True).click()
    wait_until(page, f"{AUDIO}.currentSrc.indexOf('second-breath') !== -1")
    wait_until(page, f"{AUDIO}.currentTime >= 29", timeout=15_000)
    assert page.evaluate(f"{AUDIO}.currentTime") < 34
    # The track left behind was saved where it stopped.
    row = wait_for_row(first, episode, minimum=3)
    assert row.position_seconds < 10
    context.close()
