"""Insights in a real browser, under the real Content-Security-Policy: an editor opens a
campaign's screen and sees its reach chart beside the table (small cells as "fewer than 10"),
and an employee's visit reaches the beacon (insights.js) from the page."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from campaigns.models import CampaignPage
from cms.core.factories import UserFactory
from cms.insights.models import PendingEvent
from cms.workflows import roles
from tests.e2e.test_csp import ViolationRecorder
from tests.e2e.waiting import wait_until

# On the demo content until this module builds its own small tree (tests/trees.py).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.demo]

PASSWORD = "a-long-test-password"


def log_in(page, live_server, url, username, button):
    page.goto(live_server.url + url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=button).click()


def test_an_editor_sees_a_campaigns_reach_chart_beside_its_numbers(live_server, browser):
    UserFactory(
        username="e2e-insights-editor",
        password=PASSWORD,
        groups=[Group.objects.get(name=roles.EDITORS)],
    )
    campaign = CampaignPage.objects.get(locale__language_code="en", slug="lets-talk-about-burnout")
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


def test_an_employees_visit_is_counted_by_the_beacon(live_server, page):
    UserFactory(
        username="e2e-insights-employee",
        password=PASSWORD,
        groups=[Group.objects.get(name=roles.EMPLOYEES)],
    )
    campaign = CampaignPage.objects.get(locale__language_code="en", slug="lets-talk-about-burnout")
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
