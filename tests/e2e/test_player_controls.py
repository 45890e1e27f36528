"""The player in a browser: play, pause, seek, shortcuts, speed, reading along, sleep timer."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e import player_support
from tests.e2e.player_support import AUDIO, audio_state, log_in_and_open, wait_for_metadata
from tests.e2e.waiting import wait_until

# Transactional: the live server's thread must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)
# The shared fixtures (tests/e2e/player_support.py), found here by pytest.
show, episode = player_support.show, player_support.episode


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
