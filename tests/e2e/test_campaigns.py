import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale

from cms.core.management.commands.load_demo import DEFAULT_DEMO_PASSWORD
from cms.support.factories import HelplineFactory

# Transactional: the live server's thread must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, next_url):
    page.goto(f"{live_server.url}/en/login/?next={next_url}")
    page.get_by_label("Username").fill("employee")
    page.get_by_label("Password").fill(DEFAULT_DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize(
    ("language", "talk_link"), [("sv", "Alla sätt att få stöd"), ("en", "All ways to get support")]
)
def test_employee_goes_from_the_running_campaign_to_support_in_the_same_language(
    live_server, page, listener_site, language, talk_link
):
    pages = listener_site[language]
    running, support_url = pages.campaign.title, pages.support.url
    index = pages.campaign_index.url
    log_in(page, live_server, index)
    expect(page).to_have_url(f"{live_server.url}{index}")

    running_now = page.locator("section[data-group='running']")
    running_now.get_by_role("link", name=running).click()
    expect(page.get_by_role("heading", level=1, name=running)).to_be_visible()

    talk = page.locator("aside.talk-to-someone")
    expect(talk.get_by_role("link", name=re.compile(r"^(Call|Ring) ")).first).to_be_visible()
    talk.get_by_role("link", name=talk_link).click()

    expect(page).to_have_url(live_server.url + support_url)
    expect(page.get_by_role("heading", level=1, name=pages.support.title)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)


def test_support_banner_is_visible_before_logging_in(live_server, page):
    HelplineFactory(
        locale=Locale.objects.get(language_code="de"),
        name="TelefonSeelsorge",
        phone_number="0800 111 0 111",
    )
    page.goto(live_server.url + "/de/login/")
    banner = page.get_by_test_id("support-banner")
    expect(banner).to_contain_text("TelefonSeelsorge")
    expect(banner.get_by_role("link", name="0800 111 0 111")).to_have_attribute(
        "href", "tel:08001110111"
    )
