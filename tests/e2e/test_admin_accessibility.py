"""axe-core (WCAG 2.2 AA) on the project's own admin screens and panels: the translation queue
(dashboard panel and listing), the reviews dashboard panel, the wellbeing approval modal, the
review companions in an episode's status side panel, the Insights screens and the audio upload
widget. Each check is limited to our own elements (axe's `include`), because the Wagtail markup
around them is Wagtail's to fix; 0 violations."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cms.core.factories import UserFactory
from cms.workflows import roles
from tests.e2e.accessibility import axe_problems, log_in_context
from tests.e2e.conftest import wait_for_live_server_requests
from tests.e2e.waiting import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("listener_site")]

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def open_as(browser, live_server):
    contexts = []

    def open_page(username):
        context = browser.new_context(viewport=DESKTOP, locale="en-GB", bypass_csp=True)
        contexts.append(context)
        log_in_context(context, live_server, get_user_model().objects.get(username=username))
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()
    wait_for_live_server_requests()


def check(page, url, include, problems, live_server):
    response = page.goto(live_server.url + url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    found = axe_problems(page, include=include)
    if found:
        problems[url] = found


def episode_in_review():
    """A new episode by another editor with its draft transcript, submitted (so the transcript
    rides along as a companion) and through the editorial step."""
    from library.factories import AudioFileFactory, EpisodePageFactory, TranscriptFactory
    from library.models import PodcastShowPage

    editors = Group.objects.get(name=roles.EDITORS)
    author = UserFactory(username="e2e-a11y-author", groups=[editors])
    second = UserFactory(username="e2e-a11y-second", groups=[editors])
    transcript = TranscriptFactory(
        title="Quiet minutes", live=False, cues=[], text="A few quiet minutes, together."
    )
    transcript.save_revision(user=author)
    episode = EpisodePageFactory(
        parent=PodcastShowPage.objects.filter(locale__language_code="en").first(),
        title="Quiet minutes",
        slug="quiet-minutes-a11y",
        live=False,
        owner=author,
        audio=AudioFileFactory(title="Quiet minutes"),
        transcript=transcript,
    )
    episode.save_revision(user=author)
    episode.get_workflow().start(episode, author)
    episode.current_workflow_task_state.approve(user=second)
    return episode


def test_the_translators_queue_has_no_accessibility_violations(open_as, live_server):
    page = open_as("translator")
    problems = {}
    check(page, "/admin/", ["#translation-queue-section"], problems, live_server)
    for url in ("/admin/translation-queue/sv/", "/admin/translation-queue/de/?status=translate"):
        check(page, url, ["main nav", "main table.listing"], problems, live_server)
    assert not problems, problems


def test_the_reviewers_panels_and_modal_have_no_accessibility_violations(open_as, live_server):
    episode = episode_in_review()
    page = open_as("reviewer")
    problems = {}
    check(page, "/admin/", ["#wellbeing-review-summary-section"], problems, live_server)

    # The wellbeing approval modal (our template), with its date field.
    row = page.locator("#awaiting-review-section tr", has_text="Quiet minutes")
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve with checklist").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("Safe-messaging checklist")).to_be_visible()
    # Colours are measured once the modal has faded in, not halfway.
    wait_until(page, "getComputedStyle(document.querySelector('.modal')).opacity === '1'")
    found = axe_problems(page, include=[".modal-content form"])
    if found:
        problems["approval modal"] = found

    # The episode's status side panel lists the transcript riding with it.
    page.goto(f"{live_server.url}/admin/pages/{episode.pk}/edit/")
    page.get_by_role("button", name="Toggle status").first.click()
    expect(page.get_by_test_id("review-companions")).to_be_visible()
    found = axe_problems(page, include=['[data-testid="review-companions"]'])
    if found:
        problems["review companions"] = found
    assert not problems, problems


def test_insights_and_the_audio_upload_form_have_no_accessibility_violations(open_as, live_server):
    from campaigns.models import CampaignPage
    from library.models import PodcastShowPage

    campaign = CampaignPage.objects.filter(locale__language_code="en").first()
    show = PodcastShowPage.objects.filter(locale__language_code="en").first()
    page = open_as("editor")
    problems = {}
    for url in (
        "/admin/insights/",
        "/admin/insights/campaigns/",
        f"/admin/insights/campaigns/{campaign.pk}/",
        "/admin/insights/shows/",
        f"/admin/insights/shows/{show.pk}/",
        "/admin/insights/search/",
    ):
        check(page, url, ["[data-insights]"], problems, live_server)
    check(
        page,
        "/admin/snippets/library/audiofile/add/",
        ["[data-audio-upload]"],
        problems,
        live_server,
    )
    assert not problems, problems
