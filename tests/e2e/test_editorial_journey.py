"""The editorial journey of issue #14 in Chromium at desktop width, as the demo users do it.

The demo editor uploads a new recording through the admin's audio form (a real MP3 made by
tests/audio_samples.py), writes its transcript, creates an episode under a show with both
and submits it once. The demo reviewer approves both steps from the dashboard, the wellbeing one
with the safe-messaging checklist and its date picker. The episode, its transcript and its
recording then reach the site together: the demo employee reads the transcript on the episode's
page and can fetch the audio. Then the demo translator, starting from the admin home, finds the
new episode in the translation queue, starts translating it into Swedish and submits the
translation for review. No step logs a script error."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cms.core.management.commands.load_demo import DEFAULT_DEMO_PASSWORD
from cms.workflows.forms import DEFAULT_REVIEW_MONTHS, months_from
from cms.workflows.models import WellbeingReviewTaskState
from tests.audio_samples import mp3_bytes
from tests.e2e.conftest import wait_for_live_server_requests

# Transactional: the live server's thread must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 900}
EPISODE_TITLE = "Asking for help at work"
AUDIO_TITLE = "Asking for help at work (recording)"
TRANSCRIPT_TEXT = (
    "Today we talk about asking a colleague for help when a week feels too heavy to carry alone."
)
SWEDISH_TITLE = "Att be om hjälp på jobbet"


class Session:
    """One demo user's browser context, recording every script error it sees."""

    def __init__(self, browser, live_server, username):
        self.live_server = live_server
        self.context = browser.new_context(locale="en-GB", viewport=DESKTOP)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.errors = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )
        self.username = username

    def log_in(self, path="/admin/login/", home="/admin/", button="Sign in"):
        page = self.page
        page.goto(self.live_server.url + path)
        page.get_by_label("Username").fill(self.username)
        page.get_by_label("Password").fill(DEFAULT_DEMO_PASSWORD)
        page.get_by_role("button", name=button).click()
        expect(page).to_have_url(self.live_server.url + home)
        return page

    def close(self):
        self.context.close()
        wait_for_live_server_requests()


@pytest.fixture
def sessions(browser, live_server):
    opened = []

    def open_session(username):
        session = Session(browser, live_server, username)
        opened.append(session)
        return session

    yield open_session
    for session in opened:
        session.close()


def choose_in_modal(page, button_name, search, title):
    """Open a chooser from the edit form, search it (if `search`) and pick the row `title`."""
    page.get_by_role("button", name=button_name).click()
    modal = page.locator(".modal-content")
    expect(modal.get_by_role("heading", name=re.compile("Choose"))).to_be_visible()
    expect(modal.locator("table.listing")).to_be_visible()
    if search is not None:
        modal.locator("input[name=q]").fill(search)
    modal.get_by_role("link", name=title, exact=True).click()
    expect(modal).to_have_count(0)


def wait_for(condition, page, what, attempts=150):
    for _attempt in range(attempts):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out waiting for {what}")


def editor_uploads_writes_and_submits(session, show, tmp_path):
    from library.models import AudioFile, Transcript

    page = session.log_in()

    # A new recording through the admin's audio form (the upload script sends it with progress).
    recording = tmp_path / "asking-for-help.mp3"
    recording.write_bytes(mp3_bytes(seconds=3.0))
    page.goto(session.live_server.url + "/admin/snippets/library/audiofile/add/")
    page.get_by_role("textbox", name="Title*").fill(AUDIO_TITLE)
    page.locator("#id_file").set_input_files(str(recording))
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(session.live_server.url + "/admin/snippets/library/audiofile/")
    audio = AudioFile.objects.get(title=AUDIO_TITLE)
    assert audio.duration_seconds > 2 and audio.mime_type == "audio/mpeg"

    # Its transcript, saved as a draft: it goes live with the episode, through the same review.
    page.goto(session.live_server.url + "/admin/snippets/library/transcript/add/")
    page.get_by_role("textbox", name="Title*").fill(EPISODE_TITLE)
    page.get_by_role("textbox", name="Text without timings").fill(TRANSCRIPT_TEXT)
    page.get_by_role("button", name="Save draft").click()
    expect(page).to_have_url(re.compile(r"/admin/snippets/library/transcript/edit/\d+/$"))
    transcript = Transcript.objects.get(title=EPISODE_TITLE, locale__language_code="en")
    assert not transcript.live

    # The episode under the show, with both chosen, submitted once.
    page.goto(f"{session.live_server.url}/admin/pages/{show.pk}/add_subpage/")
    expect(page).to_have_url(re.compile(rf"/admin/pages/add/library/episodepage/{show.pk}/$"))
    page.get_by_role("textbox", name="Title*").fill(EPISODE_TITLE)
    # Not searchable: the newest recordings in the page's language come first.
    choose_in_modal(page, "Choose audio file", None, AUDIO_TITLE)
    choose_in_modal(page, "Choose transcript", "Asking for help", EPISODE_TITLE)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile("Submit to Editorial and wellbeing review")).click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Page '{EPISODE_TITLE}' created and submitted for moderation."
    )
    return audio, transcript


def reviewer_approves_both_steps(session, episode):
    page = session.log_in()
    awaiting = page.locator("#awaiting-review-section")
    row = awaiting.locator("tr", has_text=EPISODE_TITLE)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    # Wagtail's plain approval posts and reloads the dashboard, now on the wellbeing step.
    wait_for(
        lambda: (
            episode.__class__.objects.get(
                pk=episode.pk
            ).current_workflow_task.specific.__class__.__name__
            == "WellbeingReviewTask"
        ),
        page,
        "the editorial approval",
    )
    page.goto(session.live_server.url + "/admin/")
    row = page.locator("#awaiting-review-section").locator("tr", has_text=EPISODE_TITLE)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve with checklist").click()

    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("Safe-messaging checklist")).to_be_visible()
    for checkbox in dialog.get_by_role("checkbox").all():
        checkbox.check()
    # The review-by date from the picker: the 15th of the month before the proposed one.
    field = dialog.get_by_label("Review again by")
    default = months_from(timezone.localdate(), DEFAULT_REVIEW_MONTHS)
    expect(field).to_have_value(default.isoformat())
    field.click()
    picker = page.locator(".xdsoft_datetimepicker:visible")
    picker.locator(".xdsoft_monthpicker .xdsoft_prev").click()
    chosen = months_from(default.replace(day=15), -1)
    picker.locator(
        f'td.xdsoft_date[data-date="15"][data-month="{chosen.month - 1}"]'
        f'[data-year="{chosen.year}"]'
    ).click()
    expect(field).to_have_value(chosen.isoformat())
    dialog.get_by_role("button", name="Approve and sign off").click()
    wait_for(lambda: episode.__class__.objects.get(pk=episode.pk).live, page, "the episode live")
    return chosen


def employee_reads_the_transcript(session, episode, audio):
    page = session.log_in(path=f"/en/login/?next={episode.url}", home=episode.url, button="Log in")
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text(EPISODE_TITLE)
    transcript = page.locator("section.transcript")
    expect(transcript.get_by_role("heading", name="Transcript")).to_be_visible()
    expect(transcript).to_contain_text(TRANSCRIPT_TEXT)
    # The uploaded recording is the one the page plays, and the employee may fetch it.
    source = page.locator("audio[data-audio]").get_attribute("src")
    assert source == audio.get_delivery_url()
    response = page.request.get(session.live_server.url + source, headers={"Range": "bytes=0-1"})
    assert response.status == 206, response.status


def translator_translates_from_the_queue(session, episode):
    page = session.log_in()
    # From the dashboard only: no address typed after the admin home.
    page.locator("#translation-queue-section").get_by_role("link", name="Swedish").click()
    page.get_by_role("link", name=re.compile(r"^Not translated \(\d+\)$")).click()
    expect(page).to_have_url(re.compile(r"/admin/translation-queue/sv/\?status=translate$"))
    expect(page.locator("table.listing tbody tr").first).to_be_visible()
    # The episode's row (its transcript, live with it, waits in its own row).
    row = page.locator("table.listing tbody tr", has_text=EPISODE_TITLE).filter(
        has=page.get_by_role("cell", name="Episode", exact=True)
    )
    while row.count() == 0:  # the queue lists pages in tree order, a page at a time
        page.get_by_role("link", name="Next").first.click()
        expect(page.locator("table.listing tbody tr").first).to_be_visible()
    row.get_by_role("link", name=re.compile("^Translate")).click()

    # wagtail-localize's screen with Swedish ticked: one click creates the draft translation.
    expect(page.get_by_role("heading", level=1)).to_contain_text(EPISODE_TITLE)
    expect(page.get_by_role("checkbox", name="Swedish", exact=False)).to_be_checked()
    page.get_by_role("button", name="Submit").click()

    # The translation editor: translate the title, then submit the translation for review.
    segment = page.locator("li", has_text=EPISODE_TITLE).filter(
        has=page.get_by_role("button", name="Translate")
    )
    segment.first.get_by_role("button", name="Translate").click()
    page.locator("textarea").fill(SWEDISH_TITLE)
    with page.expect_response(lambda response: response.request.method == "PUT") as saved:
        page.get_by_role("button", name="Save").click()
    assert saved.value.ok, saved.value.status
    with page.expect_navigation():
        page.get_by_role("button", name="Submit translation for review").click()


@pytest.fixture
def show(site_tree):
    """An English show, translated into Swedish (with its library) as translators had done."""
    from wagtail.models import Locale

    from cms.core.demo import translate_demo_object
    from library.factories import LibraryIndexPageFactory, PodcastShowPageFactory
    from tests.trees import published

    swedish = Locale.objects.get(language_code="sv")
    library = published(LibraryIndexPageFactory(parent=site_tree["en"]))
    translate_demo_object(library, swedish, {"Listen": "Lyssna"})
    show = published(PodcastShowPageFactory(parent=library, title="Talking Minds"))
    translate_demo_object(show, swedish, {"Talking Minds": "Tankar som talar"})
    return show


def test_an_episode_goes_from_the_editor_through_one_review_to_the_translator(
    sessions, live_server, tmp_path, show
):
    from library.models import EpisodePage, Transcript

    editor = sessions("editor")
    audio, transcript = editor_uploads_writes_and_submits(editor, show, tmp_path)
    episode = EpisodePage.objects.get(title=EPISODE_TITLE, locale__language_code="en")
    assert episode.audio_id == audio.pk and episode.transcript_id == transcript.pk
    assert episode.current_workflow_state.requested_by.username == "editor"
    assert not episode.live

    reviewer = sessions("reviewer")
    chosen = reviewer_approves_both_steps(reviewer, episode)

    episode.refresh_from_db()
    transcript.refresh_from_db()
    assert episode.live and transcript.live
    assert transcript.text.strip() == TRANSCRIPT_TEXT
    sign_off = WellbeingReviewTaskState.objects.get(workflow_state__object_id=str(episode.pk))
    assert sign_off.finished_by.username == "reviewer"
    assert sign_off.review_by == chosen

    employee = sessions("employee")
    employee_reads_the_transcript(employee, episode, audio)

    translator = sessions("translator")
    translator_translates_from_the_queue(translator, episode)
    swedish = EpisodePage.objects.get(
        translation_key=episode.translation_key, locale__language_code="sv"
    )
    assert swedish.current_workflow_state.requested_by.username == "translator"
    assert swedish.get_latest_revision().as_object().title == SWEDISH_TITLE
    assert not swedish.live
    assert Transcript.objects.get(pk=transcript.pk).live  # the English one stays as reviewed

    problems = {s.username: s.errors for s in (editor, reviewer, employee, translator) if s.errors}
    assert not problems, problems
