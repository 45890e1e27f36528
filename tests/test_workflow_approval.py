"""The review workflow's way to live: two approvals, the checklist, scheduled publishing."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision, TaskState

from cms.workflows import roles
from cms.workflows.forms import SAFE_MESSAGING_CHECKLIST
from cms.workflows.models import WellbeingReviewTaskState
from tests import workflow_path_support
from tests.workflow_path_support import author_creates_and_submits, current_task_name
from tests.workflow_support import (
    XHR,
    checklist_answers,
    edit_form_data,
    submit_for_review,
    workflow_action,
)

try:
    from campaigns.factories import CampaignIndexPageFactory, CampaignPageFactory
    from campaigns.models import CampaignPage
except ImportError:  # campaigns not built yet: the full path runs on a StandardPage only
    CampaignPage = None

pytestmark = pytest.mark.django_db
# The shared fixtures (tests/workflow_path_support.py), found here by pytest.
people, clients = workflow_path_support.people, workflow_path_support.clients


def draft_campaign_by(author, home):
    from campaigns.models import CampaignIndexPage

    index = CampaignIndexPage.objects.child_of(home).first() or CampaignIndexPageFactory(
        parent=home
    )
    campaign = CampaignPageFactory(parent=index, title="Time to Talk Day", owner=author, live=False)
    campaign.save_revision(user=author)
    return campaign


def test_the_full_path_editor_writes_another_editor_and_a_reviewer_approve_it_goes_live(
    clients, people, site_tree
):
    page = author_creates_and_submits(clients, people, site_tree["en"])
    assert not page.live
    assert current_task_name(page) == roles.EDITORIAL_TASK_NAME
    assert page.current_workflow_state.requested_by == people["author"]

    # The author cannot approve their own work, by the modal's URL or by the editor.
    assert workflow_action(clients["author"], page, "approve").status_code == 403
    editor_page = clients["author"].get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert b'name="workflow-action-name"' not in editor_page.content or (
        b'value="approve"' not in editor_page.content
    )

    # Step 1: another editor approves.
    response = workflow_action(clients["second_editor"], page, "approve")
    assert response.status_code == 200
    assert json.loads(response.content)["step"] == "success"
    assert current_task_name(page) == roles.WELLBEING_TASK_NAME
    assert not page.live

    # Step 2 is not the editors': only wellbeing reviewers approve it.
    assert workflow_action(clients["second_editor"], page, "approve").status_code == 403

    # An incomplete checklist approves nothing and says why.
    incomplete = checklist_answers()
    del incomplete["no_method_details"]
    response = workflow_action(clients["reviewer"], page, "approve", incomplete)
    body = json.loads(response.content)
    assert body["step"] == "action"
    assert "Confirm this item, or request changes instead." in body["html"]
    assert current_task_name(page) == roles.WELLBEING_TASK_NAME

    review_by = timezone.localdate() + datetime.timedelta(days=200)
    response = workflow_action(
        clients["reviewer"], page, "approve", checklist_answers(review_by, "Kind and careful.")
    )
    assert json.loads(response.content)["step"] == "success"

    page.refresh_from_db()
    assert page.live
    assert page.current_workflow_state is None
    sign_off = WellbeingReviewTaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_APPROVED
    )
    assert sign_off.finished_by == people["reviewer"]
    assert sign_off.review_by == review_by
    assert sign_off.checklist_complete
    assert sign_off.comment == "Kind and careful."
    assert sign_off.finished_at <= timezone.now()
    assert sign_off.revision_id == page.live_revision_id

    # The audit trail names who approved what.
    actions = list(
        PageLogEntry.objects.filter(page=page)
        .order_by("timestamp", "pk")
        .values_list("action", "user__username")
    )
    assert ("wagtail.workflow.start", "wf-author") in actions
    assert ("wagtail.workflow.approve", "wf-second-editor") in actions
    assert ("wagtail.workflow.approve", "wf-reviewer") in actions
    assert any(action == "wagtail.publish" for action, _user in actions)
    approve_entry = PageLogEntry.objects.filter(
        page=page, action="wagtail.workflow.approve", user=people["reviewer"]
    ).get()
    assert review_by.isoformat() in approve_entry.data["comment"]

    # The sign-off shows on the page's status panel in the admin.
    response = clients["author"].get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    content = response.content.decode()
    assert "Wellbeing sign-off" in content
    assert f"Review again by {review_by:%-d %B %Y}" in content
    assert str(SAFE_MESSAGING_CHECKLIST["route_to_help_visible"]) in content


@pytest.mark.skipif(CampaignPage is None, reason="campaigns.models.CampaignPage not built yet")
def test_the_full_path_for_a_campaign(clients, people, site_tree):
    campaign = draft_campaign_by(people["author"], site_tree["en"])
    response = submit_for_review(clients["author"], campaign, people["author"])
    assert response.status_code == 302, response.content[:3000]
    assert current_task_name(campaign) == roles.EDITORIAL_TASK_NAME

    assert workflow_action(clients["author"], campaign, "approve").status_code == 403
    workflow_action(clients["second_editor"], campaign, "approve")
    assert current_task_name(campaign) == roles.WELLBEING_TASK_NAME
    workflow_action(clients["reviewer"], campaign, "approve", checklist_answers())

    campaign.refresh_from_db()
    assert campaign.live
    assert (
        WellbeingReviewTaskState.objects.get(
            workflow_state__object_id=str(campaign.pk), status=TaskState.STATUS_APPROVED
        ).finished_by
        == people["reviewer"]
    )


def test_the_reviewer_can_approve_with_the_checklist_from_the_editor(clients, people, site_tree):
    page = author_creates_and_submits(clients, people, site_tree["en"])
    workflow_action(clients["second_editor"], page, "approve")
    # The editor's modal first collects and validates the answers ...
    task_state = page.current_workflow_task_state
    collect_url = reverse(
        "wagtailadmin_pages:collect_workflow_action_data",
        args=[page.pk, "approve", task_state.pk],
    )
    collected = json.loads(
        clients["reviewer"].post(collect_url, checklist_answers(), **XHR).content
    )
    assert collected["step"] == "success"
    # ... then posts them with the form.
    data = edit_form_data(page, people["reviewer"])
    data.update(
        {
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps(collected["cleaned_data"]),
        }
    )
    clients["reviewer"].post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    page.refresh_from_db()
    assert page.live


def test_scheduled_publishing_goes_through_review_then_live_at_its_time(clients, people, site_tree):
    go_live_at = timezone.localtime() + datetime.timedelta(days=3)
    page = author_creates_and_submits(
        clients, people, site_tree["en"], go_live_at=go_live_at.strftime("%Y-%m-%d %H:%M")
    )
    workflow_action(clients["second_editor"], page, "approve")
    workflow_action(clients["reviewer"], page, "approve", checklist_answers())

    page.refresh_from_db()
    assert not page.live
    scheduled = Revision.page_revisions.filter(
        object_id=str(page.pk), approved_go_live_at__isnull=False
    ).get()

    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert not page.live  # not yet its time

    # Time passes: the go-live time is now behind us.
    past = timezone.now() - datetime.timedelta(minutes=1)
    scheduled.content["go_live_at"] = past.isoformat()
    scheduled.approved_go_live_at = past
    scheduled.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert page.live
