"""The campaign index: its place in the tree, grouping by date, the pillar and topic filters."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase

from campaigns.factories import CampaignPageFactory
from campaigns.models import (
    PAST,
    RUNNING,
    UPCOMING,
    CampaignIndexPage,
    CampaignPage,
    CampaignTopic,
    campaign_status,
    campaign_today,
)
from cms.core.models import HomePage
from cms.core.taxonomy import Pillar, Topic
from tests.campaign_support import group_titles
from tests.world_support import module_world_fixture, world_fixture  # noqa: F401

D = datetime.date


# --- Page tree ------------------------------------------------------------------------------


class TestCampaignTree(WagtailPageTestCase):
    def test_campaign_index_lives_under_home_pages_and_holds_campaigns(self):
        self.assertAllowedParentPageTypes(CampaignIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CampaignIndexPage, {CampaignPage})

    def test_campaigns_live_under_the_index_and_have_no_children(self):
        self.assertAllowedParentPageTypes(CampaignPage, {CampaignIndexPage})
        self.assertAllowedSubpageTypes(CampaignPage, set())


@pytest.mark.django_db
@pytest.mark.usefixtures("world")  # the small site of tests/world_support.py
def test_one_campaign_index_per_language(site_tree):
    english = site_tree["en"]
    assert not CampaignIndexPage.can_create_at(english)
    duplicate = CampaignIndexPage(title="More campaigns", slug="more", locale=english.locale)
    with pytest.raises(ValidationError, match="already has a campaign index"):
        duplicate.clean()

    CampaignIndexPage.objects.get(locale=site_tree["fr"].locale).delete()
    assert CampaignIndexPage.can_create_at(site_tree["fr"])


# --- Date grouping --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "today", "expected"),
    [
        (D(2026, 5, 1), D(2026, 5, 31), D(2026, 4, 30), UPCOMING),
        (D(2026, 5, 1), D(2026, 5, 31), D(2026, 5, 1), RUNNING),  # first day counts
        (D(2026, 5, 1), D(2026, 5, 31), D(2026, 5, 31), RUNNING),  # so does the last
        (D(2026, 5, 1), D(2026, 5, 31), D(2026, 6, 1), PAST),
        (D(2026, 5, 1), None, D(2030, 1, 1), RUNNING),  # no end date: keeps running
        (D(2026, 5, 1), None, D(2026, 4, 30), UPCOMING),
        (D(2026, 5, 1), D(2026, 5, 1), D(2026, 5, 1), RUNNING),  # a one-day campaign
    ],
)
def test_campaign_status(starts_on, ends_on, today, expected):
    assert campaign_status(starts_on, ends_on, today) == expected


@pytest.mark.parametrize(
    ("zone", "utc_now", "expected"),
    [
        # 23:30 UTC on the eve is already the first day in Stockholm (UTC+1 in March)…
        ("UTC", "2026-03-01T23:30:00", UPCOMING),
        ("Europe/Stockholm", "2026-03-01T23:30:00", RUNNING),
        # …and 01:00 UTC on the first day is still the eve in São Paulo (UTC-3).
        ("UTC", "2026-03-02T01:00:00", RUNNING),
        ("America/Sao_Paulo", "2026-03-02T01:00:00", UPCOMING),
        # The last day ends at local midnight, not UTC midnight.
        ("America/Sao_Paulo", "2026-03-11T02:00:00", RUNNING),
        ("UTC", "2026-03-11T02:00:00", PAST),
    ],
)
def test_campaign_days_follow_the_active_time_zone_around_midnight(zone, utc_now, expected):
    now = datetime.datetime.fromisoformat(utc_now).replace(tzinfo=datetime.UTC)
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        today = campaign_today(now)
    assert campaign_status(D(2026, 3, 2), D(2026, 3, 10), today) == expected


@pytest.mark.django_db
@pytest.mark.usefixtures("world")  # the small site of tests/world_support.py
def test_index_shows_each_campaign_in_its_group(client, employee):
    client.force_login(employee)
    response = client.get("/en/campaigns/")
    assert response.status_code == 200
    assert group_titles(response.content.decode()) == {
        "running": ["Tired of being tired? Let&#x27;s talk"],
        "upcoming": ["A week of open doors"],
        "past": ["Living with loss"],
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("world")  # the small site of tests/world_support.py
def test_index_groups_follow_the_dates_and_a_campaign_without_end_keeps_running(client, employee):
    index = CampaignIndexPage.objects.get(locale__language_code="en")
    today = campaign_today()
    open_ended = CampaignPageFactory(
        parent=index,
        title="Always here",
        slug="always-here",
        pillar=Pillar.objects.get(locale__language_code="en", slug="conversation"),
        starts_on=today - datetime.timedelta(days=400),
        ends_on=None,
    )
    open_ended.save_revision().publish()
    ended_yesterday = CampaignPageFactory(
        parent=index,
        title="Ended yesterday",
        slug="ended-yesterday",
        pillar=open_ended.pillar,
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today - datetime.timedelta(days=1),
    )
    ended_yesterday.save_revision().publish()
    client.force_login(employee)

    groups = group_titles(client.get("/en/campaigns/").content.decode())

    assert "Always here" in groups["running"]
    assert groups["past"][0] == "Ended yesterday"  # most recent first


@pytest.mark.django_db
@pytest.mark.usefixtures("world")  # the small site of tests/world_support.py
def test_index_in_another_language_lists_its_own_campaigns_with_translated_pillars(
    client, employee
):
    client.force_login(employee)
    html = client.get("/sv/kampanjer/").content.decode()
    assert group_titles(html)["running"] == ["Trött på att vara trött? Vi pratar om det"]
    assert "Ta hand om dig och hitta stöd" in html  # its pillar, self-care and support
    assert "Utmattning" in html  # its topic, burnout


# --- Filters --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("world")  # the small site of tests/world_support.py
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?pillar=awareness", ["Living with loss"]),
        ("?topic=burnout", ["Tired of being tired? Let&#x27;s talk"]),
        ("?pillar=conversation&topic=neurodiversity", ["A week of open doors"]),
        ("?pillar=awareness&topic=burnout", []),
    ],
)
def test_index_filters_by_pillar_and_topic(client, employee, query, expected):
    client.force_login(employee)
    html = client.get("/en/campaigns/" + query).content.decode()
    shown = [title for titles in group_titles(html).values() for title in titles]
    assert shown == expected
    assert "Show all campaigns" in html


@pytest.mark.django_db
@pytest.mark.usefixtures("world")  # the small site of tests/world_support.py
def test_an_unknown_filter_value_gets_a_clear_message_and_all_campaigns(client, employee):
    client.force_login(employee)
    response = client.get("/en/campaigns/?pillar=<script>&topic=nope")
    assert response.status_code == 200
    html = response.content.decode()
    assert "We could not apply that filter" in html
    assert "<script>" not in html
    assert sum(len(titles) for titles in group_titles(html).values()) == 3


@pytest.mark.django_db
@pytest.mark.usefixtures("world")  # the small site of tests/world_support.py
def test_filter_by_topic_finds_campaigns_tagged_with_any_translation_of_it(client, employee):
    """Editors may choose a topic in any language: the filter goes by its shared slug."""
    index = CampaignIndexPage.objects.get(locale__language_code="en")
    campaign = CampaignPageFactory(
        parent=index,
        title="Sleep week",
        slug="sleep-week",
        pillar=Pillar.objects.get(locale__language_code="en", slug="awareness"),
    )
    CampaignTopic.objects.create(
        page=campaign, topic=Topic.objects.get(locale__language_code="de", slug="sleep")
    )
    campaign.save_revision().publish()
    client.force_login(employee)

    html = client.get("/en/campaigns/?topic=sleep").content.decode()

    shown = [title for titles in group_titles(html).values() for title in titles]
    assert "Sleep week" in shown
    # Shown in English, although the German topic was chosen; it links to the topic listing.
    assert '<a href="/en/search/?topic=sleep">Sleep</a></li>' in html
