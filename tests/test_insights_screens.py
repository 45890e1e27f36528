"""The Insights screens: who may open them, bad filters, and the demo's charts."""

import pytest
from django.test import Client

from library.models import EpisodePage
from tests import insights_support

pytestmark = pytest.mark.django_db
# The shared fixtures (tests/insights_support.py), found here by pytest.
campaign = insights_support.campaign


# --- Who may open Insights ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("Editors", True),
        ("Wellbeing reviewers", True),
        ("Administrators", True),
        ("Translators", False),
        ("Employees", False),
        (None, False),
    ],
)
def test_only_editors_reviewers_and_admins_open_insights(role_users, campaign, role, allowed):
    client = Client()
    if role:
        client.force_login(role_users[role])
    episode = EpisodePage.objects.filter(locale__language_code="en").first()
    urls = [
        "/admin/insights/",
        "/admin/insights/campaigns/",
        f"/admin/insights/campaigns/{campaign.pk}/",
        f"/admin/insights/campaigns/{campaign.pk}/?format=csv",
        "/admin/insights/shows/",
        f"/admin/insights/shows/{episode.get_parent().pk}/",
        f"/admin/insights/episodes/{episode.pk}/",
        "/admin/insights/search/?format=csv",
    ]
    for url in urls:
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, url
        else:
            assert response.status_code in (302, 403), url
            assert b"insights-chart" not in response.content
    if role:
        menu = client.get("/admin/").content.decode()
        assert ("/admin/insights/" in menu) is allowed


def test_bad_filters_show_a_message_and_the_defaults(role_users, campaign):
    client = Client()
    client.force_login(role_users["Editors"])
    for query in ("?start=2026-13-40", "?start=2026-05-01&end=2026-01-01", "?locale=xx"):
        response = client.get(f"/admin/insights/campaigns/{campaign.pk}/{query}")
        assert response.status_code == 200
    response = client.get("/admin/insights/?start=2026-05-01&end=2026-01-01")
    assert "The start date must be on or before the end date." in response.content.decode()
    # Not found (LocaleMiddleware turns the admin's 404 into its usual redirect).
    assert client.get("/admin/insights/campaigns/999999/").status_code in (302, 404)


# --- The demo -------------------------------------------------------------------------------


@pytest.fixture
def demo_counts(campaign):
    """The demo's months of daily counts (cms/insights/demo.py), made for the small tree."""
    from collections import Counter
    from types import SimpleNamespace

    from cms.insights import demo
    from cms.insights.models import PageDay

    PageDay.objects.all().delete()
    demo.build_demo(SimpleNamespace(created=Counter()))
    episode = EpisodePage.objects.filter(locale__language_code="en").first()
    for page in (campaign, episode):
        assert PageDay.objects.filter(page_id=page.pk).exists()


def test_the_demo_shows_a_campaigns_reach_and_an_episodes_curve_with_small_cells_hidden(
    role_users, campaign, demo_counts
):
    client = Client()
    client.force_login(role_users["Editors"])
    html = client.get(f"/admin/insights/campaigns/{campaign.pk}/").content.decode()
    assert 'data-chart="columns"' in html and "fewer than 10" in html
    episode = EpisodePage.objects.filter(locale__language_code="en").first()
    html = client.get(f"/admin/insights/episodes/{episode.pk}/?start=2000-01-01").content
    assert b"Choose at most" in html  # too long a range: a message, the default range instead
    html = client.get(f"/admin/insights/episodes/{episode.pk}/").content.decode()
    assert 'data-chart="line"' in html and "Reached 75%" in html
