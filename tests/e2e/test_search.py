"""Search in a real browser: type in the header box, pick a suggestion, narrow by topic, open a
transcript hit and land at that moment of the recording."""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from cms.core.factories import TopicFactory
from cms.core.management.commands.load_demo import DEFAULT_DEMO_PASSWORD
from library.factories import AudioFileFactory, EpisodePageFactory, TranscriptFactory
from library.synthesis import encode_mp3, tone_pcm
from tests.e2e.waiting import wait_until
from tests.search_support import cues, make_show, publish

pytestmark = pytest.mark.django_db(transaction=True)

AUDIO = "document.querySelector('[data-audio]')"


def episode_about(show, title, *texts, topics=()):
    page = EpisodePageFactory(
        parent=show,
        title=title,
        slug=title.lower().replace(" ", "-"),
        audio=AudioFileFactory(
            title=title, file=ContentFile(encode_mp3(tone_pcm(60)), name="tone.mp3")
        ),
        transcript=TranscriptFactory(title=title, cues=cues(*texts)),
        live=False,
    )
    page.topics.set(topics)
    return publish(page)


def test_search_suggestion_topic_filter_and_transcript_moment(live_server, page, site_tree):
    show = make_show(site_tree)
    topic = TopicFactory(name="Marzipan worries", slug="marzipan-worries")
    wanted = episode_about(
        show,
        "Sweet dreams",
        "Welcome back.",
        "Marzipan worries keep me awake.",
        topics=[topic],
    )
    episode_about(show, "Other sweets", "My marzipan worries are small.")

    page.goto(f"{live_server.url}/en/login/?next=/en/")
    page.get_by_label("Username").fill("employee")
    page.get_by_label("Password").fill(DEFAULT_DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/en/")
    page.wait_for_load_state("load")

    box = page.locator("#site-search-q")
    box.press_sequentially("marzi", delay=30)
    suggestion = page.locator('#site-search-suggestions option[value="Marzipan worries"]')
    expect(suggestion).to_have_count(1)
    # Picking a suggestion from the list puts its text in the box.
    box.fill("Marzipan worries")
    page.wait_for_url("**/en/search/?*topic=marzipan-worries*")

    # The topic filter is chosen: only the episode about it is listed, with its counts.
    topic_link = page.locator('[data-facet="topic"] [data-facet-value="marzipan-worries"]')
    expect(topic_link).to_have_attribute("aria-current", "true")
    results = page.locator("[data-result]")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Sweet dreams")

    # Without the filter both episodes match; choose it again by clicking.
    topic_link.click()
    expect(page.locator("[data-result]")).to_have_count(2)
    page.locator('[data-facet="topic"] [data-facet-value="marzipan-worries"]').click()
    expect(page.locator("[data-result]")).to_have_count(1)

    # The transcript hit links to the moment it is said.
    page.get_by_role("link", name="At 0:30").click()
    page.wait_for_url(f"**{wanted.url}#t=30")
    page.wait_for_load_state("load")
    wait_until(page, f"{AUDIO}.currentTime === 30")
    expect(page.locator("[data-current-time]")).to_have_text("0:30")
