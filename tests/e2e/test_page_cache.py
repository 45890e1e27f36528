"""The page cache in a real browser: a listener served a cached page (rendered for someone else)
gets their own CSRF cookie and token, so Save works, and a valid CSP nonce, so the page's scripts
run under the strict policy."""

import pytest
from playwright.sync_api import expect

from library.listening.models import SavedItem
from tests.e2e.accessibility import log_in_context
from tests.e2e.test_listening import episode, listeners, open_as  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_cached_page_works_for_the_next_listener(
    browser,
    live_server,
    episode,  # noqa: F811
    listeners,  # noqa: F811
    settings,
):
    settings.PAGE_CACHE_SECONDS = 600
    first, second = listeners
    responses = []

    context, page = open_as(browser, live_server, first, episode.url)
    context.close()

    context = browser.new_context(locale="en-GB")
    log_in_context(context, live_server, second)
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = []
    page.on("console", lambda message: violations.append(message.text))
    page.on(
        "response",
        lambda response: (
            responses.append(response) if response.url == live_server.url + episode.url else None
        ),
    )
    page.goto(live_server.url + episode.url)
    page.wait_for_load_state("load")
    assert responses and responses[0].headers.get("x-page-cache") == "hit"
    assert any(cookie["name"] == "csrftoken" for cookie in context.cookies())

    save = page.locator("[data-save-item]")
    expect(save).to_be_visible()  # listening.js ran: its script passed the policy
    save.click()
    expect(save).to_have_attribute("aria-pressed", "true")
    assert SavedItem.objects.filter(user=second, page=episode).exists()
    assert not SavedItem.objects.filter(user=first).exists()
    assert not [text for text in violations if "Content Security Policy" in text]
    context.close()
