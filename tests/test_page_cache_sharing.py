"""The page cache: who shares an entry, and nothing personal in the cached body."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from cms.core.factories import UserFactory
from cms.core.page_cache import CSRF_PLACEHOLDER, NONCE_PLACEHOLDER
from library.models import PodcastShowPage
from tests import page_cache_support
from tests.page_cache_support import HEADER, an_episode, text
from tests.world_support import module_world_fixture, world_fixture  # noqa: F401

# A small site in every language (tests/world_support.py).
pytestmark = pytest.mark.usefixtures("world")

# The shared fixtures (tests/page_cache_support.py), found here by pytest.
page_cache, team_leads_section = (
    page_cache_support.page_cache,
    page_cache_support.team_leads_section,
)


# --- Who shares an entry ------------------------------------------------------------------------


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
    refused = plain.get(section.url)  # told the page is for a group (tests/test_refused_pages.py)
    assert refused.status_code == 403 and "Team leads corner" not in text(refused)


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
