"""Listings never show a page the viewer may not see (issue #12).

A role table: for each listing of pages (the library index's shows and playlists, a show's
episodes, the home page's campaigns, new episodes and featured playlists, a pillar page, the
campaign index, featured episode and playlist blocks), a page under a "groups" view restriction
naming a new group is absent for an employee outside the group and present for one in it; with
the page cache off (as tests run) and on. The page cache keys pages by the viewer's
view-restriction groups, so a listing cached for one is never served to the other.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from campaigns.factories import CampaignPageFactory
from campaigns.models import CampaignIndexPage, campaign_today
from cms.core.factories import UserFactory
from cms.core.models import HomeFeaturedPlaylist, HomePage
from cms.core.taxonomy import Pillar
from library.factories import EpisodePageFactory, PlaylistPageFactory, PodcastShowPageFactory
from library.models import EpisodePage, LibraryIndexPage, PodcastShowPage
from tests.world_support import module_world_fixture, world_fixture  # noqa: F401

# A small site in every language (tests/world_support.py).
pytestmark = pytest.mark.usefixtures("world")

HEADER = "X-Page-Cache"
MARKER = "Quietly restricted"  # in every restricted page's title: in no other text


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def restrict(page, group):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)


def english(model):
    return model.objects.live().get(locale__language_code="en")


def a_show():
    return (
        PodcastShowPage.objects.live()
        .filter(locale__language_code="en", view_restrictions__isnull=True)
        .order_by("path")
        .first()
    )


def pillar(slug="awareness"):
    return Pillar.objects.get(locale__language_code="en", slug=slug)


def new_episode(parent, title, **fields):
    return publish(
        EpisodePageFactory(
            parent=parent, title=title, slug=title.lower().replace(" ", "-"), **fields
        )
    )


def new_campaign(title, **fields):
    today = campaign_today()
    values = {
        "pillar": pillar(),
        "starts_on": today - datetime.timedelta(days=3650),  # the earliest running: listed first
        "ends_on": today + datetime.timedelta(days=30),
        "cta_text": "",
        **fields,
    }
    index = english(CampaignIndexPage)
    return publish(
        CampaignPageFactory(
            parent=index, title=title, slug=title.lower().replace(" ", "-"), **values
        )
    )


# --- The listings: each builds its restricted page and answers (url, page to restrict) ------


def library_index_shows(group):
    library = english(LibraryIndexPage)
    show = publish(
        PodcastShowPageFactory(
            parent=library, title=f"{MARKER} show", description=f"{MARKER}: a description"
        )
    )
    return library.url, show


def library_index_playlists(group):
    library = english(LibraryIndexPage)
    playlist = publish(PlaylistPageFactory(parent=library, title=f"{MARKER} playlist"))
    return library.url, playlist


def show_episodes(group):
    show = a_show()
    episode = new_episode(show, f"{MARKER} episode", publish_date=datetime.date(2031, 1, 1))
    return show.url, episode  # the show stays open: the episode carries its own restriction


def home_new_episodes(group):
    # The restriction is the show's (an ancestor of the episode), and the episode is the newest.
    library = english(LibraryIndexPage)
    show = publish(PodcastShowPageFactory(parent=library, title="Members corner"))
    new_episode(show, f"{MARKER} home episode", publish_date=datetime.date(2031, 1, 1))
    return english(HomePage).url, show


def home_campaigns(group):
    return english(HomePage).url, new_campaign(f"{MARKER} campaign")


def home_featured_playlists(group):
    library = english(LibraryIndexPage)
    playlist = PlaylistPageFactory(parent=library, title=f"{MARKER} featured playlist")
    episode = EpisodePage.objects.live().child_of(a_show()).first()
    playlist.items.create(episode=episode, sort_order=0)
    publish(playlist)
    home = english(HomePage)
    HomeFeaturedPlaylist.objects.create(page=home, playlist=playlist, sort_order=0)
    return home.url, playlist


def pillar_page_shows(group):
    library = english(LibraryIndexPage)
    show = publish(
        PodcastShowPageFactory(parent=library, title=f"{MARKER} pillar show", pillar=pillar())
    )
    return f"{english(HomePage).url}pillars/awareness/", show


def pillar_page_campaigns(group):
    return f"{english(HomePage).url}pillars/awareness/", new_campaign(f"{MARKER} pillar campaign")


def campaign_index(group):
    return english(CampaignIndexPage).url, new_campaign(f"{MARKER} indexed campaign")


def featured_episode_block(group):
    episode = new_episode(a_show(), f"{MARKER} featured episode")
    campaign = new_campaign(
        "Open campaign", body=[("featured_episode", {"episode": episode, "note": ""})]
    )
    return campaign.url, episode


def featured_playlist_block(group):
    library = english(LibraryIndexPage)
    playlist = publish(PlaylistPageFactory(parent=library, title=f"{MARKER} block playlist"))
    campaign = new_campaign(
        "Open campaign", body=[("featured_playlist", {"playlist": playlist, "note": ""})]
    )
    return campaign.url, playlist


LISTINGS = [
    library_index_shows,
    library_index_playlists,
    show_episodes,
    home_new_episodes,
    home_campaigns,
    home_featured_playlists,
    pillar_page_shows,
    pillar_page_campaigns,
    campaign_index,
    featured_episode_block,
    featured_playlist_block,
]


@pytest.fixture(params=["cache off", "cache on"])
def cache_mode(request, settings):
    settings.LISTING_PAGE_SIZE = 100  # a new page is on the first page of its list
    if request.param == "cache on":
        settings.PAGE_CACHE_SECONDS = 600
        cache.clear()
        yield request.param
        cache.clear()
    else:
        yield request.param


@pytest.fixture
def insiders():
    return Group.objects.create(name="Insiders")


def listing_html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("listing", LISTINGS, ids=lambda listing: listing.__name__)
def test_a_restricted_page_is_listed_only_for_members(
    listing, cache_mode, site_tree, employee, client, insiders
):
    url, restricted = listing(insiders)
    restrict(restricted, insiders)
    client.force_login(employee)

    assert MARKER not in listing_html(client, url)
    assert MARKER not in listing_html(client, url)  # and again (a hit with the cache on)

    employee.groups.add(insiders)
    assert MARKER in listing_html(client, url)

    employee.groups.remove(insiders)
    assert MARKER not in listing_html(client, url)


@pytest.mark.django_db
@pytest.mark.parametrize("listing", LISTINGS, ids=lambda listing: listing.__name__)
def test_an_unrestricted_page_is_listed_for_everyone(
    listing, settings, site_tree, employee, client, insiders
):
    """The table's control: the same page without its restriction is listed (so the absence
    above is the restriction's doing, not a listing that never shows the page)."""
    settings.LISTING_PAGE_SIZE = 100
    url, _page = listing(insiders)
    client.force_login(employee)
    assert MARKER in listing_html(client, url)


@pytest.mark.django_db
@pytest.mark.parametrize("cache_on", [False, True])
def test_superusers_see_the_restricted_page_listed(settings, site_tree, client, cache_on, insiders):
    settings.LISTING_PAGE_SIZE = 100
    if cache_on:
        settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    url, show = library_index_shows(insiders)
    restrict(show, insiders)
    client.force_login(UserFactory(username="test-root", is_superuser=True, is_staff=True))
    assert MARKER in listing_html(client, url)
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize("member_first", [False, True])
def test_a_listing_cached_for_one_viewer_is_not_served_to_the_other(
    settings, site_tree, role_users, client, insiders, member_first
):
    settings.PAGE_CACHE_SECONDS = 600
    settings.LISTING_PAGE_SIZE = 100
    cache.clear()
    url, show = library_index_shows(insiders)
    restrict(show, insiders)
    outsider = role_users["Employees"]
    member = UserFactory(username="test-insider", groups=[Group.objects.get(name="Employees")])
    member.groups.add(insiders)
    order = [(member, True), (outsider, False)]
    if not member_first:
        order.reverse()

    seen = []
    for attempt in range(2):
        for user, sees in order:
            client.force_login(user)
            response = client.get(url)
            assert response.status_code == 200
            assert (MARKER in response.content.decode()) is sees, (user.username, attempt)
            seen.append(response[HEADER])
    # Each viewer's first request rendered (a miss) and its second came from the cache: two
    # entries, one per set of restriction groups, never one shared.
    assert seen == ["miss", "miss", "hit", "hit"], seen
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize("cache_on", [False, True])
def test_the_campaign_index_counts_leave_out_a_restricted_campaign(
    settings, site_tree, employee, client, insiders, cache_on
):
    """The groups' counts (one COUNT query with a FILTER per group) and the total are the
    viewer's: a restricted campaign is neither listed nor counted."""
    if cache_on:
        settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    url, campaign = campaign_index(insiders)
    restrict(campaign, insiders)
    client.force_login(employee)
    outside = client.get(url).context
    employee.groups.add(insiders)
    inside = client.get(url).context  # a render of its own (another set of groups)
    assert inside["campaign_count"] == outside["campaign_count"] + 1
    running = {key: page.object_list for key, _label, page in inside["campaign_groups"]}
    assert campaign in running["running"]
    running = {key: page.object_list for key, _label, page in outside["campaign_groups"]}
    assert campaign not in running["running"]
    cache.clear()
