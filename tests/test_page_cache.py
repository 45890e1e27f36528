"""The page cache (cms/core/page_cache.py): what it keeps, for whom, and when it lets go.

Test settings turn it off (PAGE_CACHE_SECONDS = 0) so every other test measures a real render;
the `page_cache` fixture turns it on with the in-process cache, `redis_page_cache` with Redis
(db 15, REDIS_URL_FOR_TESTS).
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Page, PageViewRestriction

from cms.core.factories import StandardPageFactory, UserFactory
from cms.core.page_cache import CSRF_PLACEHOLDER, NONCE_PLACEHOLDER
from cms.settings.base import redis_cache_settings
from cms.support.models import Helpline
from library.models import EpisodePage, PodcastShowPage
from tests.conftest import free_port
from tests.test_cache import REDIS_URL, real_redis  # noqa: F401  (fixture)

HEADER = "X-Page-Cache"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def redis_page_cache(real_redis, settings):  # noqa: F811
    settings.PAGE_CACHE_SECONDS = 600


def crisis_line(language="en"):
    return Helpline.objects.filter(
        locale__language_code=language, live=True, is_crisis_line=True
    ).first()


def an_episode(language="en"):
    return EpisodePage.objects.live().filter(locale__language_code=language).first()


def text(response):
    return response.content.decode()


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


# --- Who shares an entry ------------------------------------------------------------------------


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


@pytest.mark.django_db
def test_viewers_with_different_restriction_groups_never_share_a_page(
    page_cache, team_leads_section, employee, site_tree
):
    section, group = team_leads_section
    lead = UserFactory(username="lead", groups=[group, *employee.groups.all()])
    plain, leading = Client(), Client()
    plain.force_login(employee)
    leading.force_login(lead)
    home = site_tree["en"].url

    plain_first = plain.get(home)
    lead_first = leading.get(home)
    assert (plain_first[HEADER], lead_first[HEADER]) == ("miss", "miss")
    assert "Team leads corner" not in text(plain_first)
    assert "Team leads corner" in text(lead_first)
    assert "Team leads corner" not in text(plain.get(home))
    assert "Team leads corner" in text(leading.get(home))

    # The restricted page itself: cached for the lead, never handed to the employee.
    assert leading.get(section.url)[HEADER] == "miss"
    assert leading.get(section.url)[HEADER] == "hit"
    refused = plain.get(section.url)
    assert refused.status_code == 302 and "/login/" in refused["Location"]


@pytest.mark.django_db
def test_employees_in_groups_no_restriction_names_share_one_entry(page_cache, employee, site_tree):
    other = UserFactory(username="other-employee", groups=list(employee.groups.all()))
    other.groups.add(Group.objects.create(name="Book club"))
    first, second = Client(), Client()
    first.force_login(employee)
    second.force_login(other)
    assert first.get(site_tree["en"].url)[HEADER] == "miss"
    assert second.get(site_tree["en"].url)[HEADER] == "hit"


@pytest.mark.django_db
def test_joining_a_restriction_group_takes_effect_at_once(
    page_cache, team_leads_section, employee_client, employee, site_tree
):
    _section, group = team_leads_section
    home = site_tree["en"].url
    assert "Team leads corner" not in text(employee_client.get(home))
    employee.groups.add(group)
    assert "Team leads corner" in text(employee_client.get(home))


@pytest.mark.django_db
def test_people_with_admin_access_always_get_a_fresh_page(page_cache, client, role_users):
    client.force_login(role_users["Editors"])
    url = an_episode().url
    assert client.get(url)[HEADER] == "skip"
    assert client.get(url)[HEADER] == "skip"


@pytest.mark.django_db
def test_a_changed_password_ends_cached_pages_for_the_old_session(
    page_cache, employee_client, employee
):
    url = an_episode().url
    employee_client.get(url)
    employee.set_password("a-new-secret-passphrase")
    employee.save()
    response = employee_client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
def test_a_deactivated_account_gets_no_cached_page(page_cache, employee_client, employee):
    url = an_episode().url
    employee_client.get(url)
    employee.is_active = False
    employee.save()
    assert employee_client.get(url).status_code == 302


# --- Nothing personal in the cached body ----------------------------------------------------------


@pytest.mark.django_db
def test_per_listener_parts_never_reach_another_listener(page_cache, site_tree, employee):
    other = UserFactory(username="second-listener", groups=list(employee.groups.all()))
    first, second = Client(), Client()
    first.force_login(employee)
    second.force_login(other)
    show = PodcastShowPage.objects.live().filter(locale__language_code="en").first()

    mine = first.get(show.url)
    theirs = second.get(show.url)
    assert (mine[HEADER], theirs[HEADER]) == ("miss", "hit")
    for response, user, someone_else in ((mine, employee, other), (theirs, other, employee)):
        body = text(response)
        assert CSRF_PLACEHOLDER not in body and NONCE_PLACEHOLDER not in body
        assert someone_else.username not in body and user.username not in body
        # Each listener's form carries a token of their own CSRF secret, set as their cookie.
        secret = response.cookies["csrftoken"].value
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        assert tokens and all(_unmask_cipher_token(token) == secret for token in tokens)
        # The page's nonce is the one in this response's policy.
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        assert f'nonce="{nonce}"' in body
    assert mine.cookies["csrftoken"].value != theirs.cookies["csrftoken"].value
    # Stored with the stand-ins, never a token or a nonce.
    stored = [value for value in cache._cache.values() if CSRF_PLACEHOLDER.encode() in value]
    assert stored
    for response in (mine, theirs):
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        assert not any(nonce.encode() in value for value in stored)
        assert not any(response.cookies["csrftoken"].value.encode() in value for value in stored)


@pytest.mark.django_db
def test_the_csrf_cookie_is_set_on_a_hit(page_cache, employee_client, site_tree):
    url = site_tree["en"].url
    employee_client.get(url)
    employee_client.cookies.pop("csrftoken", None)
    response = employee_client.get(url)
    assert response[HEADER] == "hit"
    assert response.cookies["csrftoken"].value


@pytest.mark.django_db
def test_a_new_feed_address_is_shown_once_and_never_cached(page_cache, employee_client):
    show = PodcastShowPage.objects.live().filter(locale__language_code="en").first()
    assert employee_client.get(show.url)[HEADER] == "miss"
    employee_client.post("/feeds/reset-token/", {"next": show.url})
    personal = employee_client.get(show.url)
    assert personal[HEADER] == "skip"
    feed_url = re.search(r'id="personal-feed-url"[^>]*value="([^"]+)"', text(personal)).group(1)
    after = employee_client.get(show.url)
    assert after[HEADER] == "hit"
    assert feed_url not in text(after)


@pytest.mark.django_db
def test_pending_messages_are_shown_from_a_fresh_page(page_cache, employee_client):
    show = PodcastShowPage.objects.live().filter(locale__language_code="en").first()
    employee_client.post("/feeds/reset-token/", {"next": show.url})  # first address: no message
    employee_client.get(show.url)
    employee_client.post("/feeds/reset-token/", {"next": show.url})  # a reset: a message
    response = employee_client.get(show.url)
    assert response[HEADER] == "skip"
    assert "The old one no longer works" in text(response)
    assert "The old one no longer works" not in text(employee_client.get(show.url))


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


# --- Invalidation -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_published_page_change_shows_on_the_next_request(page_cache, employee_client):
    episode = an_episode()
    employee_client.get(episode.url)
    episode.title = "A freshly published title"
    episode.save_revision().publish()
    response = employee_client.get(episode.url)
    assert response[HEADER] == "miss"
    assert "A freshly published title" in text(response)


@pytest.mark.django_db
def test_a_changed_crisis_number_shows_on_every_page_next_request(
    page_cache, employee_client, site_tree
):
    urls = [site_tree["en"].url, an_episode().url, an_episode("sv").url, site_tree["de"].url]
    for url in urls:
        employee_client.get(url)
        assert employee_client.get(url)[HEADER] == "hit"
    line = crisis_line()
    line.phone_number = "+44 800 000 1234"
    line.save_revision().publish()
    for url in urls:
        response = employee_client.get(url)
        assert response[HEADER] == "miss", url
    assert "+44 800 000 1234" in text(employee_client.get(urls[0]))
    assert "+44 800 000 1234" in text(employee_client.get(urls[1]))


@pytest.mark.django_db
def test_unpublish_move_and_delete_take_effect_at_once(page_cache, employee_client, site_tree):
    from library.models import LibraryIndexPage

    episode = an_episode()
    show = episode.get_parent()
    employee_client.get(show.url)
    employee_client.get(episode.url)
    episode.unpublish()
    assert employee_client.get(episode.url).status_code == 404
    assert escape(episode.title) not in text(employee_client.get(show.url))

    page = StandardPageFactory(parent=site_tree["en"], title="Moving page", slug="moving")
    page.save_revision().publish()
    old_url = page.url
    assert employee_client.get(old_url).status_code == 200
    page.move(LibraryIndexPage.objects.get(locale__language_code="en"), pos="last-child")
    moved = employee_client.get(old_url)
    assert moved.status_code != 200 and moved.get(HEADER) != "hit"  # a redirect or 404

    employee_client.get(show.url)
    other = EpisodePage.objects.live().child_of(show).first()
    other_title = other.title
    Page.objects.get(pk=other.pk).delete()
    assert escape(other_title) not in text(employee_client.get(show.url))


@pytest.mark.django_db
def test_scheduled_publishing_and_expiry_take_effect_at_once(page_cache, employee_client):
    episode = an_episode()
    employee_client.get(episode.url)
    episode.title = "Goes live on schedule"
    revision = episode.save_revision()
    revision.approved_go_live_at = timezone.now() - timezone.timedelta(minutes=1)
    revision.save()
    assert employee_client.get(episode.url)[HEADER] == "hit"
    call_command("publish_scheduled", verbosity=0)
    assert "Goes live on schedule" in text(employee_client.get(episode.url))

    EpisodePage.objects.filter(pk=episode.pk).update(
        expire_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    employee_client.get(episode.url)
    call_command("publish_scheduled", verbosity=0)
    assert employee_client.get(episode.url).status_code == 404


@pytest.mark.django_db
def test_a_published_translation_shows_at_once(page_cache, employee_client):
    episode = an_episode("sv")
    employee_client.get(episode.url)
    episode.title = "En ny svensk titel"
    episode.save_revision().publish()
    assert "En ny svensk titel" in text(employee_client.get(episode.url))


@pytest.mark.django_db
def test_listening_and_logins_do_not_invalidate(page_cache, employee_client, employee, client):
    url = an_episode().url
    employee_client.get(url)
    other = Client()
    other.force_login(UserFactory(username="just-logged-in"))
    employee.last_login = timezone.now()
    employee.save(update_fields=["last_login"])
    assert employee_client.get(url)[HEADER] == "hit"


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
