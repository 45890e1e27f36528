"""Query budgets: the campaign index and a campaign page do not grow with campaigns or blocks."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.factories import CampaignPageFactory
from campaigns.models import CampaignIndexPage, CampaignTopic, campaign_today
from cms.core.factories import CustomImageFactory
from cms.core.taxonomy import Pillar, Topic
from cms.support.models import SupportPage
from tests.campaign_support import group_titles, toolkit_document
from tests.world_support import module_world_fixture, world_fixture  # noqa: F401

# A small site in every language (tests/world_support.py).
pytestmark = pytest.mark.usefixtures("world")


def add_campaigns(index, count, image):
    pillars = list(Pillar.objects.filter(locale__language_code="en"))
    topics = list(Topic.objects.filter(locale__language_code="en"))
    today = campaign_today()
    for number in range(count):
        page = CampaignPageFactory(
            parent=index,
            title=f"Extra campaign {number}",
            slug=f"extra-campaign-{number}",
            pillar=pillars[number % len(pillars)],
            starts_on=today + datetime.timedelta(days=number - count // 2),
            ends_on=today + datetime.timedelta(days=number - count // 2 + 3),
            hero_image=image,
            hero_image_alt="A calm sea",
        )
        for sort_order, topic in enumerate(topics[number % 3 : number % 3 + 2]):
            CampaignTopic.objects.create(page=page, topic=topic, sort_order=sort_order)
        page.save_revision().publish()


def queries_for(client, url):
    client.get(url)  # warm up: renditions are made once, as on a running site
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


@pytest.mark.django_db
def test_campaign_index_queries_do_not_grow_with_the_number_of_campaigns(client, employee):
    """The small site's 3 campaigns against 30 (three with hero images, then 27 more)."""
    client.force_login(employee)
    index = CampaignIndexPage.objects.get(locale__language_code="sv")
    url = index.url

    with_three, html = queries_for(client, url)
    assert sum(len(titles) for titles in group_titles(html).values()) == 3

    add_campaigns(index, 27, CustomImageFactory())
    with_thirty, html = queries_for(client, url)
    shown = group_titles(html)
    # 30 campaigns: more shown than before, and the fullest group is cut at one page.
    assert sum(len(titles) for titles in shown.values()) > 3
    assert max(len(titles) for titles in shown.values()) == settings.LISTING_PAGE_SIZE

    print("campaign index queries", with_three, with_thirty)
    assert with_thirty == with_three, (with_three, with_thirty)


def body_with_blocks(count, document, support_page):
    from library.models import EpisodePage, PlaylistPage

    episodes = list(EpisodePage.objects.filter(locale__language_code="en").live())
    playlists = list(PlaylistPage.objects.filter(locale__language_code="en").live())
    blocks = []
    for number in range(count):
        blocks += [
            ("featured_episode", {"episode": episodes[number % len(episodes)], "note": ""}),
            ("featured_playlist", {"playlist": playlists[number % len(playlists)], "note": ""}),
            (
                "resource_links",
                {
                    "heading": f"Read {number}",
                    "links": [
                        {"title": "Slides", "document": document, "url": "", "description": ""}
                    ],
                },
            ),
            ("talk_to_someone", {"heading": "Talk to someone", "text": ""}),
            ("call_to_action", {"text": "Support", "page": support_page, "url": ""}),
            ("call_to_action", {"text": "Elsewhere", "page": None, "url": "https://example.com"}),
        ]
    return blocks


@pytest.mark.django_db
def test_campaign_page_queries_do_not_grow_with_blocks_that_reference_objects(client, employee):
    """Documents in resource lists, helplines in "talk to someone" blocks and featured episodes
    and playlists are loaded once, however many blocks refer to them."""
    client.force_login(employee)
    document = toolkit_document()
    # An English support page chosen on a Swedish campaign: links go to the Swedish one.
    support_page = SupportPage.objects.get(locale__language_code="en")
    index = CampaignIndexPage.objects.get(locale__language_code="sv")
    page = CampaignPageFactory(
        parent=index,
        slug="many-blocks",
        pillar=Pillar.objects.get(locale__language_code="en", slug="awareness"),
        body=body_with_blocks(1, document, support_page),
        cta_text="Get support",
        cta_page=support_page,
    )
    page.save_revision().publish()
    with_one, _html = queries_for(client, page.url)

    page.body = body_with_blocks(10, document, support_page)
    page.save_revision().publish()
    with_ten, html = queries_for(client, page.url)

    assert html.count('class="talk-to-someone"') == 10
    assert html.count('aria-label="Utvalt avsnitt"') == 10  # "Featured episode" in Swedish
    assert html.count('aria-label="Utvald spellista"') == 10  # "Featured playlist"
    assert html.count('<a class="button" href="/sv/stod/">') == 11
    print("campaign page queries", with_one, with_ten)
    assert with_ten == with_one, (with_one, with_ten)
