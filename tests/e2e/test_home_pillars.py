"""The home page and the pillar pages in a browser: they reflow at 320 and 390 px without
sideways scrolling (German has the longest words), their links are at least 24x24 px, and axe
finds no WCAG 2.2 AA problem."""

import pytest
from django.contrib.auth import get_user_model

from tests.e2e.accessibility import axe_problems, log_in_context
from tests.trees import build_listener_pages

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def listener_site(site_tree):
    """The three pillars with a campaign, a show and an episode, in each language tested."""
    return {code: build_listener_pages(site_tree[code]) for code in ("en", "sv", "de")}


# The home page's and pillar page's own content (the header is the phone-layout tests' part).
OWN_REGIONS = ".home-section, .pillar-page"
TARGETS = """(selectors) => Array.from(document.querySelectorAll(selectors))
    .flatMap(region => Array.from(region.querySelectorAll('a[href]')))
    .filter(el => { const box = el.getBoundingClientRect();
                    return box.width > 0 && box.height > 0; })
    .filter(el => !el.closest('p, dd, li.card p') || el.classList.contains('pillar-link'))
    .map(el => { const box = el.getBoundingClientRect();
                 return {text: el.textContent.trim().slice(0, 40),
                         width: box.width, height: box.height}; })"""
OVERFLOWING = """() => Array.from(document.querySelectorAll('main *'))
    .filter(el => { const box = el.getBoundingClientRect();
                    return box.width > 0 && (box.right > innerWidth + 0.5 || box.left < -0.5); })
    .filter(el => !el.closest('.visually-hidden'))
    .slice(0, 5).map(el => el.tagName + '.' + el.className)"""


@pytest.fixture
def employee_page(browser, live_server):
    user = get_user_model().objects.get(username="employee")

    def open_page(width):
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="en-GB")
        log_in_context(context, live_server, user)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    return open_page


@pytest.mark.parametrize("language", ["en", "sv", "de"])
@pytest.mark.parametrize("width", [320, 390])
def test_home_and_pillar_pages_reflow_on_phones(employee_page, live_server, language, width):
    page = employee_page(width)
    urls = [f"/{language}/"] + [
        f"/{language}/pillars/{slug}/"
        for slug in ("awareness", "self-care-and-support", "conversation")
    ]
    for url in urls:
        page.goto(live_server.url + url)
        assert page.locator("main h1").count() == 1
        main_overflow = page.evaluate(OVERFLOWING)
        assert not main_overflow, (url, main_overflow)
        targets = page.evaluate(TARGETS, OWN_REGIONS)
        assert targets, url
        small = [t for t in targets if t["width"] < 24 or t["height"] < 24]
        assert not small, (url, small)
    page.context.close()


@pytest.mark.parametrize("language", ["en", "sv"])
def test_home_and_pillar_pages_pass_axe(employee_page, live_server, language):
    page = employee_page(1280)
    for url in (f"/{language}/", f"/{language}/pillars/conversation/"):
        page.goto(live_server.url + url)
        assert axe_problems(page) == [], url
    page.context.close()
