"""The wellbeing approval's "Review again by" field is Wagtail's date chooser wherever the
modal opens (the dashboard, the page editor), and opening it logs no script error."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from cms.core.factories import StandardPageFactory, UserFactory
from cms.core.management.commands.load_demo import DEFAULT_DEMO_PASSWORD
from cms.workflows import roles
from cms.workflows.forms import DEFAULT_REVIEW_MONTHS, months_from
from cms.workflows.models import WellbeingReviewTaskState

# Transactional: the live server's thread must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


def page_awaiting_wellbeing_review(parent, title):
    """A draft by another editor, through the editorial step, waiting for the wellbeing one."""
    editors = Group.objects.get(name=roles.EDITORS)
    author = UserFactory(username="e2e-date-author", groups=[editors])
    second = UserFactory(username="e2e-date-second", groups=[editors])
    # A body without rich text: the factory's HTML is not what Draftail posts back, and a
    # page form that changed makes the approval a new revision that needs approving again.
    draft = StandardPageFactory(
        parent=parent,
        title=title,
        live=False,
        owner=author,
        body=[("heading", {"text": "Before you start", "level": "h2"})],
    )
    draft.save_revision(user=author)
    draft.get_workflow().start(draft, author)
    draft.current_workflow_task_state.approve(user=second)
    return draft


def record_script_errors(page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    return errors


def log_in_as_demo_reviewer(page, live_server):
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("reviewer")
    page.get_by_label("Password").fill(DEFAULT_DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(live_server.url + "/admin/")


def pick_the_15th_of_the_month_before_the_default(page, dialog):
    """Open the picker from the field, go back one month and click the 15th."""
    field = dialog.get_by_label("Review again by")
    default = months_from(timezone.localdate(), DEFAULT_REVIEW_MONTHS)
    expect(field).to_have_value(default.isoformat())
    field.click()
    picker = page.locator(".xdsoft_datetimepicker:visible")
    expect(picker).to_have_count(1)
    picker.locator(".xdsoft_monthpicker .xdsoft_prev").click()
    month_before = months_from(default.replace(day=15), -1)
    picker.locator(
        f'td.xdsoft_date[data-date="15"][data-month="{month_before.month - 1}"]'
        f'[data-year="{month_before.year}"]'
    ).click()
    expect(field).to_have_value(month_before.isoformat())
    expect(picker).to_have_count(0)  # closes on choosing a day
    return month_before


def wait_until_live(page, draft):
    for _attempt in range(100):
        draft.refresh_from_db()
        if draft.live:
            return
        page.wait_for_timeout(100)
    raise AssertionError("the page did not go live")


def test_the_demo_reviewer_picks_the_review_date_from_the_dashboard(live_server, page, site_tree):
    draft = page_awaiting_wellbeing_review(site_tree["en"], "Sleep when shifts change")
    errors = record_script_errors(page)

    log_in_as_demo_reviewer(page, live_server)
    awaiting = page.locator("#awaiting-review-section")
    row = awaiting.locator("tr", has_text="Sleep when shifts change")
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve with checklist").click()

    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("Safe-messaging checklist")).to_be_visible()
    for checkbox in dialog.get_by_role("checkbox").all():
        checkbox.check()
    chosen = pick_the_15th_of_the_month_before_the_default(page, dialog)
    dialog.get_by_role("button", name="Approve and sign off").click()

    wait_until_live(page, draft)
    sign_off = WellbeingReviewTaskState.objects.get(workflow_state__object_id=str(draft.pk))
    assert sign_off.finished_by.username == "reviewer"
    assert sign_off.review_by == chosen
    assert errors == []


def test_the_demo_reviewer_picks_the_review_date_in_the_page_editor(live_server, page, site_tree):
    draft = page_awaiting_wellbeing_review(site_tree["en"], "Rest after a hard week")
    errors = record_script_errors(page)

    log_in_as_demo_reviewer(page, live_server)
    page.goto(f"{live_server.url}/admin/pages/{draft.pk}/edit/")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve with checklist").click()

    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("Safe-messaging checklist")).to_be_visible()
    for checkbox in dialog.get_by_role("checkbox").all():
        checkbox.check()
    chosen = pick_the_15th_of_the_month_before_the_default(page, dialog)
    dialog.get_by_role("button", name="Approve and sign off").click()

    wait_until_live(page, draft)
    sign_off = WellbeingReviewTaskState.objects.get(workflow_state__object_id=str(draft.pk))
    assert sign_off.review_by == chosen
    assert errors == []
