"""Safe-messaging findings in the review workflow, through the real admin views: stored with the
submitted revision and shown to the editor, answered by the wellbeing reviewer before approval,
signposting required on pages about suicide or self-harm; employees never see any of it."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageLogEntry

from cms.core.factories import TopicFactory, UserFactory
from cms.core.models import StandardPage
from cms.safety.models import Acknowledgement, FindingsReport
from cms.safety.review import approval_blockers
from cms.workflows import roles
from tests.safety_support import seed_the_lexicon
from tests.workflow_support import XHR, checklist_answers, edit_form_data, workflow_action

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lexicon(db):
    """The seed safe-messaging lexicon, as `manage.py seed_safe_messaging_lexicon` adds it."""
    seed_the_lexicon()


RISKY_INTRODUCTION = "Last year a colleague committed suicide."


@pytest.fixture
def people():
    editors = Group.objects.get(name=roles.EDITORS)
    reviewers = Group.objects.get(name=roles.WELLBEING_REVIEWERS)
    return {
        "author": UserFactory(username="sm-author", groups=[editors]),
        "second_editor": UserFactory(username="sm-second-editor", groups=[editors]),
        "reviewer": UserFactory(username="sm-reviewer", groups=[editors, reviewers]),
    }


@pytest.fixture
def clients(people, client):
    result = {}
    for name, user in people.items():
        result[name] = type(client)()
        result[name].force_login(user)
    return result


def create_and_submit(clients, people, parent, introduction=RISKY_INTRODUCTION):
    from tests.workflow_support import _field_data

    page = StandardPage(owner=people["author"], locale=parent.locale)
    form = page.get_edit_handler().get_form_class()(
        instance=page, for_user=people["author"], parent_page=parent
    )
    data = _field_data(form)
    data.update(
        {
            "title": "After a loss at work",
            "slug": "after-a-loss-at-work",
            "introduction": introduction,
            "action-submit": "1",
        }
    )
    response = clients["author"].post(
        reverse("wagtailadmin_pages:add", args=["core", "standardpage", parent.pk]),
        data,
        follow=True,
    )
    assert response.status_code == 200
    return StandardPage.objects.get(slug="after-a-loss-at-work"), response.content.decode()


def approve_from_editor(client, page, reviewer, review_by=None):
    """The reviewer approves with the checklist from the page editor (modal, then the form)."""
    task_state = page.current_workflow_task_state
    collect_url = reverse(
        "wagtailadmin_pages:collect_workflow_action_data",
        args=[page.pk, "approve", task_state.pk],
    )
    collected = json.loads(
        client.post(collect_url, checklist_answers(review_by=review_by), **XHR).content
    )
    data = edit_form_data(page, reviewer)
    data.update(
        {
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps(collected["cleaned_data"]),
        }
    )
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)


def test_submit_warns_the_editor_and_stores_findings_with_the_revision(clients, people, site_tree):
    page, html = create_and_submit(clients, people, site_tree["en"])
    assert "Safe messaging: 1 finding(s), 1 high" in html
    assert "committed suicide" in html
    report = FindingsReport.objects.get(revision=page.latest_revision)
    assert [finding["phrase"] for finding in report.findings] == ["committed suicide"]
    assert report.findings[0]["alternative"] == "died by suicide"


def test_approval_is_refused_until_each_high_finding_is_answered(clients, people, site_tree):
    page, _html = create_and_submit(clients, people, site_tree["en"])
    workflow_action(clients["second_editor"], page, "approve")
    page.refresh_from_db()
    task_state = page.current_workflow_task_state

    # The reviewer sees the finding beside the checklist.
    modal_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
    )
    modal = clients["reviewer"].get(modal_url, **XHR).content.decode()
    assert "committed suicide" in modal
    assert "died by suicide" in modal, modal[modal.find("safe-messaging-findings") :][:1500]

    response = approve_from_editor(clients["reviewer"], page, people["reviewer"])
    assert "not yet dealt with" in response.content.decode()
    page.refresh_from_db()
    assert not page.live
    # The dashboard's path is refused too.
    assert (
        workflow_action(clients["reviewer"], page, "approve", checklist_answers()).status_code
        == 403
    )
    page.refresh_from_db()
    assert not page.live

    # "Justified" needs a note; then the approval goes through.
    answer_url = reverse("safety:findings_for_review", args=[task_state.pk])
    key = FindingsReport.objects.get(revision=task_state.revision).findings[0]["key"]
    response = clients["reviewer"].post(
        answer_url, {"finding": key, f"{key}-decision": "justified"}
    )
    assert response.status_code == 200
    assert "Say why the wording is justified." in response.content.decode()
    assert not Acknowledgement.objects.exists()
    clients["reviewer"].post(
        answer_url,
        {"finding": key, f"{key}-decision": "justified", f"{key}-note": "A quoted headline."},
    )
    answer = Acknowledgement.objects.get()
    assert (answer.decision, answer.note, answer.user) == (
        "justified",
        "A quoted headline.",
        people["reviewer"],
    )
    assert PageLogEntry.objects.filter(page=page, action="safety.acknowledge").exists()

    approve_from_editor(clients["reviewer"], page, people["reviewer"])
    page.refresh_from_db()
    assert page.live


def test_the_author_cannot_answer_findings(clients, people, site_tree):
    page, _html = create_and_submit(clients, people, site_tree["en"])
    workflow_action(clients["second_editor"], page, "approve")
    page.refresh_from_db()
    url = reverse("safety:findings_for_review", args=[page.current_workflow_task_state.pk])
    assert clients["author"].get(url).status_code in (302, 403)  # Wagtail: to the dashboard
    assert clients["reviewer"].get(url).status_code == 200


def test_a_page_about_suicide_needs_a_route_to_help_before_approval(people, site_tree):
    from campaigns.factories import CampaignIndexPageFactory, CampaignPageFactory
    from campaigns.models import CampaignIndexPage, CampaignTopic

    home = site_tree["en"]
    index = CampaignIndexPage.objects.child_of(home).first() or CampaignIndexPageFactory(
        parent=home
    )
    topic = TopicFactory(locale=home.locale, name="Suicide prevention", slug="suicide-prevention")
    topic.about_suicide_or_self_harm = True
    topic.save()
    campaign = CampaignPageFactory(
        parent=index, title="Talking about suicide", owner=people["author"], live=False
    )
    campaign.topic_links.add(CampaignTopic(topic=topic))
    campaign.body = [("paragraph", "<p>We can all learn to ask the question.</p>")]
    campaign.save_revision(user=people["author"])
    campaign.get_workflow().start(campaign, people["author"])
    campaign.refresh_from_db()
    editorial = campaign.current_workflow_task_state
    editorial.task.specific.on_action(editorial, people["second_editor"], "approve")
    campaign.refresh_from_db()
    task_state = campaign.current_workflow_task_state.specific

    blockers = approval_blockers(campaign, task_state)
    assert any("Talk to someone" in str(reason) for reason in blockers)
    with pytest.raises(PermissionDenied, match="Talk to someone"):
        task_state.task.specific.on_action(
            task_state, people["reviewer"], "approve", **checklist_answers()
        )

    # With a "talk to someone" block in a new revision, nothing stands in the way.
    campaign.body = [
        ("paragraph", "<p>We can all learn to ask the question.</p>"),
        ("talk_to_someone", {"heading": "Talk to someone", "text": ""}),
    ]
    revision = campaign.save_revision(user=people["author"])
    task_state.revision = revision
    task_state.save()
    assert approval_blockers(campaign, task_state) == []


def test_employees_never_see_findings_or_reviewer_notes(
    clients, people, site_tree, employee, client
):
    page, _html = create_and_submit(clients, people, site_tree["en"])
    workflow_action(clients["second_editor"], page, "approve")
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    key = FindingsReport.objects.get(revision=task_state.revision).findings[0]["key"]
    answer_url = reverse("safety:findings_for_review", args=[task_state.pk])
    clients["reviewer"].post(
        answer_url,
        {"finding": key, f"{key}-decision": "justified", f"{key}-note": "Reviewer-only note."},
    )
    approve_from_editor(clients["reviewer"], page, people["reviewer"])
    page.refresh_from_db()
    assert page.live

    client.force_login(employee)
    with translation.override("en"):
        html = client.get(page.url).content.decode()
    assert "committed suicide" in html  # the wording itself, as published
    for private in (
        "Reviewer-only note.",
        "safe-messaging",
        "data-safe-messaging",
        "died by suicide",
    ):
        assert private not in html
    for url in (
        answer_url,
        reverse("safety:findings_report"),
        reverse("safety:findings_report") + "?export=csv",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Reviewer-only note." not in response.content


def test_the_report_and_command_list_live_content_with_findings(clients, people, site_tree):
    page, _html = create_and_submit(clients, people, site_tree["en"])
    page.save_revision().publish()  # live without review, for the report only
    response = clients["reviewer"].get(reverse("safety:findings_report") + "?export=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert any("committed suicide" in row and "After a loss at work" in row for row in rows)
    html = clients["reviewer"].get(reverse("safety:findings_report")).content.decode()
    assert "After a loss at work" in html

    out = io.StringIO()
    call_command("safe_messaging_report", stdout=out, stderr=io.StringIO())
    assert "committed suicide" in out.getvalue()
    with pytest.raises(SystemExit):
        call_command(
            "safe_messaging_report", "--fail-on-high", stdout=io.StringIO(), stderr=io.StringIO()
        )
