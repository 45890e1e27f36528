"""axe-core (WCAG 2.2 AA) over the listener's pages, on a phone and on a desktop, in English and
Swedish: no violations, and no recording that starts by itself."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from tests.e2e.accessibility import axe_problems, log_in_context

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("listener_site")]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def listener_pages(language_code):
    """One page of each type the listener reads, in one language."""
    from campaigns.models import CampaignIndexPage, CampaignPage
    from cms.core.models import HomePage
    from cms.support.models import SupportPage
    from library.models import EpisodePage, LibraryIndexPage, PlaylistPage, PodcastShowPage

    def first(model):
        page = (
            model.objects.live()
            .filter(locale__language_code=language_code)
            .order_by("path")
            .first()
        )
        assert page is not None, f"no live {model.__name__} in {language_code} was built"
        return page.url

    urls = [
        first(model)
        for model in (
            HomePage,
            LibraryIndexPage,
            PodcastShowPage,
            EpisodePage,
            PlaylistPage,
            CampaignIndexPage,
            CampaignPage,
            SupportPage,
        )
    ]
    with translation.override(language_code):
        urls.append(reverse("search") + "?q=sleep")
        urls.append(reverse("my_listening"))
    return urls


@pytest.mark.parametrize("language_code", ["en", "sv"])
def test_listener_pages_have_no_accessibility_violations(browser, live_server, language_code):
    employee = get_user_model().objects.get(username="employee")
    problems = {}
    for name, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport, locale="en-GB", bypass_csp=True)
        log_in_context(context, live_server, employee)
        page = context.new_page()
        page.set_default_timeout(10_000)
        for url in listener_pages(language_code):
            response = page.goto(live_server.url + url)
            assert response.status == 200, url
            page.wait_for_load_state("networkidle")
            found = axe_problems(page)
            if found:
                problems[f"{name} {url}"] = found
        context.close()
    assert not problems, problems
