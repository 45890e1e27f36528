"""What review refuses: bare rejections, self-approval, unreviewed edits, tampered approvals."""

import json

import pytest
from django.urls import reverse
from wagtail.models import Revision, WorkflowState

from cms.core.factories import UserFactory
from cms.core.models import StandardPage
from cms.workflows import roles
from tests import workflow_path_support
from tests.workflow_path_support import (
    author_creates_and_submits,
    client_for,
    create_form_data,
    current_task_name,
)
from tests.workflow_support import checklist_answers, edit_form_data, post_edit, workflow_action

pytestmark = pytest.mark.django_db
# The shared fixtures (tests/workflow_path_support.py), found here by pytest.
people, clients = workflow_path_support.people, workflow_path_support.clients


def test_rejection_needs_a_comment_and_the_author_sees_it(clients, people, site_tree):
    page = author_creates_and_submits(clients, people, site_tree["en"])
    workflow_action(clients["second_editor"], page, "approve")

    response = workflow_action(clients["reviewer"], page, "reject", {"comment": "  "})
    assert json.loads(response.content)["step"] == "action"
    assert "Tell the author what needs to change." in json.loads(response.content)["html"]
    assert current_task_name(page) == roles.WELLBEING_TASK_NAME

    comment = "Please remove the description of the method in paragraph two."
    response = workflow_action(clients["reviewer"], page, "reject", {"comment": comment})
    assert json.loads(response.content)["step"] == "success"
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    state = page.current_workflow_state
    history = clients["author"].get(
        reverse("wagtailadmin_pages:workflow_history_detail", args=[page.pk, state.pk])
    )
    assert comment in history.content.decode()


def test_editorial_step_rejection_needs_a_comment_too(clients, people, site_tree):
    page = author_creates_and_submits(clients, people, site_tree["en"])
    response = workflow_action(clients["second_editor"], page, "reject", {"comment": ""})
    assert json.loads(response.content)["step"] == "action"
    assert current_task_name(page) == roles.EDITORIAL_TASK_NAME


def test_an_edit_after_approval_needs_approval_again(clients, people, site_tree):
    page = author_creates_and_submits(clients, people, site_tree["en"])
    workflow_action(clients["second_editor"], page, "approve")
    assert current_task_name(page) == roles.WELLBEING_TASK_NAME

    # While it waits for the wellbeing review, only reviewers and administrators may edit it.
    post_edit(clients["author"], page, people["author"], title="Sneaked in")
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "Talking about grief at work"

    # An administrator changes the text after the editorial approval.
    admin = UserFactory(username="wf-admin", is_superuser=True, is_staff=True)
    response = post_edit(
        client_for(type(clients["author"]), admin), page, admin, title="Grief at work"
    )
    assert response.status_code == 302

    workflow_action(clients["reviewer"], page, "approve", checklist_answers())
    page.refresh_from_db()
    # The new text was never reviewed editorially: back to step 1, not live.
    assert not page.live
    assert current_task_name(page) == roles.EDITORIAL_TASK_NAME

    workflow_action(clients["second_editor"], page, "approve")
    workflow_action(clients["reviewer"], page, "approve", checklist_answers())
    page.refresh_from_db()
    assert page.live
    assert page.title == "Grief at work"


def test_whoever_edits_during_review_cannot_approve_their_own_edit(clients, people, site_tree):
    page = author_creates_and_submits(clients, people, site_tree["en"])
    # The second editor rewrites a sentence while reviewing, then approves: their approval
    # covers the author's revision, but their own edit needs someone else.
    data = edit_form_data(page, people["second_editor"])
    data.update(
        {
            "introduction": "Supporting a colleague after a loss.",
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": "{}",
        }
    )
    clients["second_editor"].post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    page.refresh_from_db()
    assert current_task_name(page) == roles.EDITORIAL_TASK_NAME
    assert workflow_action(clients["second_editor"], page, "approve").status_code == 403
    assert workflow_action(clients["reviewer"], page, "approve").status_code == 200
    assert current_task_name(page) == roles.WELLBEING_TASK_NAME


def test_a_reviewer_cannot_approve_a_page_they_wrote(clients, people, site_tree):
    home = site_tree["en"]
    data = create_form_data(StandardPage, home, people["reviewer"])
    data.update({"title": "Reviewer's own page", "slug": "reviewers-own", "action-submit": "1"})
    clients["reviewer"].post(
        reverse("wagtailadmin_pages:add", args=["core", "standardpage", home.pk]), data
    )
    page = StandardPage.objects.get(slug="reviewers-own")
    assert workflow_action(clients["reviewer"], page, "approve").status_code == 403
    workflow_action(clients["second_editor"], page, "approve")
    assert (
        workflow_action(clients["reviewer"], page, "approve", checklist_answers()).status_code
        == 403
    )
    page.refresh_from_db()
    assert not page.live
    # Nor is it offered on their dashboard.
    clients["reviewer"].get(reverse("wagtailadmin_home"))  # shows the flash message
    dashboard = clients["reviewer"].get(reverse("wagtailadmin_home")).content.decode()
    assert "Nothing waits for your review." in dashboard
    assert 'id="awaiting-review-section"' not in dashboard


def test_a_tampered_approval_from_the_editor_saves_nothing(clients, people, site_tree):
    page = author_creates_and_submits(clients, people, site_tree["en"])
    workflow_action(clients["second_editor"], page, "approve")
    revisions_before = Revision.objects.filter(object_id=str(page.pk)).count()

    data = edit_form_data(page, people["reviewer"])
    data.update(
        {
            "title": "Changed while approving",
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps({"review_by": "2099-01-01"}),
        }
    )
    response = clients["reviewer"].post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True
    )
    assert response.status_code == 200
    assert "The review was not recorded" in response.content.decode()
    page.refresh_from_db()
    assert not page.live
    assert page.get_latest_revision_as_object().title == "Talking about grief at work"
    assert Revision.objects.filter(object_id=str(page.pk)).count() == revisions_before
    assert current_task_name(page) == roles.WELLBEING_TASK_NAME
