"""The page cache's frame: the crisis banner and the menu, built once, rebuilt when they change."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.core.factories import StandardPageFactory
from tests import page_cache_support
from tests.page_cache_support import HEADER, an_episode, crisis_line, text
from tests.world_support import module_world_fixture, world_fixture  # noqa: F401

# A small site in every language (tests/world_support.py).
pytestmark = pytest.mark.usefixtures("world")

# The shared fixtures (tests/page_cache_support.py), found here by pytest.
page_cache, team_leads_section = (
    page_cache_support.page_cache,
    page_cache_support.team_leads_section,
)


# --- The crisis banner ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_banner_is_rendered_once_per_language(page_cache, employee_client, site_tree):
    employee_client.get(site_tree["en"].url)
    with CaptureQueriesContext(connection) as queries:
        response = employee_client.get(an_episode().url)
    assert response[HEADER] == "miss"
    assert not any("support_helpline" in query["sql"] for query in queries)
    assert crisis_line().phone_number in text(response)


@pytest.mark.django_db
def test_a_banner_built_from_the_fallback_is_not_kept(page_cache):
    from cms.core.page_cache import generation_cached

    builds = []

    def build():
        builds.append(1)
        return "fallback", False

    for _attempt in range(2):
        generation_cached("crisis-banner", ["en", "testserver"], build, keep=lambda v: v[1])
    assert len(builds) == 2


@pytest.mark.django_db
def test_the_menu_is_built_once_per_language_and_group_key(
    page_cache, employee_client, site_tree, team_leads_section
):
    employee_client.get(site_tree["en"].url)
    with CaptureQueriesContext(connection) as queries:
        response = employee_client.get(an_episode().url)
    assert response[HEADER] == "miss"
    assert not any(re.search(r'WHERE .*"show_in_menus"', query["sql"]) for query in queries), (
        "the menu query ran again"
    )
    assert "Team leads corner" not in text(response)


@pytest.mark.django_db
def test_a_password_protected_page_is_never_kept(page_cache, employee_client, site_tree):
    from django.urls import reverse

    page = StandardPageFactory(parent=site_tree["en"], title="Behind a password", slug="pw")
    page.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    form = employee_client.get(page.url)
    assert form.status_code == 200 and form.get(HEADER) != "miss"  # the password form
    employee_client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]),
        {"password": "letmein", "return_url": page.url},
    )
    for _attempt in range(2):
        response = employee_client.get(page.url)
        assert "Behind a password" in text(response)
        assert response[HEADER] == "skip"


# --- The frame (navigation and banner) outlives a publish below the menu's level ----------------
def frame_queries(employee_client, url):
    with CaptureQueriesContext(connection) as queries:
        response = employee_client.get(url)
    assert response[HEADER] == "miss"
    menu = any(re.search(r'WHERE .*"show_in_menus"', query["sql"]) for query in queries)
    banner = any("support_helpline" in query["sql"] for query in queries)
    return menu, banner


@pytest.mark.django_db
def test_publishing_an_episode_renders_it_again_but_keeps_the_navigation_and_banner(
    page_cache, employee_client
):
    episode = an_episode()
    employee_client.get(episode.url)
    episode.title = "Published again below the menu"
    episode.save_revision().publish()

    assert frame_queries(employee_client, episode.url) == (False, False)
    assert "Published again below the menu" in text(employee_client.get(episode.url))


@pytest.mark.django_db
def test_a_renamed_section_shows_in_the_menu_of_every_page_next_request(
    page_cache, employee_client, site_tree
):
    section = StandardPageFactory(
        parent=site_tree["en"], title="Old section name", slug="frame-section", show_in_menus=True
    )
    section.save_revision().publish()
    episode = an_episode()
    employee_client.get(episode.url)
    assert "Old section name" in text(employee_client.get(episode.url))

    section.title = "New section name"
    section.save_revision().publish()

    assert frame_queries(employee_client, episode.url)[0] is True  # the menu was rebuilt
    html = text(employee_client.get(episode.url))
    assert "New section name" in html and "Old section name" not in html


@pytest.mark.django_db
def test_a_section_moved_below_the_menu_leaves_it_next_request(
    page_cache, employee_client, site_tree
):
    from library.models import LibraryIndexPage

    section = StandardPageFactory(
        parent=site_tree["en"], title="Soon a subpage", slug="soon-a-subpage", show_in_menus=True
    )
    section.save_revision().publish()
    employee_client.get(site_tree["en"].url)
    assert "Soon a subpage" in text(employee_client.get(an_episode().url))

    section.move(LibraryIndexPage.objects.get(locale__language_code="en"), pos="last-child")

    assert "Soon a subpage" not in text(employee_client.get(an_episode().url))
