"""A playlist plays as a queue: play all, play next, previous and next, and listening.js."""

import pytest
from playwright.sync_api import expect

from tests.e2e import player_support
from tests.e2e.player_support import AUDIO, audio_state, log_in_and_open, wait_for_metadata
from tests.e2e.waiting import wait_until

# Transactional: the live server's thread must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)
# The shared fixtures (tests/e2e/player_support.py), found here by pytest.
show, playlist = player_support.show, player_support.playlist


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
