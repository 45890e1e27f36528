"""Pillar listings: one page per pillar and language (under the home page, so behind its login),
with that language's campaigns, shows and playlists, paginated, and reachable from every badge."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from campaigns.factories import CampaignPageFactory
from campaigns.models import CampaignIndexPage, CampaignPage, campaign_today
from cms.core.taxonomy import Pillar
from library.factories import PlaylistPageFactory, PodcastShowPageFactory
from library.models import EpisodePage, LibraryIndexPage, PlaylistPage, PodcastShowPage
from tests.world_support import module_world_fixture, world_fixture  # noqa: F401

# A small site in every language (tests/world_support.py).
pytestmark = pytest.mark.usefixtures("world")

LANGUAGES = ["en", "sv", "de", "es", "fr", "pt-br"]
SLUGS = ["awareness", "self-care-and-support", "conversation"]


def pillar_url(home, slug):
    return f"{home.url}pillars/{slug}/"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_pillar_lists_this_languages_campaigns_shows_and_playlists(
    employee_client, site_tree, language
):
    home = site_tree[language]
    for slug in SLUGS:
        response = employee_client.get(pillar_url(home, slug))
        assert response.status_code == 200
        html = response.content.decode()
        pillar = response.context["pillar"]
        assert pillar.slug == slug
        assert pillar.locale.language_code == language
        assert f"{escape(pillar.title)}</h1>" in html
        campaigns = list(response.context["campaign_page"])
        shows = list(response.context["show_page"])
        playlists = list(response.context["playlist_page"])
        expected_campaigns = CampaignPage.objects.live().filter(
            locale=home.locale, pillar__slug=slug
        )
        assert {page.pk for page in campaigns} == set(
            expected_campaigns.values_list("pk", flat=True)
        )
        assert campaigns, slug  # one campaign per pillar in every language
        for page in campaigns + shows + playlists:
            assert page.locale_id == home.locale_id
            assert page.pillar.slug == slug
            assert f'href="{page.url}"' in html


@pytest.mark.django_db
def test_pillar_pages_list_their_shows_and_playlists(employee_client, site_tree):
    english = site_tree["en"]
    listed = {}
    for slug in SLUGS:
        response = employee_client.get(pillar_url(english, slug))
        listed[slug] = {page.title for page in response.context["show_page"]} | {
            page.title for page in response.context["playlist_page"]
        }
    assert listed == {
        "awareness": {"First steps"},
        "self-care-and-support": {"Quiet hours", "Evening calm"},
        "conversation": {"Open voices"},
    }
    # Swedish has the translated show and playlist only: no English page appears there.
    swedish = site_tree["sv"]
    response = employee_client.get(pillar_url(swedish, "self-care-and-support"))
    assert list(response.context["show_page"]) == []
    assert list(response.context["playlist_page"]) == []
    assert "No podcasts under this pillar yet." not in response.content.decode()  # translated
    response = employee_client.get(pillar_url(swedish, "conversation"))
    (show,) = response.context["show_page"]
    assert show.locale_id == swedish.locale_id


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["pillars/no-such-pillar/", "pillars/", "pillars/awareness/x/"])
def test_unknown_pillar_is_a_404(employee_client, site_tree, path):
    assert employee_client.get(f"{site_tree['en'].url}{path}").status_code == 404


@pytest.mark.django_db
def test_pillar_page_needs_login(client, site_tree):
    response = client.get(pillar_url(site_tree["en"], "awareness"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.django_db
def test_unpublished_pillar_is_a_404(employee_client, site_tree):
    Pillar.objects.filter(slug="awareness").update(live=False)
    assert employee_client.get(pillar_url(site_tree["en"], "awareness")).status_code == 404


def add_pages(english_home, count, start=0):
    pillar = Pillar.objects.get(locale=english_home.locale, slug="awareness")
    campaigns = CampaignIndexPage.objects.child_of(english_home).get()
    library = LibraryIndexPage.objects.child_of(english_home).get()
    episode = EpisodePage.objects.descendant_of(english_home).live().first()
    today = campaign_today()
    for number in range(start, start + count):
        CampaignPageFactory(
            parent=campaigns,
            title=f"Campaign {number:02d}",
            slug=f"campaign-{number}",
            pillar=pillar,
            starts_on=today - datetime.timedelta(days=400 + number),
            ends_on=today - datetime.timedelta(days=300),
        ).save_revision().publish()
        PodcastShowPageFactory(
            parent=library, title=f"Show {number:02d}", slug=f"show-{number}", pillar=pillar
        ).save_revision().publish()
        playlist = PlaylistPageFactory(
            parent=library, title=f"Playlist {number:02d}", slug=f"playlist-{number}", pillar=pillar
        )
        playlist.items.create(episode=episode, sort_order=0)
        playlist.save_revision().publish()


def query_count(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.mark.django_db
def test_pillar_listing_is_paginated_and_its_queries_flat(employee_client, site_tree, settings):
    settings.LISTING_PAGE_SIZE = 4
    home = site_tree["en"]
    url = pillar_url(home, "awareness")
    add_pages(home, 2)
    employee_client.get(url)  # renditions made on the first view
    before, _response = query_count(employee_client, url)
    add_pages(home, 8, start=2)
    employee_client.get(url)
    after, response = query_count(employee_client, url)
    assert after == before
    assert len(response.context["show_page"]) == 4
    assert response.context["show_page"].paginator.count == 10
    html = response.content.decode()
    assert 'href="?shows=2#pillar-shows"' in html
    assert "Page 1 of 3" in html

    # A later page of one list keeps the others where they are, and works without JS.
    response = employee_client.get(url + "?shows=3&playlists=2")
    assert response.context["show_page"].number == 3
    assert response.context["playlist_page"].number == 2
    assert response.context["campaign_page"].number == 1
    assert len(response.context["show_page"]) == 2
    assert 'href="?shows=2&amp;playlists=2#pillar-shows"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "-1", "0", "999", "1.5", "%00"])
def test_bad_page_numbers_never_fail(employee_client, site_tree, page):
    url = pillar_url(site_tree["en"], "awareness")
    # (A NUL is refused as hostile input before the page: 400, never a 500.)
    assert employee_client.get(f"{url}?campaigns={page}&shows={page}").status_code in (200, 400)


def pillar_links(html):
    return re.findall(r'<a class="pillar-label pillar-link" href="([^"]+)"', html)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "sv"])
def test_every_pillar_badge_links_to_its_listing(employee_client, site_tree, language):
    home = site_tree[language]
    campaign_index = CampaignIndexPage.objects.get(locale=home.locale)
    campaign = CampaignPage.objects.filter(locale=home.locale).live().first()
    show = PodcastShowPage.objects.filter(locale=home.locale).live().first()
    playlist = PlaylistPage.objects.filter(locale=home.locale).live().first()
    for page, expected in [
        (home, None),
        (campaign_index, None),
        (campaign, campaign.pillar.slug),
        (show, show.pillar.slug),
        (playlist, playlist.pillar.slug),
    ]:
        html = employee_client.get(page.url).content.decode()
        links = pillar_links(html)
        assert links, page.url
        for link in links:
            assert link.startswith(f"{home.url}pillars/")
            assert employee_client.get(link).status_code == 200
        if expected:
            assert pillar_url(home, expected) in links


@pytest.mark.django_db
def test_untranslated_pillar_is_shown_in_english_and_marked(employee_client, site_tree):
    # A pillar without a Swedish translation: its English text, with lang="en" for screen readers.
    Pillar.objects.filter(locale__language_code="sv", slug="awareness").delete()
    english = Pillar.objects.get(locale__language_code="en", slug="awareness")
    home = site_tree["sv"]
    html = employee_client.get(home.url).content.decode()
    assert (
        f'lang="en">\n                        <h3><a href="{pillar_url(home, "awareness")}">'
        in html
    )
    response = employee_client.get(pillar_url(home, "awareness"))
    assert response.status_code == 200
    assert '<h1 lang="en"><svg class="pillar-icon"' in (response.content.decode())
    assert escape(english.title) in response.content.decode()
    # A translated one carries no lang of its own (the page's is right).
    html = employee_client.get(pillar_url(home, "conversation")).content.decode()
    assert '<h1><svg class="pillar-icon"' in html


@pytest.mark.django_db
def test_cached_paths_include_the_pillar_listings(site_tree):
    paths = site_tree["de"].specific.get_cached_paths()
    assert paths == ["/"] + [f"/pillars/{slug}/" for slug in sorted(SLUGS)]


@pytest.mark.django_db
def test_badge_of_an_untranslated_pillar_is_marked_with_its_language(employee_client, site_tree):
    Pillar.objects.filter(locale__language_code="sv", slug="conversation").delete()
    home = site_tree["sv"]
    show = PodcastShowPage.objects.get(locale=home.locale, slug="oppna-roster")
    html = employee_client.get(show.url).content.decode()
    assert f'href="{pillar_url(home, "conversation")}" lang="en">' in html
    campaign = CampaignPage.objects.filter(locale=home.locale, pillar__slug="conversation").get()
    html = employee_client.get(campaign.url).content.decode()
    assert f'href="{pillar_url(home, "conversation")}" lang="en">' in html


@pytest.mark.django_db
def test_pillar_page_title_names_the_pillar_and_the_site(employee_client, site_tree):
    html = employee_client.get(pillar_url(site_tree["en"], "awareness")).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
    assert title == "Know the signs · Heart & Soul"


@pytest.mark.django_db
def test_pillar_listing_leaves_out_what_the_listener_may_not_see(client, site_tree, role_users):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    home = site_tree["en"]
    show = PodcastShowPage.objects.get(locale=home.locale, slug="quiet-hours")
    restriction = PageViewRestriction.objects.create(
        page=show, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Editors"))
    url = pillar_url(home, "self-care-and-support")
    client.force_login(role_users["Employees"])
    assert show.pk not in {page.pk for page in client.get(url).context["show_page"]}
    client.force_login(role_users["Editors"])
    assert show.pk in {page.pk for page in client.get(url).context["show_page"]}
