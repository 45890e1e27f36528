"""Listening fixtures and helpers: two listeners, episodes they may or may not hear, the API."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from wagtail.models import PageViewRestriction

from cms.core.factories import UserFactory
from library.factories import EpisodePageFactory, PlaylistPageFactory
from library.listening.models import ListeningPosition, ListeningPreference, SavedItem
from library.models import PlaylistItem
from tests.library.conftest import publish

LISTENING_MODELS = (ListeningPosition, SavedItem, ListeningPreference)


@pytest.fixture(autouse=True)
def _fresh_cards():
    # The card cache is shared (locmem in tests); ids can repeat between rolled-back tests.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def employees_group(role_users):
    return Group.objects.get(name="Employees")


@pytest.fixture
def alice(employees_group):
    return UserFactory(username="alice", groups=[employees_group])


@pytest.fixture
def bob(employees_group):
    return UserFactory(username="bob", groups=[employees_group])


def client_for(user, enforce_csrf=False):
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice):
    return client_for(alice)


@pytest.fixture
def bob_client(bob):
    return client_for(bob)


@pytest.fixture
def second_episode(show):
    return publish(EpisodePageFactory(parent=show, title="Second wind"))


@pytest.fixture
def draft_episode(show):
    return EpisodePageFactory(parent=show, title="Not yet", live=False)


@pytest.fixture
def team_group():
    return Group.objects.create(name="Team leads")


@pytest.fixture
def private_episode(show, team_group):
    """Live, but only for the "Team leads" group."""
    page = publish(EpisodePageFactory(parent=show, title="For the team only"))
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(team_group)
    return page


@pytest.fixture
def playlist(library_index, episode):
    playlist = PlaylistPageFactory(parent=library_index, title="Evening calm", slug="evening-calm")
    PlaylistItem.objects.create(playlist=playlist, episode=episode, sort_order=0)
    return publish(playlist)


def save_position(client, episode_id, position, duration=600, **extra):
    return client.post(
        "/listening/position/",
        {"episode": episode_id, "position": position, "duration": duration, **extra},
    )


def state(client, episodes=(), pages=(), lang="en"):
    return client.get(
        "/listening/state/",
        {
            "episodes": ",".join(str(pk) for pk in episodes),
            "pages": ",".join(str(pk) for pk in pages),
            "lang": lang,
        },
    )


def rows_snapshot():
    return [list(model.objects.values()) for model in LISTENING_MODELS]
