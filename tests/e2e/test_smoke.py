import re

import pytest
from playwright.sync_api import expect

from cms.core.factories import StandardPageFactory
from cms.core.management.commands.load_demo import DEFAULT_DEMO_PASSWORD

# Transactional: the live server's thread must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_employee_logs_in_and_sees_the_home_page(live_server, page):
    page.goto(live_server.url + "/")

    expect(page).to_have_url(re.compile(r"/en/login/\?next=/en/$"))
    expect(page.get_by_role("heading", name="Welcome to Heart & Soul")).to_be_visible()

    page.get_by_label("Username").fill("employee")
    page.get_by_label("Password").fill(DEFAULT_DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(live_server.url + "/en/")
    expect(page.get_by_role("heading", level=1, name="Heart & Soul")).to_be_visible()
    expect(page.get_by_role("heading", name="Why talking helps")).to_be_visible()
    expect(page.get_by_role("link", name="Log out")).to_be_visible()


def test_a_wrong_password_shows_a_clear_message(live_server, page):
    page.goto(live_server.url + "/en/login/")
    page.get_by_label("Username").fill("employee")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("alert")).to_contain_text("did not match")
    expect(page).to_have_url(re.compile(r"/en/login/$"))


def test_skip_link_is_the_first_stop_for_keyboard_users(live_server, page):
    page.goto(live_server.url + "/en/login/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()


def test_a_published_page_appears_in_the_navigation(live_server, page, site_tree):
    about = StandardPageFactory(
        parent=site_tree["en"], title="About Heart & Soul", slug="about", show_in_menus=True
    )
    about.save_revision().publish()

    page.goto(live_server.url + "/en/login/?next=/en/")
    page.get_by_label("Username").fill("employee")
    page.get_by_label("Password").fill(DEFAULT_DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    navigation = page.get_by_role("navigation", name="Main")
    navigation.get_by_role("link", name="About Heart & Soul").click()
    expect(page).to_have_url(live_server.url + "/en/about/")
    expect(navigation.get_by_role("link", name="About Heart & Soul")).to_have_attribute(
        "aria-current", "page"
    )
