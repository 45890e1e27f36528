"""What a miss now reads from the page cache's frame (restriction rows, the site's home page, crisis
terms) is let go as soon as what it was built from changes."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.models import Locale, PageViewRestriction

from campaigns.models import CampaignPage
from cms.core.models import HomePage
from library.factories import EpisodePageFactory
from library.models import PodcastShowPage
from search.models import CrisisTerm
from tests import page_cache_support
from tests.page_cache_support import text
from tests.world_support import module_world_fixture, world_fixture  # noqa: F401

page_cache = page_cache_support.page_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def restrict_to_new_group(page, name):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name=name))
    return restriction


def english_show():
    return PodcastShowPage.objects.live().filter(locale__language_code="en").first()


def test_a_show_restricted_after_it_was_cached_is_refused_next_request(page_cache, employee_client):
    show = english_show()
    assert employee_client.get(show.url).status_code == 200
    episode = show.get_children().live().first()
    assert employee_client.get(episode.url).status_code == 200

    restrict_to_new_group(show, "Pilot listeners")

    assert employee_client.get(show.url).status_code in (302, 403)
    assert employee_client.get(episode.url).status_code in (302, 403)


def test_an_alias_converted_to_a_page_of_its_own_is_judged_by_its_own_restrictions(
    page_cache, employee_client, employee
):
    source_show, other_show = PodcastShowPage.objects.live().filter(locale__language_code="en")[:2]
    episode = EpisodePageFactory(parent=source_show, title="Kept for pilots")
    episode.save_revision().publish()
    restrict_to_new_group(episode, "Pilot listeners")
    alias = episode.create_alias(parent=other_show, update_slug="kept-for-pilots-copy")
    # The alias is checked as its source: kept out, and that answer is cached.
    assert employee_client.get(alias.url).status_code in (302, 403)

    ConvertAliasPageAction(alias, user=None).execute(skip_permission_checks=True)

    response = employee_client.get(alias.url)
    assert response.status_code == 200
    assert "Kept for pilots" in text(response)


def test_a_republished_home_page_is_routed_from_its_new_version(page_cache, employee_client):
    home = HomePage.objects.get(locale__language_code="en")
    employee_client.get(home.url)
    employee_client.get(english_show().url)  # the site (with its home page) cached

    home.title = "Heart & Soul, renewed"
    home.save_revision().publish()

    assert "Heart &amp; Soul, renewed" in text(employee_client.get(home.url))
    # Pages below it are still found from the (new) cached home page.
    assert employee_client.get(english_show().url).status_code == 200


def test_a_crisis_term_added_applies_to_the_next_search(page_cache, employee_client):
    url = reverse("search")
    query = {"q": "everything feels pointless tonight"}
    assert "data-search-crisis" not in text(employee_client.get(url, query))

    CrisisTerm.objects.create(
        locale=Locale.objects.get(language_code="en"), phrase="feels pointless"
    )
    assert "data-search-crisis" in text(employee_client.get(url, query))

    CrisisTerm.objects.filter(phrase="feels pointless").delete()
    assert "data-search-crisis" not in text(employee_client.get(url, query))


def test_a_miss_reads_each_small_shared_value_once(page_cache, employee_client, monkeypatch):
    from collections import Counter

    from django.core.cache import caches

    from cms.core.localization import LOCALES_CACHE_KEY
    from cms.core.page_cache import FRAME_GENERATION_KEY, bump_generation

    campaign = CampaignPage.objects.live().filter(locale__language_code="en").first()
    employee_client.get(campaign.url)
    bump_generation()
    shared = caches["default"]
    reads = Counter()
    read = shared.get

    def counting_get(key, *args, **kwargs):
        reads[key] += 1
        return read(key, *args, **kwargs)

    monkeypatch.setattr(shared, "get", counting_get)
    assert employee_client.get(campaign.url)["X-Page-Cache"] == "miss"
    assert reads[LOCALES_CACHE_KEY] <= 1
    assert reads[FRAME_GENERATION_KEY] <= 1
    assert max(reads.values()) <= 2, reads  # the cache's get-or-add of a generation

    # The next request reads again: a change made elsewhere in between is seen.
    campaign.title = "Renamed between two requests"
    campaign.save_revision().publish()
    assert "Renamed between two requests" in text(employee_client.get(campaign.url))
