"""The page cache lets go at once: publishing, crisis numbers, moves, schedules, translations."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Page

from cms.core.factories import StandardPageFactory, UserFactory
from library.models import EpisodePage
from tests import page_cache_support
from tests.page_cache_support import HEADER, an_episode, crisis_line, text
from tests.world_support import module_world_fixture, world_fixture  # noqa: F401

# A small site in every language (tests/world_support.py).
pytestmark = pytest.mark.usefixtures("world")

# The shared fixtures (tests/page_cache_support.py), found here by pytest.
page_cache = page_cache_support.page_cache


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
