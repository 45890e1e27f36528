"""Sharing an episode's address, and a podcast app subscribing with the personal feed."""

import feedparser
import pytest
from playwright.sync_api import expect

from library.models import PodcastFeedToken
from tests.e2e import player_support
from tests.e2e.player_support import log_in_and_open

# Transactional: the live server's thread must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)
# The shared fixtures (tests/e2e/player_support.py), found here by pytest.
show, episode = player_support.show, player_support.episode


def test_share_copies_the_episode_address(live_server, page, episode):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in_and_open(page, live_server, episode.url)
    player = page.get_by_role("region", name="Audio player")
    player.get_by_role("button", name="Share").click()
    expect(player.get_by_role("status")).to_have_text("Link copied")
    expect(player.get_by_role("status")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == live_server.url + episode.url


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
