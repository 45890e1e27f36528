"""The reviewers' views: the due-for-review report, its CSV export, the dashboard's reviews."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.core.factories import UserFactory
from cms.core.models import StandardPage
from cms.workflows.models import WellbeingReviewTaskState
from tests import workflow_path_support
from tests.workflow_path_support import author_creates_and_submits, client_for, create_form_data
from tests.workflow_support import checklist_answers, workflow_action

pytestmark = pytest.mark.django_db
# The shared fixtures (tests/workflow_path_support.py), found here by pytest.
people, clients = workflow_path_support.people, workflow_path_support.clients


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
