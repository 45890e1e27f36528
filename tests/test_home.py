"""The home page as the programme's front door: what it shows, in which order, in every
language, and at a query cost that does not grow with what it lists."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from campaigns.factories import CampaignPageFactory
from campaigns.models import CampaignIndexPage, CampaignPage, campaign_today
from cms.core.home import featured_campaigns
from cms.core.models import HomeFeaturedPlaylist, HomePage
from cms.core.taxonomy import Pillar
from cms.support.models import SupportPage, SupportResource
from library.factories import (
    AudioFileFactory,
    EpisodePageFactory,
    PlaylistPageFactory,
    TranscriptFactory,
)
from library.models import EpisodePage, LibraryIndexPage, PlaylistPage, PodcastShowPage
from tests.world_support import module_world_fixture, world_fixture  # noqa: F401

# A small site in every language (tests/world_support.py).
pytestmark = pytest.mark.usefixtures("world")

LANGUAGES = ["en", "sv", "de", "es", "fr", "pt-br"]


def section_order(html):
    """The home page's section ids in the order they appear."""
    return re.findall(r'<section class="home-section (home-[a-z]+)"', html)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_home_shows_every_section_in_order_in_each_language(employee_client, site_tree, language):
    home = site_tree[language]
    response = employee_client.get(home.url)
    html = response.content.decode()

    assert response.status_code == 200
    assert section_order(html) == [
        "home-campaigns",
        "home-pillars",
        "home-episodes",
        "home-playlists",
        "home-help",
    ]
    context = response.context
    # The running campaign of this language, first, with its pillar in this language.
    (campaign,) = context["campaigns"]
    assert campaign.locale_id == home.locale_id
    assert campaign.starts_on <= campaign_today() <= campaign.ends_on
    assert campaign.display_pillar.locale.language_code == language
    assert f'href="{campaign.url}"' in html
    # The three pillars, in this language, each leading to its listing under this home page.
    pillars = context["pillars"]
    assert [pillar.slug for pillar in pillars] == [
        "awareness",
        "self-care-and-support",
        "conversation",
    ]
    assert {pillar.locale.language_code for pillar in pillars} == {language}
    for pillar in pillars:
        assert pillar.listing_url == f"{home.url}pillars/{pillar.slug}/"
        assert f'href="{pillar.listing_url}"' in html
        assert escape(pillar.title) in html
    # New episodes of this language only.
    assert context["new_episodes"]
    assert {episode.locale_id for episode in context["new_episodes"]} == {home.locale_id}
    # Featured playlists: the editors' choice, in this language where translated.
    featured = context["featured_playlists"]
    assert [playlist.translation_key for playlist in featured] == [
        item.playlist.translation_key for item in home.specific.featured_playlists.all()
    ]
    assert featured[0].locale_id == home.locale_id  # "First steps" is translated everywhere
    # Quick links to help: the support page of this language and its resources' anchors.
    support = SupportPage.objects.get(locale=home.locale)
    assert f'href="{support.url}"' in html
    kinds = [resource.kind for resource in context["help"]["resources"]]
    assert kinds == ["counselling", "first-aiders", "ambassadors"]
    for resource in context["help"]["resources"]:
        assert resource.locale_id == home.locale_id
        assert f'href="{support.url}#resource-{resource.pk}"' in html
    assert context["help"]["crisis_line"] is not None
    assert 'href="tel:' in html
    # The editors' texts, translated.
    specific = home.specific
    assert specific.help_introduction and escape(specific.help_introduction) in html


@pytest.mark.django_db
def test_home_texts_are_translated_through_wagtail_localize(site_tree):
    english = site_tree["en"].specific
    for language in LANGUAGES[1:]:
        home = site_tree[language].specific
        for field in (
            "pillars_introduction",
            "featured_playlists_introduction",
            "help_introduction",
        ):
            assert getattr(home, field), (language, field)
            assert getattr(home, field) != getattr(english, field), (language, field)
    assert "du" in site_tree["de"].specific.help_introduction.lower().split()


@pytest.mark.django_db
def test_continue_listening_comes_before_the_campaigns(employee_client, site_tree):
    html = employee_client.get(site_tree["en"].url).content.decode()
    # The per-listener slot is included at the top (its content belongs to the listening part).
    header_end = html.index("</header>", html.index('class="page-header home__welcome"'))
    assert header_end < html.index('class="home-section home-campaigns"')


@pytest.mark.django_db
def test_upcoming_campaign_shown_when_none_is_running(site_tree, employee):
    home = site_tree["en"]
    today = campaign_today()
    CampaignPage.objects.filter(locale=home.locale, starts_on__lte=today).update(
        starts_on=today - datetime.timedelta(days=60), ends_on=today - datetime.timedelta(days=30)
    )
    shown = featured_campaigns(home, employee)
    assert len(shown) == 1
    assert shown[0].starts_on > today
    assert shown[0].is_upcoming


@pytest.mark.django_db
def test_home_hides_unpublished_and_other_language_pages(employee_client, site_tree):
    home = site_tree["sv"]
    english_episode = EpisodePage.objects.filter(locale=site_tree["en"].locale).live().first()
    draft = EpisodePage.objects.filter(locale=home.locale).live().first()
    draft.unpublish()
    response = employee_client.get(home.url)
    shown = response.context["new_episodes"]
    assert draft.pk not in {episode.pk for episode in shown}
    assert english_episode.pk not in {episode.pk for episode in shown}


def add_running_campaigns(english_home, count, start=0):
    index = CampaignIndexPage.objects.child_of(english_home).get()
    pillar = Pillar.objects.get(locale=english_home.locale, slug="awareness")
    today = campaign_today()
    for number in range(start, start + count):
        campaign = CampaignPageFactory(
            parent=index,
            title=f"Extra campaign {number}",
            slug=f"extra-campaign-{number}",
            pillar=pillar,
            starts_on=today - datetime.timedelta(days=number + 1),
            ends_on=today + datetime.timedelta(days=5),
        )
        campaign.save_revision().publish()


def add_episodes(english_home, count, start=0):
    show = PodcastShowPage.objects.descendant_of(english_home).filter(locale=english_home.locale)
    show = show.first()
    for number in range(start, start + count):
        episode = EpisodePageFactory(
            parent=show,
            title=f"Extra episode {number}",
            slug=f"extra-episode-{number}",
            publish_date=datetime.date(2030, 1, 1) + datetime.timedelta(days=number),
            audio=AudioFileFactory(title=f"Extra {number}"),
            transcript=TranscriptFactory(title=f"Extra {number}"),
        )
        episode.save_revision().publish()


def add_featured_playlists(english_home, count, start=0):
    library = LibraryIndexPage.objects.child_of(english_home).get()
    home = HomePage.objects.get(pk=english_home.pk)
    episode = EpisodePage.objects.descendant_of(english_home).live().first()
    for number in range(start, start + count):
        playlist = PlaylistPageFactory(
            parent=library, title=f"Extra playlist {number}", slug=f"extra-playlist-{number}"
        )
        playlist.items.create(episode=episode, sort_order=0)
        playlist.save_revision().publish()
        HomeFeaturedPlaylist.objects.create(page=home, playlist=playlist, sort_order=10 + number)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.mark.django_db
def test_home_query_count_does_not_grow_with_what_it_lists(employee_client, site_tree):
    home = site_tree["en"]
    employee_client.get(home.url)  # warm the site-root cache, as a running site has it
    before, _response = queries_for(employee_client, home.url)

    add_running_campaigns(home, 2)
    add_episodes(home, 6)
    add_featured_playlists(home, 3)
    employee_client.get(home.url)  # renditions are made once, on the first view
    after, response = queries_for(employee_client, home.url)

    assert len(response.context["campaigns"]) == 3
    assert len(response.context["new_episodes"]) == 6
    assert len(response.context["featured_playlists"]) == 5
    assert after == before


@pytest.mark.django_db
def test_featured_playlist_untranslated_is_shown_as_chosen_and_marked(employee_client, site_tree):
    html = employee_client.get(site_tree["sv"].url).content.decode()
    wind_down = PlaylistPage.objects.get(locale=site_tree["en"].locale, slug="evening-calm")
    assert not wind_down.has_translation(site_tree["sv"].locale)
    assert (
        f'<li class="card" lang="en">\n                        <h3><a href="{wind_down.url}">'
        in html
    )


@pytest.mark.django_db
def test_home_page_edited_in_wagtail_with_grouped_panels_and_preview(admin_client, site_tree):
    home = site_tree["en"].specific
    edit = admin_client.get(f"/admin/pages/{home.pk}/edit/")
    assert edit.status_code == 200
    html = edit.content.decode()
    for label in ("Pillars and new episodes", "Featured playlists", "Quick links to help"):
        assert label in html
    playlist = PlaylistPage.objects.get(locale=home.locale, slug="first-steps")
    data = nested_form_data(
        {
            "title": home.title,
            "slug": home.slug,
            "introduction": home.introduction,
            "content_notes": "",
            "pillars_introduction": "Preview pillars text",
            "new_episode_count": 3,
            "featured_playlists_introduction": "",
            "help_introduction": "Preview help text",
            "featured_playlists": inline_formset([{"playlist": playlist.pk}]),
            "body": streamfield([]),
        }
    )
    preview_url = f"/admin/pages/{home.pk}/edit/preview/"
    assert admin_client.post(preview_url, data).json()["is_valid"]
    preview = admin_client.get(preview_url)
    assert preview.status_code == 200
    assert "Preview pillars text" in preview.content.decode()
    assert len(preview.context["new_episodes"]) <= 3


@pytest.mark.django_db
def test_support_resources_are_the_help_links(site_tree):
    # The quick links come from the support page's own resources: editing them edits the links.
    home = site_tree["fr"]
    resources = SupportResource.objects.filter(locale=home.locale, live=True)
    assert {"counselling", "first-aiders", "ambassadors"} <= set(
        resources.values_list("kind", flat=True)
    )
    assert Page.objects.type(SupportPage).filter(locale=home.locale).live().exists()


@pytest.mark.django_db
def test_episode_behind_a_stricter_restriction_is_left_out(client, site_tree, role_users):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    home = site_tree["en"]
    show = PodcastShowPage.objects.get(locale=home.locale, slug="quiet-hours")
    restriction = PageViewRestriction.objects.create(
        page=show, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Editors"))
    hidden = set(EpisodePage.objects.child_of(show).values_list("pk", flat=True))
    # Two places, and the two newest episodes are one from each show (the hidden one's second).
    HomePage.objects.filter(pk=home.pk).update(new_episode_count=2)
    audible = EpisodePage.objects.live().filter(locale=home.locale).exclude(pk__in=hidden)
    assert audible.count() == 2

    client.force_login(role_users["Employees"])
    response = client.get(home.url)
    shown = {episode.pk for episode in response.context["new_episodes"]}
    assert shown and not shown & hidden
    # The newest episodes the listener may hear fill the list (not fewer because some are hidden).
    assert shown == set(audible.values_list("pk", flat=True))

    client.force_login(role_users["Editors"])
    shown = {episode.pk for episode in client.get(home.url).context["new_episodes"]}
    assert shown & hidden


@pytest.mark.django_db
def test_home_and_pillar_pages_render_when_images_cannot_be_made(
    employee_client, site_tree, settings
):
    """An S3 outage before a rendition exists leaves the picture out, never the page."""
    from cms.core.models import CustomRendition
    from tests.conftest import free_port, s3_storages

    CustomRendition.objects.all().delete()
    settings.STORAGES = s3_storages(
        "unreachable-bucket",
        f"http://127.0.0.1:{free_port()}",
        connect_timeout=0.2,
        read_timeout=0.2,
        max_attempts=1,
    )
    home = site_tree["de"]
    for url in (home.url, f"{home.url}pillars/conversation/"):
        response = employee_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "Nachttelefon" in html  # the German crisis line
        assert "<img" not in html.split('<main id="main-content"')[1].split("</main>")[0]


@pytest.mark.django_db
def test_featured_playlist_behind_a_group_restriction_is_left_out(client, site_tree, role_users):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    for language in ("en", "sv"):  # translated there, and shown as chosen (untranslated) there
        home = site_tree[language]
        wind_down = PlaylistPage.objects.get(locale=site_tree["en"].locale, slug="evening-calm")
        restriction, _created = PageViewRestriction.objects.get_or_create(
            page=wind_down, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(Group.objects.get(name="Editors"))
        client.force_login(role_users["Employees"])
        shown = client.get(home.url).context["featured_playlists"]
        assert wind_down.translation_key not in {p.translation_key for p in shown}
        assert shown  # "First steps" stays
        client.force_login(role_users["Editors"])
        shown = client.get(home.url).context["featured_playlists"]
        assert wind_down.translation_key in {p.translation_key for p in shown}
