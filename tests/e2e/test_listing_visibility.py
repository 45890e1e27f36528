"""A group-only show, walked in a real browser with the page cache on: its members see it in the
library and can open it; every other employee, served the same cached library, never sees its
title and is told at its address that the page is for a group. At 390 px and at desktop width,
in English and Swedish."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.models import PageViewRestriction

from cms.core.factories import UserFactory
from library.models import LibraryIndexPage, PodcastShowPage
from tests.e2e.accessibility import log_in_context
from tests.e2e.test_phone_layout import VIEWPORTS

pytestmark = pytest.mark.django_db(transaction=True)

REFUSED = {
    "en": "This page is for a particular group",
    "sv": "Den här sidan är för en viss grupp",
}


@pytest.fixture
def pilot_show(listener_site):
    """Each language's first show, for members of "Pilot listeners" only."""
    group = Group.objects.create(name="Pilot listeners")
    shows = {}
    for language in ("en", "sv"):
        show = PodcastShowPage.objects.live().filter(locale__language_code=language).first()
        restriction = PageViewRestriction.objects.create(
            page=show, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(group)
        shows[language] = show
    return group, shows


def employee(name, *groups):
    return UserFactory(username=name, groups=[Group.objects.get(name="Employees"), *groups])


def library_as(browser, live_server, user, language, viewport):
    context = browser.new_context(viewport=viewport, locale=language)
    log_in_context(context, live_server, user)
    page = context.new_page()
    page.set_default_timeout(10_000)
    library = LibraryIndexPage.objects.live().get(locale__language_code=language)
    response = page.goto(live_server.url + library.url)
    assert response.status == 200
    return context, page, response.headers.get("x-page-cache")


@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize("width", ["390", "desktop"])
def test_a_group_only_show_is_listed_for_its_members_only(
    browser, live_server, settings, pilot_show, language, width
):
    settings.PAGE_CACHE_SECONDS = 600
    group, shows = pilot_show
    show = shows[language]
    member = employee(f"pilot-{language}-{width}", group)
    others = [employee(f"colleague-{language}-{width}-{n}") for n in (1, 2)]

    context, page, _state = library_as(browser, live_server, member, language, VIEWPORTS[width])
    link = page.get_by_role("link", name=show.title, exact=True)
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(show.title)
    context.close()

    # Two colleagues outside the group: the second is served the first one's cached library.
    states = []
    for colleague in others:
        context, page, state = library_as(
            browser, live_server, colleague, language, VIEWPORTS[width]
        )
        states.append(state)
        expect(page.locator("main")).to_be_visible()
        assert show.title not in page.locator("main").inner_text()
        # Told the page is for a group, in their language, with no redirect loop.
        refused = page.goto(live_server.url + show.url)
        assert refused.status == 403
        expect(page.get_by_role("heading", level=1)).to_have_text(REFUSED[language])
        assert show.title not in page.locator("body").inner_text()
        context.close()
    assert states[-1] == "hit", states
