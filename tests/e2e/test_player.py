"""The player in a real browser: one set of controls (ours with JavaScript, the browser's
without), the demo employee plays an episode, seeks with the slider and with keyboard shortcuts
from anywhere on the page (never while typing), changes speed, reads along, shares the episode,
sets a sleep timer; a playlist plays as a queue (play all, play next, previous/next) and tells
listening.js which episode is loaded; axe finds nothing on a phone or a desktop; a podcast app
subscribes with the personal feed address."""

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
from tests.e2e.accessibility import axe_problems
from tests.e2e.waiting import wait_until

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
    wait_until(page, f"{AUDIO}.readyState >= 1 && isFinite({AUDIO}.duration)")


def test_the_episode_page_never_autoplays_and_puts_the_content_note_first(
    live_server, page, episode
):
    log_in_and_open(page, live_server, episode.url)
    player = page.get_by_role("region", name="Audio player")
    expect(player.get_by_role("button", name="Play", exact=True)).to_be_visible()
    wait_for_metadata(page)
    page.wait_for_timeout(1000)

    # One set of controls: ours. The browser's own are gone (an <audio> without controls is
    # not rendered), so there is one Play button and one timer on the page.
    assert page.evaluate(f"{AUDIO}.controls") is False
    expect(page.locator("[data-audio]")).to_be_hidden()
    expect(page.get_by_role("button", name="Play", exact=True)).to_have_count(1)
    expect(page.get_by_role("slider", name="Position")).to_have_count(1)
    assert page.evaluate("document.querySelector('[data-player]').dataset.episodeId") == str(
        episode.pk
    )

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
    wait_until(page, f"{AUDIO}.currentTime > 1.2", timeout=15_000)
    toggle = player.get_by_role("button", name="Pause", exact=True)
    expect(toggle).to_be_visible()
    expect(player.locator("[data-current-time]")).not_to_have_text("0:00")

    # Pause: time stands still.
    toggle.click()
    wait_until(page, f"{AUDIO}.paused")
    paused_at = audio_state(page)["time"]
    page.wait_for_timeout(600)
    assert audio_state(page)["time"] == paused_at
    play = player.get_by_role("button", name="Play", exact=True)
    expect(play).to_be_visible()

    # Keyboard shortcuts work from anywhere on the page: here focus is on the page itself.
    page.get_by_role("heading", level=1).click()
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
    # The slider and the time follow the audio element.
    slider = player.get_by_role("slider", name="Position")
    expect(slider).to_have_value("0")
    expect(slider).to_have_attribute("aria-valuetext", "0 seconds of 40 seconds")
    slider.fill("20")
    assert audio_state(page)["time"] == pytest.approx(20, abs=0.1)
    expect(player.locator("[data-current-time]")).to_have_text("0:20")
    expect(slider).to_have_attribute("aria-valuetext", "20 seconds of 40 seconds")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.get_by_role("heading", level=1).click()  # arrows on the slider move the slider
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
    wait_until(page, f"!{AUDIO}.paused && {AUDIO}.currentTime >= 30")
    state = audio_state(page)
    assert 30 <= state["time"] < 33
    assert state["rate"] == 1.5
    expect(page.locator('[data-cue-start="30.0"]')).to_have_attribute("aria-current", "true")
    expect(page.locator('[data-cue-start="0.0"]')).not_to_have_attribute("aria-current", "true")

    # Space is not needed on a button (it presses it); K plays and pauses from anywhere.
    page.keyboard.press("k")
    wait_until(page, f"{AUDIO}.paused")
    page.get_by_role("heading", level=1).click()
    page.keyboard.press("Space")
    wait_until(page, f"!{AUDIO}.paused")
    page.keyboard.press("Space")
    wait_until(page, f"{AUDIO}.paused")
    # M mutes, < and > change speed one step.
    page.keyboard.press("m")
    assert page.evaluate(f"{AUDIO}.muted") is True
    page.keyboard.press(">")
    assert audio_state(page)["rate"] == 2
    page.keyboard.press("<")
    page.keyboard.press("<")
    assert audio_state(page)["rate"] == 1.25

    # Typing in the search box never seeks, plays or mutes.
    before = audio_state(page)["time"]
    search = page.locator("#site-search-q")
    search.click()
    search.press_sequentially("kjlm ")
    search.press("ArrowLeft")
    expect(search).to_have_value("kjlm ")
    state = audio_state(page)
    assert state["paused"] is True
    assert state["time"] == before
    assert page.evaluate(f"{AUDIO}.muted") is True


def test_the_keyboard_help_and_visible_focus(live_server, page, episode):
    log_in_and_open(page, live_server, episode.url)
    player = page.get_by_role("region", name="Audio player")

    forward = player.get_by_role("button", name="Forward 15 seconds")
    forward.focus()
    outline = forward.evaluate(
        "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert outline[0] != "none" and outline[1] != "0px", outline

    # The shortcuts are listed in a visible disclosure under the player.
    shortcuts = player.locator("details", has_text="Keyboard shortcuts")
    summary = shortcuts.locator("summary")
    expect(summary).to_be_visible()
    expect(shortcuts.get_by_text("Play or pause")).to_be_hidden()
    summary.focus()
    page.keyboard.press("Enter")
    expect(shortcuts.get_by_text("Play or pause")).to_be_visible()
    expect(shortcuts).to_contain_text(re.compile("J or ←.*Back 15 seconds"))
    assert audio_state(page)["paused"] is True  # Enter on the summary only opened it


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


def track_titles(page):
    return page.locator("[data-track]").evaluate_all("items => items.map(i => i.dataset.title)")


def test_play_all_continues_to_the_next_item(live_server, page, playlist):
    second_audio = playlist["second"].audio
    log_in_and_open(page, live_server, playlist["page"].url)
    wait_for_metadata(page)
    assert audio_state(page)["paused"] is True

    tracks = page.locator("[data-track]")
    expect(tracks).to_have_count(3)
    player = page.get_by_role("region", name="Audio player")
    expect(player.locator("[data-duration-text]")).to_have_text(["0:02", "0:02"])
    expect(tracks.nth(0)).to_have_attribute("aria-current", "true")
    page.get_by_label("Speed").select_option("1.25")

    page.get_by_role("button", name="Play all").click()

    wait_until(
        page,
        f"{AUDIO}.currentSrc.includes({second_audio.get_delivery_url()!r}) "
        f"&& !{AUDIO}.paused && {AUDIO}.currentTime > 0.3",
        timeout=15_000,
    )
    expect(tracks.nth(1)).to_have_attribute("aria-current", "true")
    expect(tracks.nth(0)).not_to_have_attribute("aria-current", "true")
    expect(tracks.nth(1).get_by_text("Now playing")).to_be_visible()
    # The listener's chosen speed carries over to the next item.
    assert audio_state(page)["rate"] == 1.25
    expect(page.get_by_label("Speed")).to_have_value("1.25")
    # The player describes the item now playing, not the first one.
    player = page.get_by_role("region", name="Audio player")
    expect(player.get_by_text("Now playing: Breathe out")).to_be_visible()
    expect(player.locator("[data-duration-text]")).to_have_text(["0:03", "0:03"])
    expect(player.locator("[data-spoken-duration]")).to_have_text("(3 s)")
    expect(player.get_by_role("link", name="Download")).to_have_attribute(
        "href", second_audio.get_delivery_url()
    )

    # After the last item, it stops.
    wait_until(
        page,
        f"{AUDIO}.currentSrc.includes({playlist['third'].audio.get_delivery_url()!r}) "
        f"&& {AUDIO}.ended",
        timeout=15_000,
    )
    assert audio_state(page)["paused"] is True
    expect(tracks.nth(2)).to_have_attribute("aria-current", "true")


def test_play_next_moves_an_item_up_the_queue_and_tells_listening_js(live_server, page, playlist):
    log_in_and_open(page, live_server, playlist["page"].url)
    wait_for_metadata(page)
    player = page.get_by_role("region", name="Audio player")
    tracks = page.locator("[data-track]")
    first, third = playlist["first"], playlist["third"]
    # The contract with listening.js: which episode each item and the player hold.
    assert page.evaluate("document.querySelector('[data-player]').dataset.episodeId") == str(
        first.pk
    )
    assert tracks.evaluate_all("items => items.map(i => i.dataset.episodeId)") == [
        str(playlist[key].pk) for key in ("first", "second", "third")
    ]
    page.evaluate(
        "window.trackChanges = [];"
        "document.addEventListener('hs:trackchange', e => window.trackChanges.push("
        "[e.target.matches('[data-player]'), e.detail.episodeId]))"
    )
    previous = player.get_by_role("button", name="Previous episode")
    following = player.get_by_role("button", name="Next episode")
    expect(previous).to_be_disabled()

    page.get_by_role("button", name="Play “Hold” next").click()
    assert track_titles(page) == ["Breathe in", "Hold", "Breathe out"]
    expect(player.get_by_role("status")).to_have_text("“Hold” plays next")
    expect(page.get_by_role("button", name="Play “Hold” next")).to_be_focused()

    # Next loads it without playing (the listener had not pressed Play).
    following.click()
    expect(tracks.nth(1)).to_have_attribute("aria-current", "true")
    expect(player.get_by_text("Now playing: Hold")).to_be_visible()
    # currentSrc changes when the browser's resource selection runs, a moment after src is set.
    wait_until(page, f"{AUDIO}.currentSrc.endsWith({third.audio.get_delivery_url()!r})")
    assert audio_state(page)["paused"] is True
    assert page.evaluate("window.trackChanges") == [[True, str(third.pk)]]
    assert page.evaluate("document.querySelector('[data-player]').dataset.episodeId") == str(
        third.pk
    )
    # Share and the lock screen (Media Session) describe the episode now loaded.
    assert page.evaluate("document.querySelector('[data-player]').dataset.shareUrl") == (
        live_server.url + third.url
    )
    assert page.evaluate("navigator.mediaSession.metadata.title") == "Hold"
    expect(previous).to_be_enabled()
    previous.click()
    expect(tracks.nth(0)).to_have_attribute("aria-current", "true")
    assert page.evaluate("window.trackChanges")[-1] == [True, str(first.pk)]

    # Playing from an item plays on through the rest of the queue.
    page.get_by_role("button", name="Play “Hold”", exact=True).click()
    wait_until(
        page,
        f"{AUDIO}.currentSrc.includes({playlist['second'].audio.get_delivery_url()!r}) "
        f"&& !{AUDIO}.paused",
        timeout=15_000,
    )
    expect(tracks.nth(2)).to_have_attribute("aria-current", "true")


def test_share_copies_the_episode_address(live_server, page, episode):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in_and_open(page, live_server, episode.url)
    player = page.get_by_role("region", name="Audio player")
    player.get_by_role("button", name="Share").click()
    expect(player.get_by_role("status")).to_have_text("Link copied")
    expect(player.get_by_role("status")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == live_server.url + episode.url


def test_the_sleep_timer_counts_down_and_pauses(live_server, page, episode):
    # The browser's clock is Playwright's, so fifteen minutes pass in a moment; the player
    # itself has no test-only code.
    page.clock.install()
    log_in_and_open(page, live_server, episode.url)
    wait_for_metadata(page)
    player = page.get_by_role("region", name="Audio player")
    timer = player.get_by_label("Sleep timer")
    assert timer.locator("option").all_inner_texts() == [
        "Off",
        "15 minutes",
        "30 minutes",
        "45 minutes",
        "End of episode",
    ]
    player.get_by_role("button", name="Play", exact=True).click()
    wait_until(page, f"!{AUDIO}.paused")

    timer.select_option("15")
    remaining = player.locator("[data-sleep-remaining]")
    expect(remaining).to_have_text(re.compile(r"^Sleep timer: pauses in 1[45]:[0-5]\d$"))
    expect(player.get_by_role("status")).to_have_text(re.compile("Sleep timer: pauses in"))
    page.clock.run_for("05:00")
    expect(remaining).to_have_text(re.compile(r"^Sleep timer: pauses in (10:00|9:5\d)$"))
    assert audio_state(page)["paused"] is False
    page.clock.run_for("10:01")
    wait_until(page, f"{AUDIO}.paused")
    expect(player.get_by_role("status")).to_have_text("Sleep timer: paused")
    expect(remaining).to_be_hidden()
    expect(timer).to_have_value("")

    timer.select_option("end")
    expect(remaining).to_have_text("Sleep timer: pauses at the end of this episode")
    timer.select_option("")
    expect(remaining).to_be_hidden()
    expect(player.get_by_role("status")).to_have_text("Sleep timer off")


def test_a_moment_link_wins_and_the_display_follows_the_audio(live_server, page, episode):
    log_in_and_open(page, live_server, episode.url)
    page.goto(f"{live_server.url}{episode.url}#t=25")
    page.reload()
    page.wait_for_load_state("load")
    wait_for_metadata(page)
    player = page.get_by_role("region", name="Audio player")
    assert audio_state(page)["time"] == pytest.approx(25, abs=0.1)
    expect(player.locator("[data-current-time]")).to_have_text("0:25")
    expect(player.get_by_role("slider", name="Position")).to_have_value("25")
    # Whoever sets the position (listening.js resumes this way), the display follows.
    page.evaluate(f"{AUDIO}.currentTime = 12")
    expect(player.locator("[data-current-time]")).to_have_text("0:12")
    assert audio_state(page)["paused"] is True


def test_without_javascript_the_browsers_controls_remain(live_server, browser, episode):
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in_and_open(page, live_server, episode.url)
        audio = page.locator("[data-audio]")
        expect(audio).to_be_visible()
        assert audio.get_attribute("controls") is not None
        expect(page.locator("[data-controls]")).to_be_hidden()
        expect(page.get_by_text("Keyboard shortcuts")).to_be_hidden()
        expect(page.get_by_role("link", name="Download", exact=True)).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}]
)
def test_axe_finds_nothing_on_an_episode_or_a_playlist(
    live_server, page, episode, playlist, viewport
):
    page.set_viewport_size(viewport)
    log_in_and_open(page, live_server, episode.url)
    problems = {}
    for url in (episode.url, playlist["page"].url):
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        # With the shortcuts and a status message showing too.
        page.get_by_text("Keyboard shortcuts").click()
        page.get_by_role("button", name="Share").click()
        if found := axe_problems(page):
            problems[url] = found
    assert not problems, problems


def test_the_employee_copies_the_personal_feed_url_and_a_podcast_app_reads_it(
    live_server, page, browser, episode
):
    show = episode.get_parent().specific
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in_and_open(page, live_server, show.url)

    feed_link = page.locator('head link[rel="alternate"][type="application/rss+xml"]')
    expect(feed_link).to_have_attribute("href", f"/feeds/shows/{show.pk}.rss")
    # Stored hashed, the address is made (and shown once) on request.
    page.get_by_role("button", name="Get my personal feed address").click()
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    key_hash = PodcastFeedToken.objects.get(user__username="employee").key_hash
    prefix = f"{live_server.url}/feeds/"
    assert copied.startswith(prefix) and copied.endswith(f"/shows/{show.pk}.rss")
    assert PodcastFeedToken.hash_key(copied[len(prefix) :].split("/")[0]) == key_hash
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
