"""Shared by the page cache tests: the cache turned on, a restricted section, a few finders."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from cms.core.factories import StandardPageFactory
from cms.support.models import Helpline
from library.models import EpisodePage

HEADER = "X-Page-Cache"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def crisis_line(language="en"):
    return Helpline.objects.filter(
        locale__language_code=language, live=True, is_crisis_line=True
    ).first()


def an_episode(language="en"):
    return EpisodePage.objects.live().filter(locale__language_code=language).first()


def text(response):
    return response.content.decode()


@pytest.fixture
def team_leads_section(site_tree):
    """A section in the English menu for members of "Team leads" only."""
    group = Group.objects.create(name="Team leads")
    section = StandardPageFactory(
        parent=site_tree["en"], title="Team leads corner", slug="team-leads", show_in_menus=True
    )
    section.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    return section, group
