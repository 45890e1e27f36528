"""The page cache: what it keeps and what a hit costs, what it never keeps, Redis and outages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from cms.core.page_cache import CSRF_PLACEHOLDER, NONCE_PLACEHOLDER
from cms.settings.base import redis_cache_settings
from library.models import EpisodePage, PodcastShowPage
from tests import page_cache_support
from tests.conftest import free_port
from tests.page_cache_support import HEADER, an_episode, crisis_line, text
from tests.test_cache import real_redis  # noqa: F401  (fixture)
from tests.world_support import module_world_fixture, world_fixture  # noqa: F401

# A small site in every language (tests/world_support.py).
pytestmark = pytest.mark.usefixtures("world")

# The shared fixtures (tests/page_cache_support.py), found here by pytest.
page_cache = page_cache_support.page_cache


@pytest.fixture
def redis_page_cache(real_redis, settings):  # noqa: F811
    settings.PAGE_CACHE_SECONDS = 600


# --- What is kept, and what a hit costs ---------------------------------------------------------


@pytest.mark.django_db
def test_a_page_is_rendered_once_then_served_from_the_cache(page_cache, employee_client, site_tree):
    url = site_tree["en"].url
    first = employee_client.get(url)
    second = employee_client.get(url)
    assert (first.status_code, first[HEADER]) == (200, "miss")
    assert (second.status_code, second[HEADER]) == (200, "hit")
    # The same page, apart from what is filled per response.
    strip = re.compile(r'(nonce="[^"]+"|name="csrfmiddlewaretoken" value="[^"]+")')
    assert strip.sub("", text(first)) == strip.sub("", text(second))
    assert second["Content-Type"] == first["Content-Type"]
    assert "no-store" in second["Cache-Control"] and "private" in second["Cache-Control"]


@pytest.mark.django_db
def test_every_page_type_is_cached_and_a_hit_costs_at_most_two_queries(
    page_cache, employee_client, site_tree
):
    from campaigns.models import CampaignIndexPage, CampaignPage
    from cms.support.models import SupportPage
    from library.models import LibraryIndexPage, PlaylistPage

    for model in (
        LibraryIndexPage,
        PodcastShowPage,
        EpisodePage,
        PlaylistPage,
        CampaignIndexPage,
        CampaignPage,
        SupportPage,
    ):
        page = model.objects.live().filter(locale__language_code="en").first()
        assert employee_client.get(page.url)[HEADER] == "miss", model
        with CaptureQueriesContext(connection) as queries:
            assert employee_client.get(page.url)[HEADER] == "hit", model
        assert len(queries) <= 2, (model, [query["sql"] for query in queries])


@pytest.mark.django_db
def test_a_hit_costs_at_most_two_queries(page_cache, employee_client, site_tree):
    url = an_episode().url
    employee_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = employee_client.get(url)
    assert response[HEADER] == "hit"
    assert len(queries) <= 2, [query["sql"] for query in queries]
    # Never the user: the viewer's profile comes from the cache, checked against the session.
    assert not any("auth_user" in query["sql"] for query in queries)


@pytest.mark.django_db
def test_a_hit_costs_no_query_with_cached_sessions(page_cache, settings, client, employee):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(employee)
    url = an_episode().url
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response[HEADER] == "hit"
    assert len(queries) == 0, [query["sql"] for query in queries]


@pytest.mark.django_db
def test_tracking_parameters_share_the_entry_other_queries_have_their_own(
    page_cache, employee_client, site_tree
):
    url = site_tree["en"].url
    employee_client.get(url)
    assert employee_client.get(url + "?utm_source=launch-mail")[HEADER] == "hit"
    assert employee_client.get(url + "?page=2")[HEADER] == "miss"
    assert employee_client.get(url + "?page=2")[HEADER] == "hit"


@pytest.mark.django_db
def test_tracking_parameters_are_never_echoed_into_a_shared_page(page_cache, employee_client):
    show = PodcastShowPage.objects.live().filter(locale__language_code="en").first()
    response = employee_client.get(show.url + "?utm_source=mail&mc_eid=recipient-4711&page=1")
    assert response[HEADER] == "miss"
    assert "recipient-4711" not in text(response) and "utm_source" not in text(response)


@pytest.mark.django_db
def test_turned_off_with_zero_seconds(settings, employee_client, site_tree):
    settings.PAGE_CACHE_SECONDS = 0
    response = employee_client.get(site_tree["en"].url)
    assert response.status_code == 200 and HEADER not in response


# --- Drafts and previews ------------------------------------------------------------------------


@pytest.mark.django_db
def test_drafts_and_previews_are_never_cached(page_cache, employee_client, employee, rf):
    episode = an_episode()
    live_title = episode.title
    episode.title = "A draft title nobody approved"
    episode.save_revision()
    assert escape(live_title) in text(employee_client.get(episode.url))

    request = rf.get("/")
    request.user = employee
    request.session = employee_client.session
    preview = episode.get_latest_revision_as_object().make_preview_request(request)
    assert "A draft title nobody approved" in preview.content.decode()
    assert preview.get(HEADER) != "miss"

    again = employee_client.get(episode.url)
    assert again[HEADER] == "hit"
    assert "A draft title nobody approved" not in text(again)


@pytest.mark.django_db
def test_post_and_non_page_views_are_not_cached(page_cache, employee_client, site_tree):
    from django.urls import reverse

    search = employee_client.get(reverse("search") + "?q=sleep")
    assert HEADER not in search
    assert employee_client.post(site_tree["en"].url).get(HEADER) != "hit"


# --- A cache outage -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_redis_outage_serves_pages_uncached(settings, employee_client, site_tree):
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {"default": redis_cache_settings(f"redis://127.0.0.1:{free_port()}/0")}
    for _attempt in range(2):
        response = employee_client.get(site_tree["en"].url)
        assert response.status_code == 200
        assert response[HEADER] == "miss"
        assert CSRF_PLACEHOLDER not in text(response) and NONCE_PLACEHOLDER not in text(response)


@pytest.mark.django_db
def test_pages_are_shared_and_invalidated_through_redis(redis_page_cache, employee_client):
    episode = an_episode()
    assert employee_client.get(episode.url)[HEADER] == "miss"
    assert employee_client.get(episode.url)[HEADER] == "hit"
    line = crisis_line()
    line.phone_number = "+44 800 000 9876"
    line.save_revision().publish()
    response = employee_client.get(episode.url)
    assert response[HEADER] == "miss" and "+44 800 000 9876" in text(response)
