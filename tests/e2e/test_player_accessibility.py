"""The player for everyone: visible focus, the shortcuts' help, no JavaScript, axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e import player_support
from tests.e2e.accessibility import axe_problems
from tests.e2e.player_support import audio_state, log_in_and_open

# Transactional: the live server's thread must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)
# The shared fixtures (tests/e2e/player_support.py), found here by pytest.
show, episode, playlist = player_support.show, player_support.episode, player_support.playlist


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
