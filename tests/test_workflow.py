"""The review workflow end to end, through the real admin views over HTTP."""

import csv
import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision, TaskState, WorkflowState

from cms.core.factories import StandardPageFactory, UserFactory
from cms.core.models import StandardPage
from cms.workflows import roles
from cms.workflows.forms import SAFE_MESSAGING_CHECKLIST
from cms.workflows.models import WellbeingReviewTaskState
from tests.workflow_support import (
    XHR,
    checklist_answers,
    edit_form_data,
    post_edit,
    submit_for_review,
    workflow_action,
)

try:
    from campaigns.factories import CampaignIndexPageFactory, CampaignPageFactory
    from campaigns.models import CampaignPage
except ImportError:  # campaigns not built yet: the full path runs on a StandardPage only
    CampaignPage = None

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    editors = Group.objects.get(name=roles.EDITORS)
    reviewers = Group.objects.get(name=roles.WELLBEING_REVIEWERS)
    return {
        "author": UserFactory(username="wf-author", groups=[editors]),
        "second_editor": UserFactory(username="wf-second-editor", groups=[editors]),
        "reviewer": UserFactory(username="wf-reviewer", groups=[editors, reviewers]),
    }


def client_for(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


@pytest.fixture
def clients(people, client):
    return {name: client_for(type(client), user) for name, user in people.items()}


def create_form_data(model, parent, user):
    """The admin create form for `model` under `parent`, as a browser would post it."""
    from tests.workflow_support import _field_data

    page = model(owner=user, locale=parent.locale)
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=user, parent_page=parent)
    data = _field_data(form)
    for formset in getattr(form, "formsets", {}).values():
        management = formset.management_form
        for name in management.fields:
            data[management[name].html_name] = management[name].value()
    return data


def current_task_name(page):
    page.refresh_from_db()
    task = page.current_workflow_task
    return task.name if task else None


def author_creates_and_submits(clients, people, home, **extra):
    data = create_form_data(StandardPage, home, people["author"])
    data.update(
        {
            "title": "Talking about grief at work",
            "slug": "talking-about-grief",
            "introduction": "How to support a colleague after a loss.",
            "content_notes": "Discusses grief and loss.",
            "action-submit": "1",
            **extra,
        }
    )
    response = clients["author"].post(
        reverse("wagtailadmin_pages:add", args=["core", "standardpage", home.pk]), data
    )
    assert response.status_code == 302, response.content[:2000]
    return StandardPage.objects.get(slug="talking-about-grief")


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


def test_every_language_and_page_type_is_covered_by_the_workflow(site_tree):
    StandardPageFactory(parent=site_tree["sv"], title="Om programmet")
    for page in Page.objects.filter(depth__gt=1).specific():
        workflow = page.get_workflow()
        assert workflow is not None, page
        assert workflow.name == roles.WORKFLOW_NAME


def test_a_new_language_root_is_covered_and_open_to_translators(
    site_tree, django_capture_on_commit_callbacks
):
    from wagtail.models import GroupPagePermission

    from cms.core.models import HomePage

    site_tree["de"].delete()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    german = HomePage.objects.get(locale__language_code="de")
    assert german.workflowpage.workflow.name == roles.WORKFLOW_NAME
    assert set(
        GroupPagePermission.objects.filter(page=german, group__name=roles.TRANSLATORS).values_list(
            "permission__codename", flat=True
        )
    ) == set(roles.TRANSLATOR_PAGE_PERMISSIONS)


def test_system_checks_catch_an_unreviewed_language_or_a_publishing_group(site_tree):
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission, WorkflowPage

    from cms.workflows.checks import check_every_language_is_reviewed

    assert check_every_language_is_reviewed(None) == []

    WorkflowPage.objects.filter(page__depth__in=[1, 2]).exclude(page=site_tree["en"]).delete()
    GroupPagePermission.objects.create(
        group=Group.objects.get(name=roles.EDITORS),
        page=site_tree["en"],
        permission=Permission.objects.get(codename="publish_page"),
    )
    ids = sorted(warning.id for warning in check_every_language_is_reviewed(None))
    assert ids == ["workflows.W001"] * 5 + ["workflows.W002"]


def approve_all_the_way(clients, people, home, slug, title, review_by):
    data = create_form_data(StandardPage, home, people["author"])
    data.update({"title": title, "slug": slug, "action-submit": "1"})
    clients["author"].post(
        reverse("wagtailadmin_pages:add", args=["core", "standardpage", home.pk]), data
    )
    page = StandardPage.objects.get(slug=slug)
    workflow_action(clients["second_editor"], page, "approve")
    workflow_action(clients["reviewer"], page, "approve", checklist_answers(review_by))
    page.refresh_from_db()
    assert page.live
    return page


def test_the_due_for_review_report_lists_overdue_live_pages_and_exports_csv(
    clients, people, site_tree
):
    soon = timezone.localdate() + datetime.timedelta(days=1)
    overdue = approve_all_the_way(clients, people, site_tree["en"], "overdue", "Old advice", soon)
    approve_all_the_way(clients, people, site_tree["en"], "fresh", "Fresh advice", soon)
    # A year later, for the first page only.
    WellbeingReviewTaskState.objects.filter(workflow_state__object_id=str(overdue.pk)).update(
        review_by=timezone.localdate() - datetime.timedelta(days=3)
    )

    url = reverse("workflows:due_for_review")
    content = clients["reviewer"].get(url).content.decode()
    assert "Old advice" in content
    assert "Fresh advice" not in content

    response = clients["reviewer"].get(url, {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Title", "Path", "Language", "Review by", "Signed off at", "Signed off by"]
    assert [row[0] for row in rows[1:]] == ["Old advice"]
    assert rows[1][2] == "en"
    assert rows[1][5] == people["reviewer"].get_full_name()

    with_never = clients["reviewer"].get(url, {"never_signed_off": "true"}).content.decode()
    assert "Never signed off" in with_never  # the demo's home pages

    # Employees never reach it.
    employee_client = client_for(type(clients["reviewer"]), UserFactory(username="wf-employee"))
    response = employee_client.get(url)
    assert response.status_code == 302
    assert "Old advice" not in response.content.decode()


def test_the_dashboard_shows_the_reviewers_pending_reviews(clients, people, site_tree):
    page = author_creates_and_submits(clients, people, site_tree["en"])
    workflow_action(clients["second_editor"], page, "approve")

    dashboard = clients["reviewer"].get(reverse("wagtailadmin_home")).content.decode()
    assert "1 item waits for your “Wellbeing review”." in dashboard
    assert 'id="awaiting-review-section"' in dashboard
    assert "Talking about grief at work" in dashboard

    author_dashboard = clients["author"].get(reverse("wagtailadmin_home")).content.decode()
    assert "waits for your “Wellbeing review”" not in author_dashboard
