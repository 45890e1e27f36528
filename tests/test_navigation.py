"""The main navigation: Home, Listen, Campaigns, Support from the page tree (`show_in_menus`),
then Search and My listening, in every language, with the current section marked."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from campaigns.models import CampaignIndexPage, CampaignPage
from cms.core.factories import StandardPageFactory
from cms.support.models import SupportPage
from library.models import EpisodePage, LibraryIndexPage
from tests.world_support import module_world_fixture, world_fixture  # noqa: F401

# A small site in every language (tests/world_support.py).
pytestmark = pytest.mark.usefixtures("world")

LANGUAGES = ["en", "sv", "de", "es", "fr", "pt-br"]


def nav_links(html):
    """[(href, label, aria-current or None)] of the main navigation."""
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    return [
        (href, label.strip(), current or None)
        for href, current, label in re.findall(
            r'<a href="([^"]+)"(?: aria-current="([^"]+)")?>([^<]+)</a>', nav
        )
    ]


def my_listening_url():
    try:
        return reverse("my_listening")
    except NoReverseMatch:  # until the listening feature adds it
        return None


def expected_hrefs(home, language):
    library = LibraryIndexPage.objects.get(locale=home.locale)
    campaigns = CampaignIndexPage.objects.get(locale=home.locale)
    support = SupportPage.objects.get(locale=home.locale)
    with translation.override(language):
        fixed = [reverse("search"), my_listening_url()]
    return [home.url, library.url, campaigns.url, support.url] + [url for url in fixed if url]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_the_same_sections_in_the_same_order(
    employee_client, site_tree, language
):
    home = site_tree[language]
    html = employee_client.get(home.url).content.decode()
    links = nav_links(html)
    assert [href for href, _label, _current in links] == expected_hrefs(home, language)
    # Labels are the pages' own (translated) titles.
    library = LibraryIndexPage.objects.get(locale=home.locale)
    assert links[1][1] == library.title
    for href, _label, _current in links:
        assert employee_client.get(href).status_code == 200, href


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "sv"])
def test_current_section_is_marked(employee_client, site_tree, language):
    home = site_tree[language]
    library = LibraryIndexPage.objects.get(locale=home.locale)
    campaigns = CampaignIndexPage.objects.get(locale=home.locale)
    episode = EpisodePage.objects.filter(locale=home.locale).live().first()
    campaign = CampaignPage.objects.filter(locale=home.locale).live().first()

    def marks(url):
        links = nav_links(employee_client.get(url).content.decode())
        return {href: current for href, _label, current in links if current}

    # The page itself: "page"; a page inside a section: the section is "true"; Home only on itself.
    assert marks(home.url) == {home.url: "page"}
    assert marks(library.url) == {library.url: "page"}
    assert marks(episode.url) == {library.url: "true"}
    assert marks(campaign.url) == {campaigns.url: "true"}
    assert marks(f"{home.url}pillars/awareness/") == {}
    with translation.override(language):
        search_url = reverse("search")
    assert marks(search_url) == {search_url: "page"}


@pytest.mark.django_db
def test_navigation_costs_one_query_however_many_sections(employee, site_tree, rf):
    from cms.core.templatetags.navigation_tags import menu_pages

    home = site_tree["en"]
    request = rf.get(home.url)
    request.user = employee
    with translation.override("en"):
        with CaptureQueriesContext(connection) as first:
            menu_pages(request)
        for number in range(5):
            StandardPageFactory(
                parent=home, title=f"Extra {number}", slug=f"extra-{number}", show_in_menus=True
            ).save_revision().publish()
        request = rf.get(home.url)
        request.user = employee
        from wagtail.models import Site

        request._wagtail_site = Site.objects.select_related("root_page").get(is_default_site=True)
        with CaptureQueriesContext(connection) as second:
            _home, sections = menu_pages(request)
    assert len(second.captured_queries) == 1
    assert len(first.captured_queries) <= 2  # plus finding the site, once per request
    assert len(sections) == 3 + 5


@pytest.mark.django_db
def test_section_hidden_from_menus_leaves_the_navigation(employee_client, site_tree):
    home = site_tree["sv"]
    campaigns = CampaignIndexPage.objects.get(locale=home.locale)
    CampaignIndexPage.objects.filter(pk=campaigns.pk).update(show_in_menus=False)
    hrefs = [href for href, _l, _c in nav_links(employee_client.get(home.url).content.decode())]
    assert campaigns.url not in hrefs
    assert LibraryIndexPage.objects.get(locale=home.locale).url in hrefs


@pytest.mark.django_db
def test_other_language_sections_never_appear(employee_client, site_tree):
    html = employee_client.get(site_tree["de"].url).content.decode()
    for href, _label, _current in nav_links(html):
        assert href.startswith("/de/"), href


@pytest.mark.django_db
def test_section_only_for_some_groups_is_only_in_their_menu(client, site_tree, role_users):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    home = site_tree["en"]
    section = StandardPageFactory(
        parent=home, title="Team leads", slug="team-leads", show_in_menus=True
    )
    section.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Editors"))

    client.force_login(role_users["Employees"])
    hrefs = [href for href, _l, _c in nav_links(client.get(home.url).content.decode())]
    assert section.url not in hrefs
    client.force_login(role_users["Editors"])
    hrefs = [href for href, _l, _c in nav_links(client.get(home.url).content.decode())]
    assert section.url in hrefs
