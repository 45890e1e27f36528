"""One review for an episode and its transcript (issue #14): submitting the episode takes its
draft transcript into the same review; approval publishes both together, or neither."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Revision, WorkflowState

from cms.core.factories import UserFactory
from cms.workflows import roles
from cms.workflows.models import ReviewCompanion
from library.factories import AudioFileFactory, EpisodePageFactory, TranscriptFactory
from library.models import EpisodePage
from tests.workflow_support import (
    XHR,
    checklist_answers,
    clients_for,
    edit_form_data,
    post_edit,
    snippet_edit_data,
    snippet_edit_url,
    snippet_workflow_action,
    submit_for_review,
    workflow_action,
)

pytestmark = pytest.mark.django_db

DRAFT_WORDS = "Rest is part of the work, not a reward for it."


@pytest.fixture
def people():
    editors = Group.objects.get(name=roles.EDITORS)
    reviewers = Group.objects.get(name=roles.WELLBEING_REVIEWERS)
    return {
        "author": UserFactory(username="er-author", groups=[editors]),
        "second_editor": UserFactory(username="er-second-editor", groups=[editors]),
        "reviewer": UserFactory(username="er-reviewer", groups=[editors, reviewers]),
        "translator": UserFactory(
            username="er-translator", groups=[Group.objects.get(name=roles.TRANSLATORS)]
        ),
    }


@pytest.fixture
def clients(people, client):
    return clients_for(client, people)


def draft_transcript(author, **kwargs):
    transcript = TranscriptFactory(
        title="Rest is not a reward", live=False, cues=[], text=DRAFT_WORDS, **kwargs
    )
    transcript.save_revision(user=author)
    return transcript


def draft_episode(show, author, transcript, **kwargs):
    episode = EpisodePageFactory(
        parent=show,
        title="Rest is not a reward",
        slug="rest-is-not-a-reward-draft",
        live=False,
        owner=author,
        content_notes="Mentions exhaustion.",
        audio=AudioFileFactory(title="Rest is not a reward"),
        transcript=transcript,
        **kwargs,
    )
    episode.save_revision(user=author)
    return episode


def approve_both_steps(clients, episode):
    first = workflow_action(clients["second_editor"], episode, "approve")
    assert json.loads(first.content)["step"] == "success"
    return workflow_action(clients["reviewer"], episode, "approve", checklist_answers())


def refresh(*objects):
    for obj in objects:
        obj.refresh_from_db()


def test_one_submission_and_one_review_round_publish_the_episode_and_its_transcript(
    clients, people, show, employee_client
):
    transcript = draft_transcript(people["author"])
    episode = draft_episode(show, people["author"], transcript)

    response = submit_for_review(clients["author"], episode, people["author"])
    assert response.status_code == 302, response.content.decode()[:3000]
    refresh(episode, transcript)
    state = episode.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    # The transcript rides along: pinned to the episode's review, no review of its own.
    companion = ReviewCompanion.objects.get(workflow_state=state)
    assert companion.revision_id == transcript.latest_revision_id
    assert transcript.current_workflow_state is None

    # The reviewers see it: listed in the episode's status panel, and in the preview.
    edit_page = clients["second_editor"].get(reverse("wagtailadmin_pages:edit", args=[episode.pk]))
    panel = edit_page.content.decode().split('data-testid="review-companions"')[1][:1500]
    assert "Rest is not a reward" in panel
    assert reverse("wagtailsnippets_library_transcript:edit", args=[transcript.pk]) in panel
    preview = clients["second_editor"].get(
        reverse("wagtailadmin_pages:revisions_view", args=[episode.pk, episode.latest_revision_id])
    )
    assert DRAFT_WORDS in preview.content.decode()

    response = approve_both_steps(clients, episode)
    assert json.loads(response.content)["step"] == "success"
    refresh(episode, transcript)
    assert episode.live and transcript.live
    assert transcript.live_revision_id == companion.revision_id
    assert EpisodePage.objects.get(pk=episode.pk).display_transcript == transcript
    assert DRAFT_WORDS in employee_client.get(episode.url).content.decode()


def test_a_change_to_a_live_episodes_transcript_goes_with_the_episode(clients, people, episode):
    transcript = episode.transcript
    old_text = transcript.as_plain_text()
    draft = (
        transcript.get_latest_revision_as_object() if transcript.latest_revision_id else transcript
    )
    draft.cues = []
    draft.text = DRAFT_WORDS
    draft.save_revision(user=people["author"])
    refresh(transcript)
    assert transcript.has_unpublished_changes

    submit_for_review(clients["author"], episode, people["author"], title="Rest, revisited")
    approve_both_steps(clients, episode)
    refresh(episode, transcript)
    assert episode.title == "Rest, revisited"
    assert transcript.text == DRAFT_WORDS and DRAFT_WORDS not in old_text
    assert not transcript.has_unpublished_changes


def test_if_one_companion_cannot_be_published_nothing_is_and_the_reviewer_is_told_why(
    clients, people, show
):
    episode = draft_episode(show, people["author"], None)
    english = draft_transcript(people["author"])
    swedish = draft_transcript(
        people["author"],
        locale=Locale.objects.get(language_code="sv"),
        translation_key=english.translation_key,
    )
    # An English episode needs only its own transcript; add the Swedish one to its review by
    # hand to have two companions, the second of which cannot be published.
    episode.transcript = english
    episode.save_revision(user=people["author"])
    submit_for_review(clients["author"], episode, people["author"])
    state = WorkflowState.objects.get(object_id=str(episode.pk), status="in_progress")
    swedish_revision = swedish.latest_revision
    ReviewCompanion.objects.create(
        workflow_state=state,
        base_content_type=swedish.get_base_content_type(),
        object_id=str(swedish.pk),
        revision=swedish_revision,
    )
    assert state.companions.count() == 2
    swedish_revision.content["title"] = ""  # a required field: the revision is invalid
    swedish_revision.save(update_fields=["content"])

    workflow_action(clients["second_editor"], episode, "approve")
    # The dashboard's modal: refused as a whole.
    response = workflow_action(clients["reviewer"], episode, "approve", checklist_answers())
    assert response.status_code == 403
    refresh(episode, english, swedish)
    assert not episode.live and not english.live and not swedish.live
    assert episode.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert episode.current_workflow_task.name == roles.WELLBEING_TASK_NAME

    # The editor's action button: the reviewer reads why, and nothing is saved.
    data = edit_form_data(episode, people["reviewer"])
    data.update(
        {
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps(checklist_answers()),
        }
    )
    response = clients["reviewer"].post(
        reverse("wagtailadmin_pages:edit", args=[episode.pk]), data, follow=True
    )
    assert "cannot be published" in response.content.decode()
    refresh(episode, english, swedish)
    assert not episode.live and not english.live and not swedish.live

    # Made publishable again, the same approval publishes all three together.
    swedish_revision.content["title"] = "Vila är ingen belöning"
    swedish_revision.save(update_fields=["content"])
    workflow_action(clients["reviewer"], episode, "approve", checklist_answers())
    refresh(episode, english, swedish)
    assert episode.live and english.live and swedish.live


def test_request_changes_returns_both_and_the_resubmission_takes_the_new_transcript(
    clients, people, show
):
    transcript = draft_transcript(people["author"])
    episode = draft_episode(show, people["author"], transcript)
    submit_for_review(clients["author"], episode, people["author"])

    # While in review, the transcript stays as the reviewers see it.
    data = snippet_edit_data(transcript, people["author"])
    data["text"] = "Changed behind the reviewers' backs."
    response = clients["author"].post(snippet_edit_url(transcript), data, follow=True)
    assert "is in review with" in response.content.decode()
    refresh(transcript)
    assert "behind" not in transcript.get_latest_revision_as_object().text

    workflow_action(
        clients["second_editor"], episode, "reject", {"comment": "Fix the transcript's typo."}
    )
    refresh(episode, transcript)
    assert episode.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not episode.live and not transcript.live

    # Back with the author: the transcript can be changed, and the episode resubmitted.
    data = snippet_edit_data(transcript, people["author"])
    data["text"] = "Rest is part of the work."
    assert clients["author"].post(snippet_edit_url(transcript), data).status_code == 302
    refresh(transcript)
    new_revision = transcript.latest_revision_id
    submit_for_review(clients["author"], episode, people["author"])
    refresh(episode)
    companion = ReviewCompanion.objects.get(workflow_state=episode.current_workflow_state)
    assert companion.revision_id == new_revision

    approve_both_steps(clients, episode)
    refresh(episode, transcript)
    assert episode.live and transcript.live
    assert transcript.text == "Rest is part of the work."


def test_a_transcript_correction_is_still_reviewed_alone(clients, people, episode):
    transcript = episode.transcript
    data = snippet_edit_data(transcript, people["author"])
    data.update({"cues-count": "0", "text": "A corrected transcript.", "action-submit": "1"})
    response = clients["author"].post(snippet_edit_url(transcript), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    refresh(transcript)
    assert transcript.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not ReviewCompanion.objects.exists()

    snippet_workflow_action(clients["second_editor"], transcript, "approve")
    snippet_workflow_action(clients["reviewer"], transcript, "approve", checklist_answers())
    refresh(transcript, episode)
    assert transcript.text == "A corrected transcript."
    assert episode.live and not episode.has_unpublished_changes


def test_a_transcript_already_in_its_own_review_is_taken_into_the_episodes(clients, people, show):
    transcript = draft_transcript(people["author"])
    data = snippet_edit_data(transcript, people["author"])
    data["action-submit"] = "1"
    clients["author"].post(snippet_edit_url(transcript), data)
    refresh(transcript)
    own_review = transcript.current_workflow_state
    assert own_review is not None

    episode = draft_episode(show, people["author"], transcript)
    response = submit_for_review(clients["author"], episode, people["author"])
    assert response.status_code == 302
    assert "Send it for review first" not in response.content.decode()
    own_review.refresh_from_db()
    assert own_review.status == WorkflowState.STATUS_CANCELLED
    refresh(episode)
    assert ReviewCompanion.objects.filter(workflow_state=episode.current_workflow_state).exists()

    approve_both_steps(clients, episode)
    refresh(episode, transcript)
    assert episode.live and transcript.live


# Every route to the site, tried with an episode whose transcript is an unreviewed draft.


def test_unreviewed_path_admin_publish_buttons(clients, people, show, role_users):
    transcript = draft_transcript(people["author"])
    episode = draft_episode(show, people["author"], transcript)
    for who in ("author", "reviewer"):
        post_edit(clients[who], episode, people[who], **{"action-publish": "1"})
        data = snippet_edit_data(transcript, people[who])
        data["action-publish"] = "1"
        clients[who].post(snippet_edit_url(transcript), data)
        refresh(episode, transcript)
        assert not episode.live and not transcript.live, who
    # An administrator may publish, but not an episode whose transcript is unpublished: the
    # message says what to do (no "Send it for review first").
    admin = role_users["Administrators"]
    admin_client = type(clients["author"])()
    admin_client.force_login(admin)
    response = post_edit(admin_client, episode, admin, **{"action-publish": "1"})
    content = response.content.decode()
    assert "Submit the episode for review instead" in content
    assert "Send it for review first" not in content
    refresh(episode, transcript)
    assert not episode.live and not transcript.live


def test_unreviewed_path_admin_api(clients, people, show):
    transcript = draft_transcript(people["author"])
    episode = draft_episode(show, people["author"], transcript)
    for who in ("author", "reviewer", "translator"):
        url = f"/admin/api/main/pages/{episode.pk}/action/publish/"
        response = clients[who].post(url, content_type="application/json", **XHR)
        # Refused (a translator, who cannot see the page, is sent to a language-prefixed 404).
        assert response.status_code in (302, 403, 404), (who, response.status_code)
        for method in ("put", "patch"):
            response = getattr(clients[who], method)(
                f"/admin/api/main/pages/{episode.pk}/", "{}", content_type="application/json"
            )
            assert response.status_code in (403, 404, 405), (who, method)
    refresh(episode, transcript)
    assert not episode.live and not transcript.live


def test_unreviewed_path_signals_and_saving_drafts(clients, people, episode):
    """Saving drafts (and the submission signal) never publishes; an administrator's publish
    of the episode itself leaves a transcript draft nobody approved as a draft."""
    transcript = episode.transcript
    transcript.text, transcript.cues = "Unreviewed words.", []
    transcript.save_revision(user=people["author"])
    episode.save_revision(user=people["author"]).publish(skip_permission_checks=True)
    refresh(transcript)
    assert "Unreviewed" not in transcript.as_plain_text()
    assert transcript.has_unpublished_changes


def test_unreviewed_path_scheduled_publishing(clients, people, show):
    transcript = draft_transcript(people["author"])
    go_live_at = timezone.now() + datetime.timedelta(days=2)
    episode = draft_episode(show, people["author"], transcript, go_live_at=go_live_at)
    # A draft with a go-live date that nobody approved is never picked up.
    call_command("publish_scheduled", verbosity=0)
    refresh(episode, transcript)
    assert not episode.live and not transcript.live

    submit_for_review(clients["author"], episode, people["author"])
    approve_both_steps(clients, episode)
    refresh(episode, transcript)
    assert not episode.live and not transcript.live  # approved, waiting for its time
    scheduled = Revision.page_revisions.get(
        object_id=str(episode.pk), approved_go_live_at__isnull=False
    )
    call_command("publish_scheduled", verbosity=0)
    refresh(episode, transcript)
    assert not episode.live and not transcript.live

    past = timezone.now() - datetime.timedelta(minutes=1)
    scheduled.content["go_live_at"] = past.isoformat()
    scheduled.approved_go_live_at = past
    scheduled.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled", verbosity=0)
    refresh(episode, transcript)
    assert episode.live and transcript.live
    assert transcript.text == DRAFT_WORDS


def test_unreviewed_path_translation_sync(people, episode):
    """wagtail-localize's sync writes a live translation's new wording as a draft only."""
    from wagtail_localize.models import TranslationSource

    source_transcript = episode.transcript
    swedish = Locale.objects.get(language_code="sv")
    source, _created = TranslationSource.update_or_create_from_instance(source_transcript)
    source.create_or_update_translation(swedish, publish=True, fallback=True)
    translated = source_transcript.get_translation(swedish)
    assert translated.live
    live_text = translated.as_plain_text()

    source_transcript.cues, source_transcript.text = [], "A new English wording."
    source_transcript.save_revision(user=people["author"]).publish(skip_permission_checks=True)
    source, _created = TranslationSource.update_or_create_from_instance(source_transcript)
    source.create_or_update_translation(swedish, publish=False, fallback=True)
    translated.refresh_from_db()
    assert translated.live and translated.as_plain_text() == live_text
    assert "A new English wording." in translated.get_latest_revision_as_object().as_plain_text()
