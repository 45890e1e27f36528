"""Insights in a real browser, under the real Content-Security-Policy: an editor opens a
campaign's screen and sees its reach chart beside the table (small cells as "fewer than 10"),
and an employee's visit reaches the beacon (insights.js) from the page."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from cms.core.factories import UserFactory
from cms.insights.models import PageDay, PendingEvent
from cms.workflows import roles
from tests.e2e.test_csp import ViolationRecorder
from tests.e2e.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"


@pytest.fixture
def campaign(listener_site):
    """The English campaign with two weeks of counts: views, and help calls too few to show."""
    campaign = listener_site["en"].campaign
    today = timezone.localdate()
    PageDay.objects.bulk_create(
        PageDay(
            day=today - datetime.timedelta(days=days_ago),
            page_id=campaign.pk,
            locale_id=campaign.locale_id,
            views=40 + days_ago,
            views_people=30 + days_ago,
            help_calls=3,
            help_calls_people=2,
        )
        for days_ago in range(1, 15)
    )
    return campaign


def log_in(page, live_server, url, username, button):
    page.goto(live_server.url + url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=button).click()


def test_an_editor_sees_a_campaigns_reach_chart_beside_its_numbers(live_server, browser, campaign):
    UserFactory(
        username="e2e-insights-editor",
        password=PASSWORD,
        groups=[Group.objects.get(name=roles.EDITORS)],
    )
    context = browser.new_context(locale="en-GB")
    recorder = ViolationRecorder(context)
    page = context.new_page()
    log_in(page, live_server, "/admin/login/", "e2e-insights-editor", "Sign in")
    expect(page).to_have_url(live_server.url + "/admin/")
    page.get_by_role("link", name="Insights").first.click()
    page.get_by_role("link", name="Campaigns", exact=True).click()
    page.get_by_role("link", name=campaign.title).first.click()

    reach = page.locator("section[data-section='reach']")
    chart = reach.locator("svg[data-chart='columns']")
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("role", "img")
    assert reach.locator("rect.insights-chart__bar").count() > 0
    expect(reach.get_by_role("table")).to_be_visible()
    languages = page.locator("section[data-section='languages']")
    expect(languages.get_by_role("cell", name="fewer than 10").first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__cspViolations || []") == [] and recorder.console == []
    context.close()


def test_an_employees_visit_is_counted_by_the_beacon(live_server, page, campaign):
    UserFactory(
        username="e2e-insights-employee",
        password=PASSWORD,
        groups=[Group.objects.get(name=roles.EMPLOYEES)],
    )
    PendingEvent.objects.all().delete()
    log_in(page, live_server, f"/en/login/?next={campaign.url}", "e2e-insights-employee", "Log in")
    expect(page.get_by_role("heading", level=1, name=campaign.title)).to_be_visible()
    wait_until(page, "document.readyState === 'complete'")
    deadline = 50
    while not PendingEvent.objects.filter(page_id=campaign.pk, metric="views").exists():
        deadline -= 1
        assert deadline, "the page view never reached the beacon"
        page.wait_for_timeout(100)
    # A phone number in the crisis banner is a help link: counted as a call.
    page.locator("a[href^='tel:']").first.dispatch_event("click")
    deadline = 50
    while not PendingEvent.objects.filter(page_id=campaign.pk, metric="help_calls").exists():
        deadline -= 1
        assert deadline, "the help-link click never reached the beacon"
        page.wait_for_timeout(100)
