import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from cms.core.factories import StandardPageFactory, UserFactory
from cms.workflows import roles
from cms.workflows.models import WellbeingReviewTaskState

# Transactional: the live server's thread must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"


def log_in_to_admin(page, live_server, username):
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(live_server.url + "/admin/")


def test_the_reviewer_approves_with_the_safe_messaging_checklist(live_server, page, site_tree):
    editors = Group.objects.get(name=roles.EDITORS)
    reviewers = Group.objects.get(name=roles.WELLBEING_REVIEWERS)
    author = UserFactory(username="e2e-author", groups=[editors])
    second = UserFactory(username="e2e-second", groups=[editors])
    UserFactory(username="e2e-reviewer", password=PASSWORD, groups=[editors, reviewers])

    draft = StandardPageFactory(
        parent=site_tree["en"], title="Looking after yourself in winter", live=False, owner=author
    )
    draft.save_revision(user=author)
    draft.get_workflow().start(draft, author)
    draft.current_workflow_task_state.approve(user=second)

    log_in_to_admin(page, live_server, "e2e-reviewer")
    # The dashboard lists what waits for this reviewer, with the step's actions.
    awaiting = page.locator("#awaiting-review-section")
    expect(awaiting.get_by_text("Looking after yourself in winter")).to_be_visible()
    awaiting.get_by_role("button", name="Actions").click()
    awaiting.get_by_role("button", name="Approve with checklist").click()

    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("Safe-messaging checklist")).to_be_visible()
    # Approving with an unticked item is refused, and says why.
    dialog.get_by_role("button", name="Approve and sign off").click()
    expect(
        dialog.get_by_text("Confirm this item, or request changes instead.").first
    ).to_be_visible()

    for checkbox in dialog.get_by_role("checkbox").all():
        checkbox.check()
    review_by = timezone.localdate() + datetime.timedelta(days=180)
    dialog.get_by_label("Review again by").fill(review_by.isoformat())
    dialog.get_by_role("button", name="Approve and sign off").click()

    expect(page.locator("#awaiting-review-section")).to_have_count(0)
    draft.refresh_from_db()
    for _attempt in range(50):
        if draft.live:
            break
        page.wait_for_timeout(100)
        draft.refresh_from_db()
    assert draft.live
    sign_off = WellbeingReviewTaskState.objects.get(workflow_state__object_id=str(draft.pk))
    assert sign_off.finished_by.username == "e2e-reviewer"
    assert sign_off.review_by == review_by
    assert sign_off.checklist_complete
