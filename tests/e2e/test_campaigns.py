import re

import pytest
from playwright.sync_api import expect

from cms.core.management.commands.load_demo import DEFAULT_DEMO_PASSWORD

# Transactional: the live server's thread must see committed rows.
# On the demo content until this module builds its own small tree (tests/trees.py).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.demo]


def log_in(page, live_server, next_url):
    page.goto(f"{live_server.url}/en/login/?next={next_url}")
    page.get_by_label("Username").fill("employee")
    page.get_by_label("Password").fill(DEFAULT_DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize(
    ("language", "running", "talk_link", "support_url", "support_title"),
    [
        ("sv", "Vi pratar om utbrändhet", "Alla sätt att få stöd", "/sv/stod/", "Få stöd"),
        (
            "en",
            "Let's talk about burnout",
            "All ways to get support",
            "/en/support/",
            "Get support",
        ),
    ],
)
def test_employee_goes_from_the_running_campaign_to_support_in_the_same_language(
    live_server, page, language, running, talk_link, support_url, support_title
):
    index = {"sv": "/sv/kampanjer/", "en": "/en/campaigns/"}[language]
    log_in(page, live_server, index)
    expect(page).to_have_url(f"{live_server.url}{index}")

    running_now = page.locator("section[data-group='running']")
    running_now.get_by_role("link", name=running).click()
    expect(page.get_by_role("heading", level=1, name=running)).to_be_visible()

    talk = page.locator("aside.talk-to-someone")
    expect(talk.get_by_role("link", name=re.compile(r"^(Call|Ring) ")).first).to_be_visible()
    talk.get_by_role("link", name=talk_link).click()

    expect(page).to_have_url(live_server.url + support_url)
    expect(page.get_by_role("heading", level=1, name=support_title)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)


def test_support_banner_is_visible_before_logging_in(live_server, page):
    page.goto(live_server.url + "/de/login/")
    banner = page.get_by_test_id("support-banner")
    expect(banner).to_contain_text("TelefonSeelsorge")
    expect(banner.get_by_role("link", name="0800 111 0 111")).to_have_attribute(
        "href", "tel:08001110111"
    )
