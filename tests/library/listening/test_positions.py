"""Listening positions: writing and reading them through the JSON endpoints, and who may call."""

import pytest
from wagtail.models import PageViewRestriction

from cms.core.factories import UserFactory
from library.listening.models import ListeningPosition
from tests.library.listening.conftest import client_for, rows_snapshot, save_position, state

# --- Writing and reading a position --------------------------------------------------------


def test_a_saved_position_comes_back_in_the_state(alice_client, alice, episode):
    response = save_position(alice_client, episode.pk, 245.5, 600)
    assert response.status_code == 200
    assert response.json() == {"stored": True, "position": 245.5, "finished": False}
    assert response["Cache-Control"] == "private, no-store"

    response = state(alice_client, episodes=[episode.pk], pages=[episode.pk])
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    data = response.json()
    assert data["episodes"] == {
        str(episode.pk): {"position": 245.5, "duration": 600.0, "finished": False}
    }
    assert data["remember_history"] is True
    assert data["saved"] == []
    [item] = data["continue_listening"]
    assert item["title"] == "Rest is not a reward"
    assert item["url"] == episode.url
    assert item["show"] == "Calm Corner"
    assert item["position"] == 245.5

    # A second save updates the one row (unique listener x episode).
    save_position(alice_client, episode.pk, 300, 600)
    assert ListeningPosition.objects.get(user=alice, episode=episode).position_seconds == 300
    assert ListeningPosition.objects.filter(user=alice).count() == 1


@pytest.mark.parametrize(
    ("position", "duration", "flag", "finished"),
    [
        (100, 600, "0", False),
        (571, 600, "0", True),  # the last 30 seconds
        (569, 600, "0", False),
        (96, 100, "0", True),  # past 95%
        (20, 30, "0", False),  # a 30-second piece is not finished 10 seconds in
        (28.5, 30, "0", True),
        (10, 600, "1", True),  # the player says it ended
    ],
)
def test_near_the_end_counts_as_finished(alice_client, episode, position, duration, flag, finished):
    response = save_position(alice_client, episode.pk, position, duration, finished=flag)
    assert response.json()["finished"] is finished
    assert ListeningPosition.objects.get(episode=episode).finished is finished


def test_finished_episodes_are_not_in_continue_listening(alice_client, episode, second_episode):
    save_position(alice_client, episode.pk, 599, 600)
    save_position(alice_client, second_episode.pk, 30, 600)
    data = state(alice_client).json()
    assert [item["title"] for item in data["continue_listening"]] == ["Second wind"]


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"episode": "", "position": "10", "duration": "600"}, 400),
        ({"episode": "abc", "position": "10", "duration": "600"}, 400),
        ({"episode": "-5", "position": "10", "duration": "600"}, 400),
        ({"episode": "0", "position": "10", "duration": "600"}, 400),
        ({"episode": "99999999", "position": "10", "duration": "600"}, 404),
        ({"episode": "EPISODE", "position": "-1", "duration": "600"}, 400),
        ({"episode": "EPISODE", "position": "ten", "duration": "600"}, 400),
        ({"episode": "EPISODE", "position": "NaN", "duration": "600"}, 400),
        ({"episode": "EPISODE", "position": "Infinity", "duration": "600"}, 400),
        ({"episode": "EPISODE", "position": "1e400", "duration": "600"}, 400),
        ({"episode": "EPISODE", "position": "99999999", "duration": "600"}, 400),
        ({"episode": "EPISODE", "position": "700", "duration": "600"}, 400),
        ({"episode": "EPISODE", "position": "10", "duration": "0"}, 400),
        ({"episode": "EPISODE", "position": "10", "duration": "nan"}, 400),
        ({"episode": "EPISODE", "position": "10"}, 400),
        ({"episode": "EPISODE", "duration": "600"}, 400),
        ({"episode": "EPISODE", "position": "1" * 30, "duration": "600"}, 400),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(alice_client, episode, fields, status):
    fields = {
        key: str(episode.pk) if value == "EPISODE" else value for key, value in fields.items()
    }
    before = rows_snapshot()
    response = alice_client.post("/listening/position/", fields)
    assert response.status_code == status
    assert "error" in response.json()
    assert rows_snapshot() == before


def test_pages_a_listener_may_not_hear_are_refused(
    alice_client, show, draft_episode, private_episode, playlist
):
    before = rows_snapshot()
    for page in (draft_episode, private_episode, show, playlist):
        response = save_position(alice_client, page.pk, 10)
        assert response.status_code == 404, page
        assert response.json() == {"error": "no such episode"}
    for page in (draft_episode, private_episode, show):
        response = alice_client.post("/listening/saved/", {"page": page.pk, "saved": "1"})
        assert response.status_code == 404, page
    assert rows_snapshot() == before


def test_a_member_of_the_group_may_save_a_restricted_episode(
    role_users, private_episode, team_group
):
    lead = UserFactory(username="lead", groups=[team_group])
    for user in (lead, role_users["Administrators"]):  # a member, and a superuser
        assert save_position(client_for(user), private_episode.pk, 10).status_code == 200


def test_an_unpublished_episode_leaves_continue_listening(alice_client, episode):
    save_position(alice_client, episode.pk, 100)
    episode.unpublish()
    data = state(alice_client, episodes=[episode.pk]).json()
    assert data["continue_listening"] == []


def test_an_episode_made_private_leaves_continue_listening(alice_client, episode, team_group):
    save_position(alice_client, episode.pk, 100)
    restriction = PageViewRestriction.objects.create(
        page=episode, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(team_group)
    assert state(alice_client).json()["continue_listening"] == []
    assert episode.title not in alice_client.get("/en/my-listening/").content.decode()


# --- Who may call -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/listening/state/"),
        ("post", "/listening/position/"),
        ("post", "/listening/saved/"),
        ("post", "/listening/clear/"),
        ("post", "/listening/history/"),
    ],
)
def test_anonymous_visitors_get_a_json_401_not_a_login_page(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 401
    assert response.json() == {"error": "login required"}
    assert response["Cache-Control"] == "private, no-store"


def test_my_listening_needs_login(client):
    response = client.get("/en/my-listening/")
    assert response.status_code == 302
    assert "/en/login/" in response["Location"]


def test_writes_need_the_csrf_token_in_a_header_or_the_form_body(alice, episode):
    client = client_for(alice, enforce_csrf=True)
    token = state(client).cookies["csrftoken"].value  # the state request sets the cookie

    response = save_position(client, episode.pk, 10)
    assert response.status_code == 403
    assert response.json() == {"error": "CSRF check failed"}
    assert not ListeningPosition.objects.exists()

    # fetch(): the X-CSRFToken header.
    response = client.post(
        "/listening/position/",
        {"episode": episode.pk, "position": 10, "duration": 600},
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200
    # navigator.sendBeacon(): no headers, the token in the form body.
    response = client.post(
        "/listening/position/",
        {"episode": episode.pk, "position": 20, "duration": 600, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 200
    assert ListeningPosition.objects.get(user=alice).position_seconds == 20

    for url in ("/listening/clear/", "/listening/history/", "/listening/saved/"):
        assert client.post(url, {"remember": "0", "page": episode.pk}).status_code == 403
    assert ListeningPosition.objects.filter(user=alice).exists()


def test_wrong_methods_are_refused_as_json(alice_client):
    response = alice_client.get("/listening/position/")
    assert response.status_code == 405
    assert response.json() == {"error": "method not allowed"}
    assert alice_client.post("/listening/state/").status_code == 405


@pytest.mark.parametrize(
    "query",
    [
        {"episodes": "1,abc"},
        {"episodes": "-1"},
        {"pages": "1,,2"},
        {"episodes": ",".join(["1"] * 201)},
    ],
)
def test_the_state_refuses_bad_id_lists(alice_client, query):
    response = alice_client.get("/listening/state/", query)
    assert response.status_code == 400
    assert "error" in response.json()
